import { autoAnswer, createSandboxConnector } from "../apps/finlink/src/connectors/sandbox";
import { LINK_SESSION_HEADER } from "../apps/finlink/src/features/link/link-session";
import { credentialsFor } from "../apps/finlink/src/testing/credentials";
import { SANDBOX_APP } from "../e2e/servers";
import {
  BffConnection,
  BffLinkUrl,
  BffUser,
  Connection,
  CreateLinkSessionResponse,
  FinishLinkResponse,
  LinkSignInResponse,
  LoginResponse,
} from "../packages/contracts/src/index";
import { APP_URL, FINLINK_URL } from "./stack";

/** One READY connection, and what each status endpoint needs to read it. */
export interface ReadyConnection {
  /** `GET` it with `bffHeaders`: the BFF's status endpoint. */
  bffUrl: string;
  bffHeaders: Record<string, string>;
  /** `GET` it with `finlinkHeaders`: Finlink's own. */
  finlinkUrl: string;
  finlinkHeaders: Record<string, string>;
}

/** The answer's body, parsed by its contract, when its status is `expected`; an error naming both otherwise. */
async function json<T>(res: Response, expected: number, schema: { parse(value: unknown): T }): Promise<T> {
  if (res.status !== expected) throw new Error(`${res.url}: ${res.status}, not ${expected}: ${await res.text()}`);
  return schema.parse(await res.json());
}

/** The SPA's calls: same origin, JSON, the session cookie. */
function bffCall(cookie: string) {
  return (method: string, path: string, body?: unknown) =>
    fetch(`${APP_URL}${path}`, {
      method,
      headers: { origin: APP_URL, "content-type": "application/json", ...(cookie ? { cookie } : {}) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/** Link's calls as the widget makes them, from the start token to the redirect: answers the redirect's query. */
async function throughLink(linkUrl: string, entity: string, username: string): Promise<URLSearchParams> {
  const authToken = new URL(linkUrl).searchParams.get("authToken");
  if (!authToken) throw new Error(`no authToken in ${linkUrl}`);
  const post = (path: string, body: unknown, session?: string) =>
    fetch(`${FINLINK_URL}/api/v1/link/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(session ? { [LINK_SESSION_HEADER]: session } : {}) },
      body: JSON.stringify(body),
    });
  const { sessionToken } = await json(await post("sessions", { authToken }), 201, CreateLinkSessionResponse);
  const credentials = credentialsFor(createSandboxConnector().entities(), entity, username);
  let step = await json(
    await post("session/credentials", { entity, credentials }, sessionToken),
    200,
    LinkSignInResponse,
  );
  while (step.step === "MFA") {
    const answer = { challengeId: step.challenge.id, answer: autoAnswer(step.challenge) };
    step = await json(await post("session/mfa", answer, sessionToken), 200, LinkSignInResponse);
  }
  const finished = await json(await post("session/finish", {}, sessionToken), 200, FinishLinkResponse);
  return new URL(finished.redirectUrl).searchParams;
}

/**
 * What a user of the demo app does — sign in, add `sandbox_bank` through Link, wait for READY — over HTTP,
 * then the API token and the connectionToken (Finlink's list by `externalId`) for Finlink's own endpoint.
 */
export async function readyConnection(
  entity = "sandbox_bank",
  username = "user_good",
  timeoutMs = 120_000,
): Promise<ReadyConnection> {
  const signIn = await bffCall("")("POST", "/api/session", { name: "bench" });
  const user = await json(signIn.clone(), 200, BffUser);
  const cookie = signIn.headers.getSetCookie().map((c) => c.split(";")[0])[0];
  if (!cookie) throw new Error("the sign-in set no session cookie");
  const bff = bffCall(cookie);

  const { url } = await json(await bff("POST", "/api/link/start", { entity }), 200, BffLinkUrl);
  const redirect = await throughLink(url, entity, username);
  const exchange = { publicToken: redirect.get("publicToken"), state: redirect.get("state") };
  const exchanged = await json(await bff("POST", "/api/link/exchange", exchange), 201, BffConnection);
  const bffPath = `/api/connections/${exchanged.id}`;
  for (let status = exchanged.status, deadline = Date.now() + timeoutMs; status !== "READY"; ) {
    if (Date.now() > deadline) throw new Error(`the connection is still ${status} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
    ({ status } = await json(await bff("GET", bffPath), 200, BffConnection));
  }

  const { token } = await json(
    await fetch(`${FINLINK_URL}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clientId: SANDBOX_APP.clientId, clientSecret: SANDBOX_APP.clientSecret }),
    }),
    200,
    LoginResponse,
  );
  const finlinkHeaders = { authorization: `Bearer ${token}` };
  const listUrl = `${FINLINK_URL}/api/v1/queries/connections?externalId=${encodeURIComponent(user.id)}`;
  const listed = await json(await fetch(listUrl, { headers: finlinkHeaders }), 200, Connection.array());
  const connectionToken = listed.find((c) => c.status === "READY")?.credentialsToken;
  if (listed.length !== 1 || !connectionToken)
    throw new Error(`expected one READY connection: ${JSON.stringify(listed)}`);
  return {
    bffUrl: `${APP_URL}${bffPath}`,
    bffHeaders: { cookie },
    finlinkUrl: `${FINLINK_URL}/api/v1/queries/connections/${connectionToken}`,
    finlinkHeaders,
  };
}
