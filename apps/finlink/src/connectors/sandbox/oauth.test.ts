import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Connector, Credentials, ExtractBatch, LoginStep } from "../connector";
import { ConnectorRegistry } from "../registry";
import { createSandboxConnector, SandboxBank, s256 } from "./index";
import { CODE_TTL_MS, CONSENT_VALIDITY_MS } from "./oauth";
import { TEST_NOW } from "./test-support";

const ENTITY = "sandbox_bank_oauth";
const RETURN = "https://finlink.example/link/return";
const VERIFIER = randomBytes(32).toString("base64url");
const bank = new SandboxBank(randomBytes(32), "https://finlink.example");
const connector = createSandboxConnector({ timeScale: 0, bank });

const code = (challenge = s256(VERIFIER), redirectUri = RETURN, now = TEST_NOW) =>
  bank.issueCode({ entityId: ENTITY, user: "user_good", codeChallenge: challenge, redirectUri }, now);
const exchange = (
  input: Partial<{ code: string; codeVerifier: string; redirectUri: string; now: Date; entityId: string }>,
) =>
  connector.completeRedirect?.({
    entityId: input.entityId ?? ENTITY,
    code: input.code ?? code(),
    codeVerifier: input.codeVerifier ?? VERIFIER,
    redirectUri: input.redirectUri ?? RETURN,
    now: input.now ?? TEST_NOW,
  }) as Promise<LoginStep>;
const refused: LoginStep = {
  kind: "error",
  error: { reason: "INTERNAL_SERVER_ERROR", type: "VUMI_ERROR", retryable: true },
};

async function extractAll(credentials: Credentials, now = TEST_NOW): Promise<ExtractBatch[]> {
  const batches: ExtractBatch[] = [];
  const signal = new AbortController().signal;
  for await (const batch of connector.extract({ entityId: ENTITY, credentials, mode: "initial", now, signal })) {
    batches.push(batch);
  }
  return batches;
}

describe("the sandbox bank's code exchange (PKCE S256)", () => {
  it("exchanges a code with its verifier, for its redirect URI, in time: the bank's consent as credentials", async () => {
    const step = await exchange({});
    expect(step).toMatchObject({ kind: "ok", twoFactor: false });
    const consent = (step as { state: Credentials }).state;
    expect(consent).toMatchObject({
      user: "user_good",
      validUntil: new Date(TEST_NOW.getTime() + CONSENT_VALIDITY_MS).toISOString(),
    });
    expect(consent.consentId).toMatch(/^csn_[A-Za-z0-9_-]{22}$/);
    expect(Object.keys(consent).sort()).toEqual(["consentId", "user", "validUntil"]);
  });

  it("refuses another verifier, another redirect URI, another entity and a forged or altered code", async () => {
    expect(await exchange({ codeVerifier: randomBytes(32).toString("base64url") })).toEqual(refused);
    // The challenge itself is not the verifier: a code thief who saw the authorize URL still cannot redeem it.
    expect(await exchange({ codeVerifier: s256(VERIFIER) })).toEqual(refused);
    expect(await exchange({ redirectUri: "https://finlink.example/link/return/" })).toEqual(refused);
    expect(await exchange({ code: code(s256(VERIFIER), "https://evil.example/link/return") })).toEqual(refused);
    expect(await exchange({ entityId: "sandbox_bank" })).toEqual(refused);
    const genuine = code();
    expect(await exchange({ code: `${genuine.slice(0, -2)}AA` })).toEqual(refused);
    expect(await exchange({ code: "v1.x.y.z" })).toEqual(refused);
    // A code another deployment's bank sealed (another key) is not this bank's.
    const elsewhere = new SandboxBank(randomBytes(32), "https://finlink.example");
    const foreign = elsewhere.issueCode(
      { entityId: ENTITY, user: "user_good", codeChallenge: s256(VERIFIER), redirectUri: RETURN },
      TEST_NOW,
    );
    expect(await exchange({ code: foreign })).toEqual(refused);
  });

  it("exchanges a code up to 5 minutes after it was issued, not at 5 minutes", async () => {
    const issued = code();
    expect((await exchange({ code: issued, now: new Date(TEST_NOW.getTime() + CODE_TTL_MS - 1) })).kind).toBe("ok");
    expect(await exchange({ code: issued, now: new Date(TEST_NOW.getTime() + CODE_TTL_MS) })).toEqual(refused);
    expect(CODE_TTL_MS).toBe(5 * 60_000);
  });

  it("begins only for its redirect entity, at its own authorize page", async () => {
    const begun = await connector.beginRedirect?.({
      entityId: ENTITY,
      redirectUri: RETURN,
      state: "st",
      codeChallenge: s256(VERIFIER),
      lang: "en",
      now: TEST_NOW,
    });
    expect(begun?.kind).toBe("redirect");
    const url = new URL((begun as { authorizeUrl: string }).authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe("https://finlink.example/sandbox/oauth/authorize");
    expect(url.searchParams.get("lang")).toBe("en");
    const form = await connector.beginRedirect?.({
      entityId: "sandbox_bank",
      redirectUri: RETURN,
      state: "st",
      codeChallenge: "c",
      now: TEST_NOW,
    });
    expect(form?.kind).toBe("error");
  });
});

describe("extracting with the bank's consent", () => {
  it("extracts while the consent is valid, the same data each time, and refuses it once lapsed", async () => {
    const step = (await exchange({})) as { state: Credentials };
    const batches = await extractAll(step.state);
    expect(batches[0]?.accounts?.length).toBeGreaterThan(0);
    const again = (await exchange({})) as { state: Credentials };
    expect(await extractAll(again.state)).toEqual(batches);

    const lapse = new Date(TEST_NOW.getTime() + CONSENT_VALIDITY_MS);
    await expect(extractAll(step.state, new Date(lapse.getTime() - 1))).resolves.toHaveLength(batches.length);
    await expect(extractAll(step.state, lapse)).rejects.toMatchObject({ error: { reason: "INVALID_CREDENTIALS" } });
    await expect(extractAll({ ...step.state, user: "nobody" })).rejects.toMatchObject({
      error: { reason: "INVALID_CREDENTIALS" },
    });
    // A password is not a consent: the form's credentials do not extract at the redirect entity.
    await expect(extractAll({ username: "user_good", password: "pass_good" })).rejects.toMatchObject({
      error: { reason: "INVALID_CREDENTIALS" },
    });
  });
});

describe("the registry", () => {
  it("refuses a redirect entity whose connector cannot begin and complete a redirect", () => {
    const { beginRedirect: _b, completeRedirect: _c, ...formOnly } = createSandboxConnector({ timeScale: 0 });
    expect(() => new ConnectorRegistry([formOnly as Connector])).toThrow(/sandbox_bank_oauth signs in by redirect/);
    const { completeRedirect: _d, ...half } = createSandboxConnector({ timeScale: 0 });
    expect(() => new ConnectorRegistry([half as Connector])).toThrow(/beginRedirect\/completeRedirect/);
    expect(new ConnectorRegistry([connector]).find(ENTITY)?.entity.signIn).toBe("REDIRECT");
  });
});
