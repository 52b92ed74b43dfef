import { LinkExitReason } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { ApiError, NETWORK_ERROR } from "../../../lib/api-error";
import { en } from "../../../lib/i18n/en";
import { es } from "../../../lib/i18n/es";
import { exitMessage, finishErrorMessage } from "./link-messages";

describe("exitMessage", () => {
  it("says nothing when the user simply closed Link", () => {
    expect(exitMessage(en, "USER_EXIT")).toBeNull();
    expect(exitMessage(en, null)).toBeNull();
  });

  it("says a locked account is locked, in both languages", () => {
    expect(exitMessage(en, "ACCOUNT_LOCKED")).toMatch(/locked, so no connection was added/);
    expect(exitMessage(es, "ACCOUNT_LOCKED")).toMatch(/bloqueada/);
  });

  it.each(LinkExitReason.options.filter((r) => r !== "USER_EXIT"))("has a sentence of its own for %s", (reason) => {
    const message = exitMessage(en, reason);
    expect(message).not.toBeNull();
    expect(message).not.toContain(reason);
  });

  it("names a reason newer than the app as it came", () => {
    expect(exitMessage(en, "SOMETHING_NEW")).toBe(en.link.exit.other("SOMETHING_NEW"));
  });
});

describe("finishErrorMessage", () => {
  it("calls a refused state (400) an expired or used link", () => {
    const message = finishErrorMessage(en, new ApiError(400, "INVALID_STATE", "Bad state"));
    expect(message.title).toBe("This link has expired or was already used");
  });

  it("treats 404 and 409 the same way, but not a 5xx", () => {
    expect(finishErrorMessage(en, new ApiError(404, null, "x")).title).toBe(en.link.callback.expired);
    expect(finishErrorMessage(en, new ApiError(409, null, "x")).title).toBe(en.link.callback.expired);
    expect(finishErrorMessage(en, new ApiError(500, null, "x")).title).toBe(en.link.callback.failed);
  });

  it("tells a network failure and an ended session apart", () => {
    expect(finishErrorMessage(en, new ApiError(0, NETWORK_ERROR, "x")).body).toBe(en.common.network);
    expect(finishErrorMessage(en, new ApiError(401, null, "x")).body).toBe(en.common.signedOut);
    expect(finishErrorMessage(en, new Error("boom")).title).toBe(en.link.callback.failed);
  });
});
