// No runtime import of zod here: the Link widget bundles this file, and zod would not fit its budget.
import type { Product } from "./data";
import type { CreateLinkSessionRequest, LinkLang, LinkTheme } from "./link";

/** Looks only: they never decide which app or connection Link opens. */
export interface LinkUiParams {
  lang?: LinkLang;
  theme?: LinkTheme;
}

/** A start Link can open: a start token (its claims decide everything else), or URL parameters naming a redirect. */
export type LinkStart =
  | ({ kind: "token"; token: string } & LinkUiParams)
  | ({
      kind: "params";
      id: string;
      entity?: string;
      external_id?: string;
      update_token?: string;
      restore_token?: string;
      state?: string;
      /** Passed on as given: the server refuses a product it does not know. */
      product?: string;
    } & LinkUiParams);

export type LinkStartReason = "START_CONFLICT" | "START_REQUIRED";

/** A start Link must refuse, with the words to say why (and the looks of the page that says it). */
export interface LinkStartError extends LinkUiParams {
  kind: "error";
  reason: LinkStartReason;
  message: string;
}

const PARAMS = ["entity", "external_id", "update_token", "restore_token", "state", "product"] as const;

type Source = URLSearchParams | Readonly<Record<string, string | undefined>>;

/** Every non-empty value of `name`: an empty value counts as absent, for the page, the server and the widget alike. */
function valuesOf(source: Source, name: string): string[] {
  const all = source instanceof URLSearchParams ? source.getAll(name) : [source[name]];
  return [...new Set(all.filter((value): value is string => typeof value === "string" && value !== ""))];
}

class Conflict extends Error {}

/** The one value of one or more alias names; two different values are a conflict, not a choice. */
function single(source: Source, ...names: string[]): string | undefined {
  const values = [...new Set(names.flatMap((name) => valuesOf(source, name)))];
  if (values.length > 1) {
    throw new Conflict(
      names.length > 1
        ? `\`${names.join("` and `")}\` carry different values: give one`
        : `\`${names[0]}\` is given more than once, with different values`,
    );
  }
  return values[0];
}

function uiParams(source: Source): LinkUiParams {
  // An unknown or twice-given lang or theme is dropped: a link should not fail over its looks.
  const [lang, ...otherLangs] = new Set(valuesOf(source, "lang").map((value) => value.toLowerCase()));
  const [theme, ...otherThemes] = new Set(valuesOf(source, "theme").map((value) => value.toUpperCase()));
  return {
    ...((lang === "es" || lang === "en") && otherLangs.length === 0 ? { lang } : {}),
    ...((theme === "LIGHT" || theme === "DARK") && otherThemes.length === 0 ? { theme } : {}),
  };
}

/**
 * Reads Link's start parameters — the `/link` page's query, or the body of `POST /api/v1/link/sessions` —
 * the same way everywhere: the page that picks `frame-ancestors`, the server that opens the session and
 * the widget all call this, so no start can name one app to one of them and another app to another.
 * Empty values are absent; `authToken` and `token` are aliases; a start token together with a redirect
 * `id` is refused even when both name the same app (start-flow's URL never has both, and telling the
 * cases apart would need a lookup the widget cannot make).
 * @example parseLinkStart(new URLSearchParams("?authToken=&id=6f1c…&lang=EN")) // { kind: "params", id: "6f1c…", lang: "en" }
 */
export function parseLinkStart(source: Source): LinkStart | LinkStartError {
  const ui = uiParams(source);
  const refused = (reason: LinkStartReason, message: string): LinkStartError => ({
    kind: "error",
    reason,
    message,
    ...ui,
  });
  try {
    const token = single(source, "authToken", "token");
    const id = single(source, "id");
    if (token && id) {
      return refused("START_CONFLICT", "Open Link with a start token (`authToken`) or a redirect id (`id`), not both");
    }
    if (token) return { kind: "token", token, ...ui };
    if (!id) return refused("START_REQUIRED", "Open Link with a start token (`authToken`) or a redirect id (`id`)");
    const start: LinkStart = { kind: "params", id, ...ui };
    for (const name of PARAMS) {
      const value = single(source, name);
      if (value !== undefined) start[name] = value;
    }
    return start;
  } catch (error) {
    if (!(error instanceof Conflict)) throw error;
    return refused("START_CONFLICT", error.message);
  }
}

/**
 * The body of `POST /api/v1/link/sessions` for a start: what the widget sends, and reads back the same
 * through `parseLinkStart`.
 */
export function linkSessionRequest(start: LinkStart): CreateLinkSessionRequest {
  if (start.kind === "token") {
    const { kind: _, token, ...ui } = start;
    return { authToken: token, ...ui };
  }
  const { kind: _, product, ...params } = start;
  return { ...params, ...(product === undefined ? {} : { product: product as Product }) };
}
