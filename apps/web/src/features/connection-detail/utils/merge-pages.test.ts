import { describe, expect, it } from "vitest";
import { mergePages } from "./merge-pages";

const row = (id: string, label = id) => ({ id, label });

describe("mergePages", () => {
  it("keeps the pages' order", () => {
    const rows = mergePages([{ data: [row("3"), row("2")] }, { data: [row("1")] }]);
    expect(rows.map((r) => r.id)).toEqual(["3", "2", "1"]);
  });

  it("shows a row that two pages carry once, where it came first", () => {
    const rows = mergePages([
      { data: [row("a", "first"), row("b")] },
      { data: [row("b"), row("a", "again"), row("c")] },
    ]);
    expect(rows).toEqual([row("a", "first"), row("b"), row("c")]);
  });

  it("has nothing to show before the first page or for empty pages", () => {
    expect(mergePages(undefined)).toEqual([]);
    expect(mergePages([{ data: [] }, { data: [] }])).toEqual([]);
  });
});
