import { NO_CONTROL_CHARACTERS } from "@finlink/contracts";
import type { Context } from "hono";
import { Hono } from "hono";
import type { AppEnv } from "../../app-env";
import { SettingsError } from "../apps/settings-error";
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

/**
 * The posted form: each field as text ("" when absent or a file). `ConsoleBadForm` when the body cannot be parsed;
 * `SettingsError` when a field holds a control character, refused as the API refuses one in any string input
 * (a NUL cannot even reach PostgreSQL).
 */
export async function form(c: ConsoleContext): Promise<(name: string) => string> {
  let body: Awaited<ReturnType<typeof c.req.parseBody>>;
  try {
    body = await c.req.parseBody();
  } catch (error) {
    throw new ConsoleBadForm("unreadable form body", { cause: error });
  }
  for (const value of Object.values(body)) {
    if (typeof value === "string" && !NO_CONTROL_CHARACTERS.test(value)) {
      throw new SettingsError("A field holds a control character (U+0000–U+001F, U+007F–U+009F), which no input may");
    }
  }
  return (name) => {
    const value = body[name];
    return typeof value === "string" ? value : "";
  };
}

/** One form field as text (see `form`). */
export const field = async (c: ConsoleContext, name: string): Promise<string> => (await form(c))(name);
