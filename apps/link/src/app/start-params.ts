import type { CreateLinkSessionRequest, LinkLang, LinkTheme } from "@finlink/contracts";

/** URL parameters passed through to the server as they are (named as in Vumi's Link docs). */
const PASSED = ["authToken", "token", "id", "entity", "external_id", "update_token", "restore_token", "state"] as const;

const langOf = (value: string | null): LinkLang | undefined => {
  const lang = value?.toLowerCase();
  return lang === "es" || lang === "en" ? lang : undefined;
};

const themeOf = (value: string | null): LinkTheme | undefined => {
  const theme = value?.toUpperCase();
  return theme === "LIGHT" || theme === "DARK" ? theme : undefined;
};

/**
 * The session request from Link's URL. An unknown `lang` or `theme` is dropped (they only change the
 * looks, and a link should not fail over one); the server checks everything else.
 * @example readStartParams("?id=…&lang=EN&theme=dark") // { id: "…", lang: "en", theme: "DARK" }
 */
export function readStartParams(search: string): CreateLinkSessionRequest {
  const params = new URLSearchParams(search);
  const request: CreateLinkSessionRequest = {};
  for (const name of PASSED) {
    const value = params.get(name);
    if (value) request[name] = value;
  }
  // An unknown product is the integrator's mistake: the server refuses it and the page says the link is invalid.
  const product = params.get("product");
  if (product) request.product = product as CreateLinkSessionRequest["product"];
  const lang = langOf(params.get("lang"));
  if (lang) request.lang = lang;
  const theme = themeOf(params.get("theme"));
  if (theme) request.theme = theme;
  return request;
}
