import { describe, expect, it } from "vitest";
import { LinkEvent, linkEvent, parseLinkEvent } from "./link-events";

describe("Link events", () => {
  it("are built with the marker and parse back", () => {
    const exit = linkEvent("EXIT", {
      reason: "USER_EXIT",
      status: "MFA",
      screen: "MFA",
      entity: "sandbox_bank",
      requestId: null,
    });
    expect(exit).toEqual({
      source: "finlink-link",
      version: 1,
      type: "EXIT",
      reason: "USER_EXIT",
      status: "MFA",
      screen: "MFA",
      entity: "sandbox_bank",
      requestId: null,
    });
    expect(parseLinkEvent(JSON.parse(JSON.stringify(exit)))).toEqual(exit);
  });

  it("reject other scripts' messages, other versions and unknown types", () => {
    const handoff = linkEvent("HANDOFF", { operation: "CONNECT", entity: "sandbox_bank" });
    expect(LinkEvent.safeParse(handoff).success).toBe(true);
    for (const data of [
      { ...handoff, source: "mx-connect" },
      { ...handoff, version: 2 },
      { ...handoff, type: "TRANSFER" },
      { ...handoff, operation: undefined },
      "finlink-link",
      null,
    ]) {
      expect(parseLinkEvent(data)).toBeUndefined();
    }
  });
});
