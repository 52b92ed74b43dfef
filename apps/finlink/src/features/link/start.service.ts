import type { CreateLinkSessionRequest, CreateLinkSessionResponse, Product } from "@finlink/contracts";
import { linkSessions } from "../../db/schema";
import { randomToken, sha256 } from "../../lib/crypto";
import { ApiError, badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "./link-entities";
import { findRedirect, type LinkRedirect } from "./link-redirect";
import { SESSION_TTL_MS, type Sealed, type SessionParams, sessionContext } from "./link-session";
import { sessionFields } from "./session-view";
import { verifyStartToken } from "./start-token";
import { findUpdateTarget, type UpdateKind } from "./update-target";

/** What Link was asked to do, from a start token or from URL parameters. */
interface Start {
  redirect: LinkRedirect;
  product: Product;
  entityId: string | null;
  externalId: string | null;
  state: string | null;
  update: { kind: UpdateKind; token: string } | null;
}

const updateOf = (updateToken?: string | null, restoreToken?: string | null): Start["update"] => {
  if (updateToken) return { kind: "update", token: updateToken };
  return restoreToken ? { kind: "restore", token: restoreToken } : null;
};

async function startFromToken(services: Services, token: string): Promise<Start> {
  const claims = await verifyStartToken(services.keys, token).catch(() => {
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
    update: updateOf(claims.upd, claims.rst),
  };
}

async function startFromUrl(services: Services, body: CreateLinkSessionRequest): Promise<Start> {
  if (!body.id) {
    throw badRequest("Open Link with a start token (`authToken`) or a redirect id (`id`)", {
      reason: "START_REQUIRED",
    });
  }
  const redirect = await findRedirect(services.database.db, body.id);
  if (redirect.startFlowOnly) {
    throw new ApiError(403, "Forbidden", "This app opens Link only with tokens from start-flow", {
      reason: "START_FLOW_REQUIRED",
    });
  }
  return {
    redirect,
    product: body.product ?? "TRANSACTIONS",
    entityId: body.entity ?? null,
    externalId: body.external_id ?? null,
    state: body.state ?? null,
    update: updateOf(body.update_token, body.restore_token),
  };
}

/**
 * Opens a Link session. A start token's claims win over URL parameters (the user cannot change them);
 * an update or restore token fixes the entity and the username to the connection's.
 */
export async function createSession(
  services: Services,
  body: CreateLinkSessionRequest,
): Promise<CreateLinkSessionResponse> {
  const token = body.authToken ?? body.token;
  const start = token ? await startFromToken(services, token) : await startFromUrl(services, body);
  const appId = start.redirect.appId;
  const target = start.update ? await findUpdateTarget(services, appId, start.update.kind, start.update.token) : null;
  if (!target && start.entityId) requireEntity(services, start.entityId, start.product);
  const entityId = target?.entityId ?? start.entityId;

  const id = crypto.randomUUID();
  const sessionToken = randomToken("linkSession");
  const now = services.now();
  const sealed: Sealed | null =
    start.update && target ? { token: start.update.token, fixedUsername: target.fixedUsername } : null;
  const params: SessionParams = {
    product: start.product,
    externalId: start.externalId,
    state: start.state,
    lang: body.lang ?? null,
    theme: body.theme ?? null,
    sealed: sealed ? services.cipher.encryptJson(sealed, sessionContext(id, "params")) : null,
    entityFixed: entityId !== null,
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
  return { sessionToken, ...sessionFields(services, session, start.redirect) };
}
