import { describe, expect, it } from "vitest";
import { z } from "zod";
import { NO_CONTROL_CHARACTERS, text, textRecord } from "./common";

const ok = (schema: z.ZodType, value: unknown) => schema.safeParse(value).success;

describe("text()", () => {
  const name = text({ max: 10 });

  it.each([
    ["U+0000 (NUL)", "\u0000"],
    ["U+001F, the last C0", "\u001f"],
    ["U+007F (DEL)", "\u007f"],
    ["U+0080, the first C1", "\u0080"],
    ["U+009F, the last C1", "\u009f"],
    ["a tab", "\t"],
    ["a line feed", "\n"],
    ["a lone high surrogate", "\ud800"],
    ["a lone high surrogate, the last", "\udbff"],
    ["a lone low surrogate", "\udc00"],
    ["a lone low surrogate, the last", "\udfff"],
    ["a pair in the wrong order", "\udc00\ud800"],
  ])("refuses %s anywhere in the string", (_what, character) => {
    for (const value of [`${character}ab`, `a${character}b`, `ab${character}`])
      expect(ok(name, value), value).toBe(false);
  });

  it.each([
    ["U+0020 (space), right after C0", " "],
    ["U+007E (~), right before DEL", "~"],
    ["U+00A0 (no-break space), right after C1", "\u00a0"],
    ["letters beyond Latin-1", "ñ€😀"],
    ["U+D7FF and U+E000, either side of the surrogates", "\ud7ff\ue000"],
    ["a surrogate pair at the ends of the range", "\ud800\udc00\udbff\udfff"],
  ])("takes %s", (_what, value) => {
    expect(ok(name, `a${value}b`)).toBe(true);
  });

  it("bounds the length on both sides: 1 to max by default, and the given min", () => {
    expect([ok(name, ""), ok(name, "a"), ok(name, "a".repeat(10)), ok(name, "a".repeat(11))]).toEqual([
      false,
      true,
      true,
      false,
    ]);
    expect(ok(text({ min: 0, max: 10 }), "")).toBe(true);
  });

  it("states the same rule in its JSON Schema, as the OpenAPI document shows it", () => {
    expect(z.toJSONSchema(name)).toMatchObject({ minLength: 1, maxLength: 10, pattern: NO_CONTROL_CHARACTERS.source });
  });
});

describe("textRecord()", () => {
  const record = textRecord({ max: 5 }, text({ min: 0, max: 20 }));

  it("refuses a key with a control character or over its length, and a value with a control character", () => {
    expect(ok(record, { user: "x" })).toBe(true);
    expect(ok(record, { "us\u0000r": "x" })).toBe(false);
    expect(ok(record, { users: "x", toolong: "x" })).toBe(false);
    expect(ok(record, { user: "x\u0001" })).toBe(false);
  });

  it("gives its key rule as propertyNames (the OpenAPI generator drops the key schema)", () => {
    expect(z.globalRegistry.get(record)?.propertyNames).toEqual({
      type: "string",
      minLength: 1,
      maxLength: 5,
      pattern: NO_CONTROL_CHARACTERS.source,
    });
  });
});
