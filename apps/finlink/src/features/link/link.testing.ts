import type { Challenge, CreateLinkSessionResponse, FinishLinkResponse, LinkSignInResponse } from "@finlink/contracts";
import { autoAnswer, createSandboxConnector } from "../../connectors/sandbox";
import { credentialsFor } from "../../testing/credentials";
import type { TestContext } from "../../testing/test-context";
import { LINK_SESSION_HEADER } from "./link-session";

// The sandbox's entities, whose forms name the credential fields.
const entities = createSandboxConnector().entities();

export type LinkClient = Awaited<ReturnType<typeof openLink>>;

/** Opens a Link session as the widget does (URL parameters of app A's first redirect unless `body` says otherwise). */
export async function openLink(ctx: TestContext, body: Record<string, unknown> = { id: ctx.appA.redirects[0]?.id }) {
  const res = await ctx.request("POST", "/api/v1/link/sessions", { body });
  if (res.status !== 201) throw new Error(`link session failed: ${res.status} ${await res.text()}`);
  const session = (await res.json()) as CreateLinkSessionResponse;
  /** A Link API call with the session's header; `path` is relative to /api/v1/link/. */
  const call = (method: string, path: string, requestBody?: unknown) =>
    ctx.request(method, `/api/v1/link/${path}`, {
      body: requestBody,
      headers: { [LINK_SESSION_HEADER]: session.sessionToken },
    });
  return { ...session, call };
}

export const submitCredentials = (link: LinkClient, entity: string, username: string, password = "pass_good") =>
  link.call("POST", "session/credentials", {
    entity,
    credentials: credentialsFor(entities, entity, username, password),
  });

export const answerChallenge = (link: LinkClient, challenge: Challenge) =>
  link.call("POST", "session/mfa", { challengeId: challenge.id, answer: autoAnswer(challenge) });

/** Credentials, then every challenge answered as the sandbox user would, until AUTHENTICATED (or a failure). */
export async function signIn(link: LinkClient, entity: string, username: string): Promise<Response> {
  let res = await submitCredentials(link, entity, username);
  for (let body = (await res.clone().json()) as LinkSignInResponse; res.status === 200 && body.step === "MFA"; ) {
    res = await answerChallenge(link, body.challenge);
    body = (await res.clone().json()) as LinkSignInResponse;
  }
  return res;
}

/** The whole CONNECT flow through the Link API, then the exchange: what an integrator's user does. */
export async function connectThroughLink(
  ctx: TestContext,
  input: { entity: string; username: string; state?: string },
) {
  const link = await openLink(ctx, { id: ctx.appA.redirects[0]?.id, ...(input.state ? { state: input.state } : {}) });
  const signedIn = await signIn(link, input.entity, input.username);
  if (signedIn.status !== 200) throw new Error(`sign-in failed: ${signedIn.status} ${await signedIn.text()}`);
  const finished = await link.call("POST", "session/finish");
  if (finished.status !== 200) throw new Error(`finish failed: ${finished.status} ${await finished.text()}`);
  const finish = (await finished.json()) as FinishLinkResponse;
  const apiToken = await ctx.login(ctx.appA);
  const res = await ctx.request("POST", `/api/v1/commands/connections/exchange/${finish.publicToken}`, {
    token: apiToken,
  });
  if (res.status !== 200) throw new Error(`exchange failed: ${res.status} ${await res.text()}`);
  const { connectionToken, connectionId } = (await res.json()) as { connectionToken: string; connectionId: string };
  return { link, finish, apiToken, connectionToken, connectionId };
}

/** The redirect URL's query as an object. */
export const queryOf = (url: string) => Object.fromEntries(new URL(url).searchParams);
