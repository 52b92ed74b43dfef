import { NO_CONTROL_CHARACTERS } from "@finlink/contracts";
import type { z } from "zod";

const hasControlCharacter = (value: unknown) => typeof value === "string" && !NO_CONTROL_CHARACTERS.test(value);

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) value = value !== null && typeof value === "object" ? (value as never)[key] : undefined;
  return value;
}

/**
 * Whether a refused value holds a control character: the value at an issue's path, or the record key that
 * path ends in. Read from the input, not from which check failed, so a `uuid` or `url` with a NUL in it
 * counts too.
 */
export function refusesControlCharacter(issues: readonly z.core.$ZodIssue[], input: unknown): boolean {
  return issues.some((issue) => {
    const at = valueAt(input, issue.path);
    if (hasControlCharacter(at) || hasControlCharacter(issue.path.at(-1))) return true;
    return issue.code === "invalid_union" && issue.errors.some((branch) => refusesControlCharacter(branch, at));
  });
}

/**
 * The status of a request its route's schemas refuse: 422 for a JSON body that breaks the schema, 400 for
 * a bad path, query or header parameter — and 400 for a control character anywhere, which is malformed
 * input rather than a body that breaks the schema.
 */
export function validationStatus(target: string, issues: readonly z.core.$ZodIssue[], input: unknown): 400 | 422 {
  return target === "json" && !refusesControlCharacter(issues, input) ? 422 : 400;
}
