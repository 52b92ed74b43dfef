import type { LinkLang, LinkTheme } from "@finlink/contracts";
import { messagesFor } from "../i18n/i18n";

const DARK_QUERY = "(prefers-color-scheme: dark)";
let stopFollowingSystem: (() => void) | null = null;

/**
 * Sets `<html data-theme>`: the given theme, or the system's — followed live while none is given. The
 * stylesheet keys every colour on this attribute.
 */
export function applyTheme(theme: LinkTheme | null, root: HTMLElement = document.documentElement): void {
  stopFollowingSystem?.();
  stopFollowingSystem = null;
  if (theme) {
    root.dataset.theme = theme.toLowerCase();
    return;
  }
  const media = window.matchMedia?.(DARK_QUERY);
  const follow = () => {
    root.dataset.theme = media?.matches ? "dark" : "light";
  };
  follow();
  media?.addEventListener("change", follow);
  stopFollowingSystem = () => media?.removeEventListener("change", follow);
}

/** `<html lang>` and the title, so assistive technology reads the page in its language. */
export function applyLang(lang: LinkLang, doc: Document = document): void {
  doc.documentElement.lang = lang;
  doc.title = messagesFor(lang).documentTitle;
}
