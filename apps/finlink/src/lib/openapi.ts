import { Problem } from "@finlink/contracts";
import type { z } from "zod";

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: Problem } },
});

/** The error responses most routes share, for the OpenAPI document. */
export const errorResponses = {
  400: problem("Malformed request"),
  401: problem("Missing or invalid token"),
  403: problem("The token lacks the scope this call needs"),
  404: problem("Not found, or not the calling app's"),
  422: problem("The body breaks the schema"),
} as const;

export const problemResponse = problem;

export const bearer = [{ bearerAuth: [] }];

/** A JSON response of `schema`, for createRoute's `responses`. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
