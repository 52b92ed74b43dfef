/**
 * The longest privacy-policy or terms URL an app may register: as a webhook URL's (`webhooks/target.ts`),
 * and every Link session view carries both.
 */
export const MAX_APP_LINK_LENGTH = 2048;

/** The app's pages Link's consent screen links to; null: none. */
export interface AppLinks {
  privacyPolicyUrl: string | null;
  termsUrl: string | null;
}

export interface AppLinkPolicy {
  /** Refuse http:// (everywhere outside sandbox mode, as for webhook URLs). */
  requireHttps: boolean;
}

/**
 * Checks a privacy-policy or terms URL and answers it normalised, or throws saying what to fix. The URL
 * becomes an `href` on Link's consent screen, which the end user follows: only http(s) (never
 * `javascript:` or `data:`), and https outside sandbox mode, so the page is the app's and not a network's.
 * No credentials (a user name in the URL is a classic way to dress up a host), no spaces or control
 * characters (the URL parser drops them silently: what is stored must be what is shown).
 * @example checkAppLink("--terms-url", "https://app.example/terms", { requireHttps: true }) // "https://app.example/terms"
 */
export function checkAppLink(label: string, value: string, policy: AppLinkPolicy): string {
  if (value.length > MAX_APP_LINK_LENGTH) throw new Error(`${label} is longer than ${MAX_APP_LINK_LENGTH} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\s\u0000-\u001f\u007f]/.test(value)) throw new Error(`${label} contains spaces or control characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${label} '${value}' is not an absolute URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`${label} '${value}' must be http(s)`);
  if (policy.requireHttps && url.protocol !== "https:") {
    throw new Error(`${label} '${value}' must use https (http is allowed in sandbox mode only)`);
  }
  if (!url.hostname) throw new Error(`${label} '${value}' has no host`);
  if (url.username || url.password) throw new Error(`${label} '${value}' must not carry a user name or password`);
  const normalised = url.toString();
  // Normalising may lengthen it (punycode, percent-encoding): the limit holds for what is stored.
  if (normalised.length > MAX_APP_LINK_LENGTH)
    throw new Error(`${label} is longer than ${MAX_APP_LINK_LENGTH} characters`);
  return normalised;
}

/**
 * Checks the links given (`undefined`: not given, left as they are; `null` or "": removed).
 * @example checkAppLinks({ termsUrl: "" }, { requireHttps: true }) // { termsUrl: null }
 */
export function checkAppLinks(links: Partial<Record<keyof AppLinks, string | null>>, policy: AppLinkPolicy) {
  const checked: Partial<AppLinks> = {};
  const labels = { privacyPolicyUrl: "The privacy policy URL", termsUrl: "The terms URL" } as const;
  for (const key of ["privacyPolicyUrl", "termsUrl"] as const) {
    const value = links[key];
    if (value === undefined) continue;
    checked[key] = value ? checkAppLink(labels[key], value, policy) : null;
  }
  return checked;
}
