import { describe, expect, it } from "vitest";
import { userActionOf } from "./connection-view";

describe("userActionOf", () => {
  const tokens = { updateToken: "upd_x", restoreToken: null };

  it("asks for an update or a restore (restore first) when the status holds its token", () => {
    expect(userActionOf({ status: "READY", ...tokens })).toBe("UPDATE");
    expect(userActionOf({ status: "UPDATE_ERROR", updateToken: "upd_x", restoreToken: "rst_x" })).toBe("RESTORE");
    expect(userActionOf({ status: "ERRORED", updateToken: null, restoreToken: "rst_x" })).toBe("RESTORE");
    expect(userActionOf({ status: "READY", updateToken: null, restoreToken: null })).toBeNull();
  });

  it("asks nothing while an extraction runs, even with a token still in the status", () => {
    expect(userActionOf({ status: "UPDATING", ...tokens })).toBeNull();
    expect(userActionOf({ status: "PENDING", updateToken: null, restoreToken: "rst_x" })).toBeNull();
  });
});
