import { ErrorReason } from "@finlink/contracts";
import { describe, expect, it } from "vitest";
import { en } from "../../../lib/i18n/en";
import { es } from "../../../lib/i18n/es";
import { connectionProblem, reasonCopy } from "./connection-problem";

const fmt = (instant: string) => `<${instant}>`;
const errored = (reason: ErrorReason | null) => ({
  status: "ERRORED" as const,
  errorDetails: reason ? { reason, type: "USER_ERROR" as const, retryable: false } : null,
  lastSync: null,
});

describe("connectionProblem", () => {
  it("explains a locked account and says what to do", () => {
    const problem = connectionProblem(en, errored("ACCOUNT_LOCKED"), fmt);
    expect(problem).toEqual({
      lead: "The import failed, so there is no data yet.",
      title: "Your account at the entity is locked",
      body: expect.stringContaining("restore the connection"),
    });
  });

  it("says an UPDATE_ERROR keeps the older data, from its last sync", () => {
    const problem = connectionProblem(
      en,
      { status: "UPDATE_ERROR", errorDetails: null, lastSync: "2026-11-24T10:00:00Z" },
      fmt,
    );
    expect(problem?.lead).toBe("The last update failed. The data below is from <2026-11-24T10:00:00Z>.");
    expect(problem?.title).toBe(en.unknownReason.title);
    const neverSynced = connectionProblem(en, { status: "UPDATE_ERROR", errorDetails: null, lastSync: null }, fmt);
    expect(neverSynced?.lead).toBe("The last update failed.");
  });

  it.each(["PENDING", "READY", "UPDATING"] as const)("has nothing to explain for %s", (status) => {
    expect(connectionProblem(en, { status, errorDetails: null, lastSync: null }, fmt)).toBeNull();
  });

  it("speaks Spanish too", () => {
    expect(connectionProblem(es, errored("ENTITY_UNAVAILABLE"), fmt)?.title).toBe(
      "La entidad no está disponible ahora mismo",
    );
  });
});

describe("reasonCopy", () => {
  it.each(ErrorReason.options)("has its own sentence for %s in both languages", (reason) => {
    for (const t of [en, es]) {
      const copy = reasonCopy(t, reason);
      expect(copy).not.toBe(t.unknownReason);
      expect(copy.title.length).toBeGreaterThan(10);
      expect(copy.body.length).toBeGreaterThan(20);
    }
  });

  it("gives the general advice when there is no reason", () => {
    expect(reasonCopy(en, null)).toBe(en.unknownReason);
    expect(reasonCopy(en, undefined)).toBe(en.unknownReason);
  });

  it("never gives two reasons the same sentence", () => {
    const titles = ErrorReason.options.map((reason) => reasonCopy(en, reason).title);
    expect(titles.length).toBe(ErrorReason.options.length);
    expect(new Set(titles).size).toBe(titles.length);
  });
});
