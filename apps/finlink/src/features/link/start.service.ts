import {
  type CreateLinkSessionRequest,
  type CreateLinkSessionResponse,
  type LinkStart,
  type Product,
  parseLinkStart,
} from "@finlink/contracts";
import { linkSessions } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { ApiError, badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import { findRedirect, type LinkRedirect } from "./link-redirect";
import { SESSION_TTL_MS, type Sealed, type SessionParams, sessionContext } from "./link-session";
import { sessionFields } from "./session-view";
import { verifyStartToken } from "./start-token";
import { findUpdateTarget, type UpdateRef, updateRefOf } from "./update-target";

/** What Link was asked to do, from a start token or from URL parameters. */
interface Start {
  redirect: LinkRedirect;
  product: Product;
  entityId: string | null;
  externalId: string | null;
  state: string | null;
  update: UpdateRef | null;
  /** Only from a start token: the user must not be able to widen them in the URL. */
  desiredOwners: string[] | null;
}

type TokenStart = Extract<LinkStart, { kind: "token" }>;
type ParamsStart = Extract<LinkStart, { kind: "params" }>;

const updateOf = (updateHash: string | null, restoreHash: string | null): UpdateRef | null => {
  if (updateHash) return { kind: "update", hash: updateHash };
  return restoreHash ? { kind: "restore", hash: restoreHash } : null;
};

async function startFromToken(services: Services, start: TokenStart): Promise<Start> {
  const claims = await verifyStartToken(services.keys, start.token).catch(() => {
    throw new ApiError(401, "Unauthorized", "The start token is invalid or expired: start the flow again", {
      reason: "INVALID_START_TOKEN",
    });
  });
  return {
    redirect: await findRedirect(services.database.db, claims.rid, claims.sub),
    product: claims.product,
    entityId: claims.entity,
    externalId: claims.ext,
    state: claims.state,
    update: updateOf(claims.updHash, claims.rstHash),
    desiredOwners: claims.owners,
  };
}

async function startFromParams(services: Services, start: ParamsStart): Promise<Start> {
  const redirect = await findRedirect(services.database.db, start.id);
  if (redirect.startFlowOnly) {
    throw new ApiError(403, "Forbidden", "This app opens Link only with tokens from start-flow", {
      reason: "START_FLOW_REQUIRED",
    });
  }
  let update: UpdateRef | null = null;
  if (start.update_token) update = updateRefOf("update", start.update_token);
  else if (start.restore_token) update = updateRefOf("restore", start.restore_token);
  return {
    redirect,
    // The request schema already refused a product that is not one.
    product: (start.product as Product | undefined) ?? "TRANSACTIONS",
    entityId: start.entity ?? null,
    externalId: start.external_id ?? null,
    state: start.state ?? null,
    update,
    desiredOwners: null,
  };
}

/** The start a session request names, read as the `/link` page reads its URL; 400 when it names none or two. */
function readStart(body: CreateLinkSessionRequest): LinkStart {
  const start = parseLinkStart(body);
  if (start.kind === "error") throw badRequest(start.message, { reason: start.reason });
  return start;
}

/**
 * Opens a Link session. A start token's claims win over URL parameters (the user cannot change them);
 * an update or restore token fixes the entity and the username to the connection's.
 */
export async function createSession(
  services: Services,
  body: CreateLinkSessionRequest,
): Promise<CreateLinkSessionResponse> {
  const requested = readStart(body);
  const start =
    requested.kind === "token" ? await startFromToken(services, requested) : await startFromParams(services, requested);
  const appId = start.redirect.appId;
  const target = start.update ? await findUpdateTarget(services, appId, start.update) : null;
  if (!target && start.entityId) requireEntity(services, start.entityId, start.product);
  const entityId = target?.entityId ?? start.entityId;

  const id = crypto.randomUUID();
  const sessionToken = randomToken("linkSession");
  const now = services.now();
  const sealed: Sealed | null = target ? { token: target.token, fixedUsername: target.fixedUsername } : null;
  const params: SessionParams = {
    product: start.product,
    externalId: start.externalId,
    state: start.state,
    lang: requested.lang ?? null,
    theme: requested.theme ?? null,
    sealed: sealed ? services.cipher.encryptJson(sealed, sessionContext(id, "params")) : null,
    entityFixed: entityId !== null,
    // A connection's owners are fixed when it is created: an update or restore keeps the connection's.
    desiredOwners: target ? null : start.desiredOwners,
  };
  const [session] = await services.database.db
    .insert(linkSessions)
    .values({
      id,
      tokenHash: sha256(sessionToken),
      appId,
      redirectId: start.redirect.id,
      operation: target ? "UPDATE" : "CONNECT",
      connectionId: target?.connectionId ?? null,
      params,
      entityId,
      step: entityId ? "CREDENTIALS" : "ENTITY",
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!session) throw new Error("link session insert returned no row");
  return { sessionToken, ...(await sessionFields(services, session, start.redirect)) };
}
