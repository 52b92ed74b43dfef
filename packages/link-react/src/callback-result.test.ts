import { describe, expect, it } from "vitest";
import { callbackResultFromQuery, INVALID_CALLBACK, parseLinkCallbackResult } from "./callback-result";

const marker = { source: "finlink-link-callback", version: 1 };
const invalid = (operation: string | null = null, state: string | null = null) => ({
  ...marker,
  type: "EXIT",
  reason: INVALID_CALLBACK,
  operation,
  state,
});

describe("callbackResultFromQuery", () => {
  it("reads a CONNECT redirect as Link sends it (publicToken and token)", () => {
    expect(callbackResultFromQuery("?publicToken=pt&token=pt&operation=CONNECT&entity=sandbox_bank&state=s")).toEqual({
      ...marker,
      type: "SUCCESS",
      operation: "CONNECT",
      publicToken: "pt",
      entity: "sandbox_bank",
      state: "s",
    });
  });

  it.each([
    ["token only (Vumi's redirect page)", "?token=pt&operation=CONNECT&entity=e"],
    ["publicToken only (Vumi's overview)", "?publicToken=pt&operation=CONNECT&entity=e"],
  ])("reads the publicToken of a CONNECT from %s", (_, query) => {
    expect(callbackResultFromQuery(query)).toEqual(
      expect.objectContaining({ type: "SUCCESS", publicToken: "pt", state: null }),
    );
  });

  it("reads an UPDATE redirect with its token and no publicToken", () => {
    const result = callbackResultFromQuery("?operation=UPDATE&entity=e&token=ut&state=s");
    expect(result).toEqual({ ...marker, type: "SUCCESS", operation: "UPDATE", token: "ut", entity: "e", state: "s" });
    expect(callbackResultFromQuery("?operation=UPDATE&entity=e&publicToken=ut")).toEqual(invalid("UPDATE"));
  });

  it("reads an exit with its reason, operation and state", () => {
    expect(callbackResultFromQuery("?error=ACCOUNT_LOCKED&operation=CONNECT&state=s")).toEqual({
      ...marker,
      type: "EXIT",
      reason: "ACCOUNT_LOCKED",
      operation: "CONNECT",
      state: "s",
    });
    expect(callbackResultFromQuery("?error=USER_EXIT")).toEqual(
      expect.objectContaining({ operation: null, state: null }),
    );
  });

  it.each([
    ["an empty query", "", invalid()],
    ["no token", "?operation=CONNECT&entity=e&state=s", invalid("CONNECT", "s")],
    ["an empty token", "?publicToken=&operation=CONNECT&entity=e", invalid("CONNECT")],
    ["no entity", "?publicToken=pt&operation=CONNECT", invalid("CONNECT")],
    ["no operation", "?publicToken=pt&entity=e", invalid()],
    ["an unknown operation", "?publicToken=pt&operation=DELETE&entity=e", invalid()],
    ["an oversized token", `?publicToken=${"x".repeat(513)}&operation=CONNECT&entity=e`, invalid("CONNECT")],
    ["an oversized state", `?publicToken=pt&operation=CONNECT&entity=e&state=${"s".repeat(1025)}`, invalid("CONNECT")],
  ])("turns %s into an INVALID_CALLBACK exit, so the modal still closes", (_, query, expected) => {
    expect(callbackResultFromQuery(query)).toEqual(expected);
  });

  it("accepts a token and a state at their size limits", () => {
    const query = `?publicToken=${"x".repeat(512)}&operation=CONNECT&entity=e&state=${"s".repeat(1024)}`;
    expect(callbackResultFromQuery(query)).toEqual(expect.objectContaining({ type: "SUCCESS" }));
  });
});

describe("parseLinkCallbackResult", () => {
  const success = { ...marker, type: "SUCCESS", operation: "CONNECT", publicToken: "pt", entity: "e", state: null };

  it("accepts a well-formed result", () => {
    expect(parseLinkCallbackResult(success)).toEqual(success);
  });

  it.each([
    ["another marker", { ...success, source: "finlink-link" }],
    ["another version", { ...success, version: 2 }],
    ["an unknown type", { ...success, type: "MAYBE" }],
    ["an UPDATE without token", { ...success, operation: "UPDATE" }],
    ["an exit without reason", { ...marker, type: "EXIT", operation: null, state: null }],
    ["a number", 42],
    ["undefined", undefined],
  ])("rejects %s", (_, data) => {
    expect(parseLinkCallbackResult(data)).toBeUndefined();
  });
});
