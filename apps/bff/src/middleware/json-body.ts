import { validator } from "hono/validator";
import type { z } from "zod";
import { badRequest } from "../lib/problem";

/**
 * The request body parsed by `schema`: 400 `VALIDATION_ERROR` with the failing fields otherwise. A body
 * that is not JSON at all is refused earlier (`MALFORMED_JSON`, from the validator's own 400).
 * @example router.post("/session", jsonBody(BffSignInRequest), (c) => c.req.valid("json").name)
 */
export const jsonBody = <S extends z.ZodType>(schema: S) =>
  validator("json", (value): z.infer<S> => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const errors = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join(".") || "(root)",
      message: issue.message,
    }));
    throw badRequest("Invalid request body", "VALIDATION_ERROR", errors);
  });
