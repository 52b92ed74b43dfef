import { describe, expect, it } from "vitest";
import { readStartParams } from "./start-params";

describe("readStartParams", () => {
  it("passes the start token and the URL parameters through", () => {
    expect(readStartParams("?authToken=abc")).toEqual({ authToken: "abc" });
    expect(
      readStartParams("?id=6f1c&entity=sandbox_bank&external_id=u1&state=s&product=INVESTMENTS&update_token=upd"),
    ).toEqual({
      id: "6f1c",
      entity: "sandbox_bank",
      external_id: "u1",
      state: "s",
      product: "INVESTMENTS",
      update_token: "upd",
    });
  });

  it("normalises lang and theme and drops values Link does not know", () => {
    expect(readStartParams("?id=x&lang=ES&theme=dark")).toEqual({ id: "x", lang: "es", theme: "DARK" });
    expect(readStartParams("?id=x&lang=fr&theme=pink")).toEqual({ id: "x" });
  });
});
