import type { ErrorDetails, SandboxPublicTokenRequest, WebhookType } from "@finlink/contracts";
import { eq, sql } from "drizzle-orm";
import { type Credentials, identityField, secretField } from "../../connectors/connector";
import { SANDBOX_PASSWORD, signInAutomatically } from "../../connectors/sandbox";
import { connections } from "../../db/schema";
import { badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { findByConnectionToken } from "../connections/connections.service";
import { eraseData } from "../connections/maintenance.service";
import { issueUserToken } from "../connections/user-token";
import { requireEntity } from "../link/link-entities";
import { findRedirect } from "../link/link-redirect";
import { openConnection } from "../link/open-connection";
import { recordWebhook } from "../webhooks/outbox";

const PASSWORD_CHANGED: ErrorDetails = { reason: "INVALID_CREDENTIALS", type: "USER_ERROR", retryable: false };
const HAS_DATA = new Set(["READY", "UPDATE_ERROR", "UPDATING"]);

/** Signs in as a sandbox user, answering every challenge, and creates the connection Link would. */
export async function createSandboxPublicToken(
  services: Services,
  appId: string,
  body: SandboxPublicTokenRequest,
): Promise<{ publicToken: string }> {
  const { connector, entity } = requireEntity(services, body.entity);
  if (body.redirectId) await findRedirect(services.database.db, body.redirectId, appId);
  // `username` and `password` fill the entity's own form, whatever it names them (`dni` and `pin`, say).
  const credentials = {
    [identityField(entity)?.name ?? "username"]: body.username,
    [secretField(entity)?.name ?? "password"]: body.password ?? SANDBOX_PASSWORD,
  };
  const step = await signInAutomatically(connector, { entityId: body.entity, credentials, now: services.now() });
  if (step.kind === "error") {
    const { reason, retryable } = step.error;
    throw badRequest(`The sandbox sign-in failed: ${reason}`, { reason, retryable });
  }
  if (step.kind === "challenge") throw new Error("signInAutomatically left a challenge unanswered");
  const input = {
    appId,
    entityId: body.entity,
    externalId: body.externalId ?? null,
    // A redirect entity's connection keeps the bank's consent, not the password its page took.
    credentials: entity.signIn === "REDIRECT" ? (step.state as Credentials) : credentials,
    twoFactor: step.twoFactor,
  };
  const { publicToken } = await openConnection(services, input);
  return { publicToken };
}

/** Queues a webhook of `type` for the connection, with its current status. */
export async function fireWebhook(services: Services, appId: string, connectionToken: string, type: WebhookType) {
  const row = await findByConnectionToken(services.database.db, appId, connectionToken);
  const webhookId = await services.database.transaction((tx, sql) =>
    recordWebhook(services.jobs, tx, sql, {
      appId,
      type,
      connectionId: row.id,
      externalId: row.externalId,
      status: row.status,
      at: services.now(),
    }),
  );
  services.jobs.wake();
  return { webhookId };
}

/**
 * What a password change at the entity does: the stored credentials stop working, so the connection
 * waits for the user with a restore token (status, token and webhook in one transaction). The old
 * credentials stay stored until the restore replaces them: their username is what Link fixes, and no
 * unattended update uses them meanwhile (refresh answers 409, the daily update skips the connection).
 */
export async function resetLogin(services: Services, appId: string, connectionToken: string) {
  const row = await findByConnectionToken(services.database.db, appId, connectionToken);
  const status = HAS_DATA.has(row.status) ? "UPDATE_ERROR" : "ERRORED";
  const now = services.now();
  const { token: restoreToken, columns: restoreColumns } = issueUserToken(services.cipher, row.id, "restore", now);
  await services.database.transaction(async (tx, raw) => {
    await tx
      .update(connections)
      .set({
        status,
        errorDetails: PASSWORD_CHANGED,
        ...restoreColumns,
        // An extraction in flight signed in with the old password: a new run number makes it stop unwritten.
        syncRun: sql`${connections.syncRun} + 1`,
        updatedAt: now,
      })
      .where(eq(connections.id, row.id));
    // ERRORED means no data: a first extraction cut short may have stored some.
    if (status === "ERRORED") await eraseData(tx, row.id);
    const event = { appId, connectionId: row.id, externalId: row.externalId, at: now };
    await recordWebhook(services.jobs, tx, raw, { ...event, type: "RESTORE_TOKEN_GENERATED", status });
  });
  services.jobs.wake();
  return { connectionId: row.id, restoreToken };
}
