import { describe, expect, it } from "vitest";
import { redactPath } from "./logger";

describe("redactPath", () => {
  it("hides every token that travels in a path or query", () => {
    expect(redactPath("/api/v1/commands/connections/exchange/pub_abc")).toBe(
      "/api/v1/commands/connections/exchange/[redacted]",
    );
    expect(redactPath("/api/v1/queries/connections/con_abc/accounts/acc_1/transactions")).toBe(
      "/api/v1/queries/connections/[redacted]/accounts/acc_1/transactions",
    );
    expect(redactPath("/api/v1/commands/connections/con_abc/refresh")).toBe(
      "/api/v1/commands/connections/[redacted]/refresh",
    );
    expect(redactPath("/api/v1/sandbox/connections/con_abc/reset-login")).toBe(
      "/api/v1/sandbox/connections/[redacted]/reset-login",
    );
    expect(redactPath("/link?authToken=eyJ.x.y&lang=en&update_token=upd_1")).toBe(
      "/link?authToken=[redacted]&lang=en&update_token=[redacted]",
    );
  });

  it("keeps the named routes that carry no token", () => {
    expect(redactPath("/api/v1/queries/connections/pending")).toBe("/api/v1/queries/connections/pending");
    expect(redactPath("/api/v1/commands/connections/start-flow")).toBe("/api/v1/commands/connections/start-flow");
    expect(redactPath("/api/v1/queries/connections")).toBe("/api/v1/queries/connections");
  });
});
