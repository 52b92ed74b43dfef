import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import type { OperatorSession } from "./console-session";
import type { View } from "./layout";

/** The console's context: the app's, plus the page's view and (past `requireOperator`) the operator's session. */
export interface ConsoleEnv {
  Variables: AppEnv["Variables"] & { view: View; session: OperatorSession };
}
export type ConsoleContext = Context<ConsoleEnv>;

export const createConsoleRouter = () => new Hono<ConsoleEnv>();

/** Thrown for an unknown app, event or path: the console answers its 404 page. */
export class ConsoleNotFound extends Error {
  override readonly name = "ConsoleNotFound";
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path parameter that must be a uuid (the columns are uuid: anything else would be a database error). */
export function uuidParam(c: ConsoleContext, name: string): string {
  const value = c.req.param(name);
  if (!value || !UUID.test(value)) throw new ConsoleNotFound();
  return value;
}

/** A request body that is not a form the console can read (malformed multipart, a broken encoding): 400. */
export class ConsoleBadForm extends Error {
  override readonly name = "ConsoleBadForm";
}

/** A form field as text ("" when absent or a file); `ConsoleBadForm` when the body cannot be parsed. */
export async function field(c: ConsoleContext, name: string): Promise<string> {
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody();
  } catch (error) {
    throw new ConsoleBadForm("unreadable form body", { cause: error });
  }
  const value = body[name];
  return typeof value === "string" ? value : "";
}
