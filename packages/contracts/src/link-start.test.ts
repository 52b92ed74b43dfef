import { describe, expect, it } from "vitest";
import { CreateLinkSessionRequest } from "./link";
import { type LinkStart, linkSessionRequest, parseLinkStart } from "./link-start";

const ID_A = "6f1c0d2e-1111-4a5b-8c9d-0123456789ab";
const ID_B = "7a2d1e3f-2222-4b6c-9d0e-123456789abc";
const parse = (query: string) => parseLinkStart(new URLSearchParams(query));

describe("parseLinkStart", () => {
  it("refuses the frame-ancestors bypass URL: an empty authToken, a token and another redirect id", () => {
    expect(parse(`?authToken=&token=tok_a&id=${ID_B}`)).toMatchObject({ kind: "error", reason: "START_CONFLICT" });
  });

  it.each([
    ["a start token and an id", `?authToken=tok_a&id=${ID_A}`, "not both"],
    ["the alias and an id", `?token=tok_a&id=${ID_A}`, "not both"],
    ["two different start tokens under the two names", "?authToken=tok_a&token=tok_b", "`authToken` and `token`"],
    ["two different start tokens under one name", "?authToken=tok_a&authToken=tok_b", "`authToken` and `token`"],
    ["an id given twice with different values", `?id=${ID_A}&id=${ID_B}`, "`id` is given more than once"],
    ["a parameter given twice with different values", `?id=${ID_A}&state=1&state=2`, "`state` is given more"],
  ])("refuses %s with START_CONFLICT and says why", (_, query, words) => {
    const start = parse(query);
    expect(start).toMatchObject({ kind: "error", reason: "START_CONFLICT" });
    expect(start.kind === "error" && start.message).toContain(words);
  });

  it.each([
    ["nothing", ""],
    ["only empty values", "?authToken=&token=&id=&lang=en"],
    ["only parameters that name no app", "?entity=sandbox_bank&state=s"],
  ])("refuses %s with START_REQUIRED", (_, query) => {
    expect(parse(query)).toMatchObject({ kind: "error", reason: "START_REQUIRED" });
  });

  it.each<[string, string, LinkStart]>([
    ["authToken", "?authToken=tok_a", { kind: "token", token: "tok_a" }],
    ["the token alias", "?token=tok_a", { kind: "token", token: "tok_a" }],
    ["both names with the same token", "?authToken=tok_a&token=tok_a", { kind: "token", token: "tok_a" }],
    ["a token beside an empty id", "?id=&authToken=tok_a", { kind: "token", token: "tok_a" }],
    ["an id beside empty token names", `?authToken=&token=&id=${ID_B}`, { kind: "params", id: ID_B }],
    ["an id given twice alike, once empty", `?id=${ID_A}&id=${ID_A}&id=`, { kind: "params", id: ID_A }],
  ])("reads %s", (_, query, expected) => {
    expect(parse(query)).toEqual(expected);
  });

  it("takes the URL parameters of an id start, leaving out empty ones", () => {
    expect(
      parse(`?id=${ID_A}&entity=&external_id=u1&state=s&product=INVESTMENTS&update_token=upd_1&restore_token=`),
    ).toEqual({
      kind: "params",
      id: ID_A,
      external_id: "u1",
      state: "s",
      product: "INVESTMENTS",
      update_token: "upd_1",
    });
  });

  it("keeps of a token start only the token and the looks: its claims decide the rest", () => {
    expect(parse("?authToken=tok_a&state=forged&entity=sandbox_bank&update_token=upd_1&lang=es")).toEqual({
      kind: "token",
      token: "tok_a",
      lang: "es",
    });
  });

  it("normalises lang and theme, drops unknown or contradicting ones, and keeps them on a refusal", () => {
    expect(parse(`?id=${ID_A}&lang=ES&theme=dark`)).toEqual({ kind: "params", id: ID_A, lang: "es", theme: "DARK" });
    expect(parse(`?id=${ID_A}&lang=fr&theme=pink`)).toEqual({ kind: "params", id: ID_A });
    expect(parse(`?id=${ID_A}&lang=es&lang=en&theme=DARK&theme=dark`)).toEqual({
      kind: "params",
      id: ID_A,
      theme: "DARK",
    });
    expect(parse(`?authToken=t&id=${ID_A}&lang=en`)).toMatchObject({ kind: "error", lang: "en" });
  });

  it("reads a session request body the same way as a URL", () => {
    expect(parseLinkStart({ authToken: "", token: "tok_a", id: ID_B })).toMatchObject({ reason: "START_CONFLICT" });
    expect(parseLinkStart({ authToken: "", id: ID_B, state: "" })).toEqual({ kind: "params", id: ID_B });
    expect(parseLinkStart({ token: "tok_a", id: undefined })).toEqual({ kind: "token", token: "tok_a" });
  });
});

describe("linkSessionRequest", () => {
  it.each<LinkStart>([
    { kind: "token", token: "tok_a", lang: "en", theme: "DARK" },
    { kind: "params", id: ID_A, entity: "sandbox_bank", state: "s", product: "INVESTMENTS", restore_token: "rst_1" },
  ])("is a valid session body that reads back as the same start (%o)", (start) => {
    const body = linkSessionRequest(start);
    expect(CreateLinkSessionRequest.parse(body)).toEqual(body);
    expect(parseLinkStart(body)).toEqual(start);
  });
});

describe("CreateLinkSessionRequest", () => {
  it("accepts empty start parameters (absent, as in the URL) and refuses control characters", () => {
    expect(CreateLinkSessionRequest.safeParse({ authToken: "", token: "", id: "", lang: "", state: "" }).success).toBe(
      true,
    );
    for (const field of ["authToken", "token", "entity", "external_id", "update_token", "restore_token", "state"]) {
      expect(CreateLinkSessionRequest.safeParse({ [field]: "a\u0000b" }).success, field).toBe(false);
      expect(CreateLinkSessionRequest.safeParse({ [field]: "ab" }).success, field).toBe(true);
    }
  });
});
