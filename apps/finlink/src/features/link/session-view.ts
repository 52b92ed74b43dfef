import type { CreateLinkSessionResponse, LinkEntity, LinkSession } from "@finlink/contracts";
import type { Services } from "../../services";
import type { LinkRedirect } from "./link-redirect";
import {
  readChallenge,
  readSealed,
  type SessionRow,
  sessionChallenge,
  sessionOperation,
  sessionParams,
  sessionStep,
} from "./link-session";

type SessionFields = Omit<CreateLinkSessionResponse, "sessionToken">;

/** What the widget needs to draw its first screen, common to the create and read answers. */
export async function sessionFields(
  services: Services,
  session: SessionRow,
  redirect: LinkRedirect,
): Promise<SessionFields> {
  const params = sessionParams(session);
  const fixed = session.entityId ? services.connectors.find(session.entityId)?.entity : undefined;
  const entity: LinkEntity | undefined = fixed && (await services.connectors.linkEntity(fixed));
  return {
    expiresAt: session.expiresAt.toISOString(),
    app: { name: redirect.appName, privacyPolicyUrl: redirect.privacyPolicyUrl, termsUrl: redirect.termsUrl },
    redirectOrigin: new URL(redirect.uri).origin,
    operation: sessionOperation(session),
    product: params.product,
    entity: entity ?? null,
    fixedUsername: readSealed(services, session)?.fixedUsername ?? null,
    lang: params.lang,
    theme: params.theme,
  };
}

function challengeOf(services: Services, session: SessionRow) {
  const pending = readChallenge(services, session);
  return pending ? sessionChallenge(pending.challenge, session.failedAttempts) : null;
}

/** The session as `GET /api/v1/link/session` shows it: enough to resume after a reload. */
export async function sessionView(
  services: Services,
  session: SessionRow,
  redirect: LinkRedirect,
): Promise<LinkSession> {
  return {
    ...(await sessionFields(services, session, redirect)),
    step: sessionStep(session),
    challenge: challengeOf(services, session),
  };
}
