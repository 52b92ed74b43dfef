import { describe, expect, it } from "vitest";
import { addDays, inRange, periodRange, todayUtc } from "./period";

describe("periods ending today", () => {
  it("covers exactly N calendar days, today included", () => {
    expect(periodRange(30, "2026-12-04")).toEqual({ from: "2026-11-05", to: "2026-12-04" });
    expect(periodRange(90, "2026-12-04")).toEqual({ from: "2026-09-06", to: "2026-12-04" });
    expect(periodRange(365, "2026-12-04")).toEqual({ from: "2025-12-05", to: "2026-12-04" });
    expect(periodRange(1, "2026-12-04")).toEqual({ from: "2026-12-04", to: "2026-12-04" });
  });

  it("includes both boundary days and nothing outside them", () => {
    const range = periodRange(30, "2026-12-04");
    expect(inRange("2026-11-05", range)).toBe(true);
    expect(inRange("2026-11-04", range)).toBe(false);
    expect(inRange("2026-12-04", range)).toBe(true);
    expect(inRange("2026-12-05", range)).toBe(false);
  });

  it("crosses month, leap-year and year ends in UTC", () => {
    expect(addDays("2028-03-01", -1)).toBe("2028-02-29");
    expect(addDays("2027-03-01", -1)).toBe("2027-02-28");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(todayUtc(new Date("2026-12-04T23:59:59-05:00"))).toBe("2026-12-05");
  });

  it("treats an open end as no bound", () => {
    expect(inRange("1999-01-01", { from: "", to: "2026-01-01" })).toBe(true);
    expect(inRange("2030-01-01", { to: "" })).toBe(true);
  });
});
