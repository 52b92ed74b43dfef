import { z } from "zod";

/**
 * No control characters (C0, DEL, C1) and no lone UTF-16 surrogate: a NUL cannot reach PostgreSQL (it
 * refuses it in text), a lone surrogate cannot be stored in jsonb (22P02), and neither belongs in an id, a
 * name or a token. A surrogate pair (an emoji, a rare CJK character) is fine. The same rule is the OpenAPI
 * `pattern` of every string input.
 */
export const NO_CONTROL_CHARACTERS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: naming the control characters is the rule itself.
  /^(?:[^\u0000-\u001f\u007f-\u009f\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/;

/**
 * A string input: `min`–`max` characters, no control characters (400 otherwise, and said in the OpenAPI).
 * @example text({ max: 200 }).optional()
 */
export function text(options: { min?: number; max: number }) {
  return z
    .string()
    .min(options.min ?? 1)
    .max(options.max)
    .regex(NO_CONTROL_CHARACTERS, "Control characters and lone surrogates are not allowed");
}

/**
 * A record whose keys are `text(key)`. The OpenAPI generator drops a record's key schema, so the same
 * rule is given again as `propertyNames`, from the key schema itself: the document cannot drift from it.
 * @example textRecord({ max: 100 }, text({ min: 0, max: 500 }))
 */
export function textRecord<V extends z.ZodType>(key: { min?: number; max: number }, value: V) {
  const keySchema = text(key);
  const { $schema: _dialect, ...propertyNames } = z.toJSONSchema(keySchema);
  return z.record(keySchema, value).meta({ propertyNames });
}

/**
 * A money amount: a JSON number, as Vumi documents. The server writes the stored decimal's digits as they
 * are (numeric columns, never a binary float on the way), so `12.30` arrives as `12.30`; parse it with a
 * decimal-aware JSON reader if you sum amounts.
 */
export const Money = z.number().meta({ description: "Amount (JSON number, exact decimal digits)", example: 1234.56 });

/** A quantity or a price with up to 8 decimals (titles, prices, exchange rates, weights): a JSON number. */
export const Quantity = z.number().meta({ description: "JSON number, exact decimal digits", example: 12.5 });

/** ISO 4217 currency code. */
export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/)
  .meta({ example: "EUR" });

/** A calendar date, `YYYY-MM-DD`. */
// PostgreSQL has no year 0: refusing it here keeps such a date from reaching a query.
export const IsoDate = z.iso
  .date()
  .refine((d) => d >= "0001", "Dates start at 0001-01-01")
  .meta({ example: "2026-11-24" });

/** An instant, ISO 8601 with offset. */
export const IsoDateTime = z.iso.datetime({ offset: true }).meta({ example: "2026-11-24T10:15:00.000Z" });

/** RFC 9457 problem details, the body of every API error. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    reason: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Validation errors, one per invalid field" }),
  })
  .catchall(z.unknown())
  .meta({ id: "Problem", description: "RFC 9457 problem details" });
export type Problem = z.infer<typeof Problem>;

/** Query parameters shared by paginated list endpoints. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100).meta({ description: "Rows per page (1–1000)" }),
  cursor: text({ min: 0, max: 512 })
    .optional()
    .meta({ description: "Opaque cursor from the previous page's nextCursor" }),
});

/** Builds the `{data, nextCursor}` envelope of a paginated list. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item),
    nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
  });
}

export const MessageResponse = z.object({ message: z.literal("success") });
