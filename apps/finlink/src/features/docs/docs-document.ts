import type { Config } from "../../config";
import { SANDBOX_DEFAULTS } from "../../config";
import { GUIDES, guidePath } from "./guides";

const DESCRIPTION =
  "A self-hostable implementation of the Vumi Finlink API: apps log in, start Link, exchange the one-time publicToken for a connectionToken and read the extracted data.\n\n" +
  "Errors are RFC 9457 `application/problem+json`. No string input (body, path, query or header) may hold a control character (U+0000–U+001F, U+007F–U+009F): such a request is refused with 400, as is a body that is not JSON (415 when it is not sent as JSON, 413 beyond 64 KiB). Unknown query parameters and unknown body fields are ignored, so clients may send ones a later version reads. Every answer carries `X-Request-ID` and, from `/api`, `Cache-Control: no-store` (the public verification key aside).";

const guideList = () => GUIDES.map((guide) => `- [${guide.title}](${guidePath(guide.slug)})`).join("\n");

/**
 * The sandbox demo app's credentials for trying calls, or undefined outside sandbox mode. A secret the
 * operator chose is not published (a shared sandbox may want it private): only the well-known one is.
 */
export function sandboxCredentials(config: Config): { clientId: string; clientSecret: string } | undefined {
  const { sandbox } = config;
  if (!sandbox.enabled) return undefined;
  const known = sandbox.clientSecret === SANDBOX_DEFAULTS.clientSecret;
  return { clientId: sandbox.clientId, clientSecret: known ? sandbox.clientSecret : "<FINLINK_SANDBOX_CLIENT_SECRET>" };
}

/** The document's `info`: what the API is, the guides, and in sandbox mode how to try a call here. */
export function documentInfo(config: Config) {
  const credentials = sandboxCredentials(config);
  const tryIt = credentials
    ? "\n\n## Try it in the sandbox\n\n" +
      `This server runs in sandbox mode, with a demo app (client id \`${credentials.clientId}\`). ` +
      "Open **Log in as an app** and send it: its example body carries the demo app's credentials. " +
      "Copy the `token` of the answer into the authentication box (Bearer) and every other call works: " +
      "`POST /api/v1/sandbox/public-token` makes a connection without a browser (its example signs in as `user_good` at `sandbox_bank`), " +
      "then exchange the publicToken and read the data. The sandbox users are in the guide below."
    : "";
  return {
    title: "Finlink API",
    version: "1.0.0",
    description: `${DESCRIPTION}\n\n## Guides\n\n${guideList()}${tryIt}`,
  };
}

interface JsonBody {
  content?: Record<string, { examples?: Record<string, { summary: string; value: unknown }> }>;
}
interface Document {
  paths?: Record<string, Record<string, { requestBody?: JsonBody }>>;
}

function setExample(document: Document, path: string, summary: string, value: unknown) {
  const content = document.paths?.[path]?.post?.requestBody?.content?.["application/json"];
  if (content) content.examples = { sandbox: { summary, value } };
}

/**
 * In sandbox mode, the bodies a newcomer sends first are prefilled: the login with the demo app's
 * credentials and the sandbox's public token with a user who just works. Outside it, nothing is added.
 */
export function withSandboxExamples<D extends object>(generated: D, config: Config): D {
  const credentials = sandboxCredentials(config);
  if (!credentials) return generated;
  const document = generated as Document;
  setExample(document, "/api/v1/auth/login", "The sandbox demo app", credentials);
  setExample(document, "/api/v1/sandbox/public-token", "A sandbox user with no second factor", {
    entity: "sandbox_bank",
    username: "user_good",
  });
  return generated;
}
