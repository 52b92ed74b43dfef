import { describe, expect, it } from "vitest";
import { readStartParams } from "./start-params";

const ID_A = "6f1c0d2e-1111-4a5b-8c9d-0123456789ab";
const ID_B = "7a2d1e3f-2222-4b6c-9d0e-123456789abc";

describe("readStartParams", () => {
  it("passes the start token and the URL parameters through", () => {
    expect(readStartParams("?authToken=abc").request).toEqual({ authToken: "abc" });
    expect(
      readStartParams(`?id=${ID_A}&entity=sandbox_bank&external_id=u1&state=s&product=INVESTMENTS&update_token=upd`),
    ).toEqual({
      request: {
        id: ID_A,
        entity: "sandbox_bank",
        external_id: "u1",
        state: "s",
        product: "INVESTMENTS",
        update_token: "upd",
      },
      refusal: null,
    });
  });

  it("refuses the frame-ancestors bypass URL (empty authToken, a token, another app's id) before any request", () => {
    const start = readStartParams(`?authToken=&token=tok_a&id=${ID_B}&lang=en`);
    expect(start.refusal).toMatchObject({ status: 400, reason: "START_CONFLICT", retryable: false });
    expect(start.request).toEqual({ lang: "en" });
  });

  it.each([
    [`?authToken=tok_a&id=${ID_A}`, "START_CONFLICT"],
    ["?authToken=tok_a&token=tok_b", "START_CONFLICT"],
    [`?id=${ID_A}&id=${ID_B}`, "START_CONFLICT"],
    ["?authToken=&id=", "START_REQUIRED"],
  ])("refuses %s with %s", (search, reason) => {
    expect(readStartParams(search).refusal?.reason).toBe(reason);
  });

  it("counts empty values as absent and sends the token under one name", () => {
    expect(readStartParams(`?authToken=&id=${ID_B}&state=`)).toEqual({ request: { id: ID_B }, refusal: null });
    expect(readStartParams("?token=tok_a&id=").request).toEqual({ authToken: "tok_a" });
    expect(readStartParams("?token=tok_a&authToken=tok_a&state=forged").request).toEqual({ authToken: "tok_a" });
  });

  it("normalises lang and theme and drops values Link does not know", () => {
    expect(readStartParams(`?id=${ID_A}&lang=ES&theme=dark`)).toEqual({
      request: { id: ID_A, lang: "es", theme: "DARK" },
      refusal: null,
      lang: "es",
      theme: "DARK",
    });
    expect(readStartParams(`?id=${ID_A}&lang=fr&theme=pink`)).toEqual({ request: { id: ID_A }, refusal: null });
  });
});
