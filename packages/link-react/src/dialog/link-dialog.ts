import type { LinkLabels, LinkLang } from "../labels";
import { lockBodyScroll } from "./scroll-lock";
import { CLASS, installStyles } from "./styles";

export interface LinkDialogOptions {
  doc: Document;
  src: string;
  lang: LinkLang;
  labels: LinkLabels;
  nonce?: string;
  /** Escape or the close button. */
  onClose(): void;
  onLoad(): void;
  onLoadError(): void;
}

export interface LinkDialog {
  readonly iframe: HTMLIFrameElement;
  /** Shows the (preloaded) dialog and moves focus into it. */
  show(): void;
  readonly shown: boolean;
  setLanguage(lang: LinkLang, labels: LinkLabels): void;
  /** Removes the dialog and its iframe; focus goes back to the element that had it before `show`. Idempotent. */
  destroy(): void;
}

let ids = 0;

function element<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className: string) {
  const node = doc.createElement(tag);
  node.className = className;
  return node;
}

/**
 * The modal around Link's iframe, built in plain DOM so the hook can create it in an effect and remove it in
 * the cleanup (StrictMode-safe, like react-plaid-link). The iframe is created once, inside its final parent,
 * and never moved: moving an iframe in the DOM reloads it.
 */
export function createLinkDialog(options: LinkDialogOptions): LinkDialog {
  const { doc } = options;
  installStyles(doc, options.nonce);
  const titleId = `finlink-link-title-${++ids}`;

  const backdrop = element(doc, "div", CLASS.backdrop);
  backdrop.hidden = true;
  backdrop.dataset.finlinkLink = "";
  const dialog = element(doc, "div", CLASS.dialog);
  dialog.setAttribute("role", "dialog");
  dialog.setAttribute("aria-modal", "true");
  dialog.setAttribute("aria-labelledby", titleId);
  const header = element(doc, "div", CLASS.header);
  const title = element(doc, "h2", CLASS.title);
  title.id = titleId;
  const close = element(doc, "button", CLASS.close);
  close.type = "button";
  close.textContent = "×";
  close.addEventListener("click", () => options.onClose());
  const iframe = element(doc, "iframe", CLASS.frame);
  // Focusable in the tab order like any iframe; the explicit tabindex also lets the focus trap see it.
  iframe.tabIndex = 0;
  // Focus guards: Tab out of the iframe's last field lands on a guard, which sends focus round to the start.
  const startGuard = element(doc, "span", CLASS.guard);
  const endGuard = element(doc, "span", CLASS.guard);
  for (const guard of [startGuard, endGuard]) guard.tabIndex = 0;
  startGuard.addEventListener("focus", () => iframe.focus());
  endGuard.addEventListener("focus", () => close.focus());
  header.append(title, close);
  dialog.append(header);
  backdrop.append(startGuard, dialog, endGuard);

  const setLanguage = (lang: LinkLang, labels: LinkLabels) => {
    dialog.lang = lang;
    title.textContent = labels.title;
    close.setAttribute("aria-label", labels.close);
    iframe.title = labels.frameTitle;
  };
  setLanguage(options.lang, options.labels);

  let opener: Element | null = null;
  let unlockScroll: (() => void) | null = null;
  let destroyed = false;

  function onKeyDown(event: KeyboardEvent) {
    if (event.key !== "Escape" || event.isComposing) return;
    // The app's own Escape handlers (a menu behind the modal) must not also run.
    event.preventDefault();
    event.stopPropagation();
    options.onClose();
  }
  // Focus that lands outside the modal (a script, a late autofocus) is brought back in.
  function onFocusIn(event: FocusEvent) {
    if (event.target instanceof Node && !backdrop.contains(event.target)) close.focus();
  }

  doc.body.append(backdrop);
  // The iframe goes in a microtask later, with its src: StrictMode's throwaway first effect is undone by then,
  // so its dialog never requests Link (no second Link page load in development).
  queueMicrotask(() => {
    if (destroyed) return;
    iframe.addEventListener("load", () => options.onLoad());
    iframe.addEventListener("error", () => options.onLoadError());
    iframe.src = options.src;
    dialog.append(iframe);
  });
  return {
    iframe,
    get shown() {
      return !backdrop.hidden && !destroyed;
    },
    show() {
      if (destroyed || !backdrop.hidden) return;
      opener = doc.activeElement;
      backdrop.hidden = false;
      unlockScroll = lockBodyScroll(doc);
      doc.addEventListener("keydown", onKeyDown, true);
      doc.addEventListener("focusin", onFocusIn);
      iframe.focus();
    },
    setLanguage,
    destroy() {
      if (destroyed) return;
      destroyed = true;
      doc.removeEventListener("keydown", onKeyDown, true);
      doc.removeEventListener("focusin", onFocusIn);
      unlockScroll?.();
      backdrop.remove();
      if (opener instanceof HTMLElement && opener.isConnected && opener !== doc.body) opener.focus();
    },
  };
}
