/** Full screen below this width (the same breakpoint `mode: "auto"` uses to go full-page). */
export const SMALL_SCREEN_QUERY = "(max-width: 639px)";

export const CLASS = {
  backdrop: "finlink-link-backdrop",
  dialog: "finlink-link-dialog",
  header: "finlink-link-header",
  title: "finlink-link-title",
  close: "finlink-link-close",
  frame: "finlink-link-frame",
  guard: "finlink-link-focus-guard",
} as const;

export const STYLES = `
.${CLASS.backdrop}{position:fixed;inset:0;z-index:2147483000;display:flex;align-items:center;justify-content:center;padding:16px;background:rgb(15 23 42/.6)}
.${CLASS.backdrop}[hidden]{display:none}
.${CLASS.dialog}{display:flex;flex-direction:column;width:min(440px,100%);height:min(720px,100%);overflow:hidden;border-radius:12px;background:#fff;color:#0f172a;box-shadow:0 20px 50px rgb(0 0 0/.3)}
.${CLASS.header}{display:flex;align-items:center;justify-content:space-between;gap:8px;padding:4px 4px 4px 16px;border-bottom:1px solid #e2e8f0}
.${CLASS.title}{margin:0;font:600 1rem/1.4 system-ui,sans-serif}
.${CLASS.close}{min-width:44px;min-height:44px;border:0;border-radius:8px;background:transparent;color:inherit;font:400 1.5rem/1 system-ui,sans-serif;cursor:pointer}
.${CLASS.close}:hover{background:#f1f5f9}
.${CLASS.close}:focus-visible{outline:3px solid #2563eb;outline-offset:-3px}
.${CLASS.frame}{flex:1;width:100%;border:0;background:#fff}
.${CLASS.guard}{position:fixed;width:1px;height:1px;overflow:hidden;opacity:0}
@media ${SMALL_SCREEN_QUERY}{.${CLASS.backdrop}{padding:0}.${CLASS.dialog}{width:100%;height:100%;border-radius:0}}
@media (prefers-color-scheme:dark){.${CLASS.dialog},.${CLASS.frame}{background:#0f172a;color:#e2e8f0}.${CLASS.header}{border-color:#334155}.${CLASS.close}:hover{background:#1e293b}}
`;

const installed = new WeakSet<Document>();

/**
 * Adds the dialog's stylesheet to `doc` once. A constructed stylesheet first: browsers do not apply CSP's
 * `style-src` to it, so it works under the demo BFF's `style-src 'self'`; where constructed sheets are
 * missing, a `<style>` element carrying `nonce` (needed only if the page's CSP forbids inline styles).
 */
export function installStyles(doc: Document, nonce?: string): void {
  if (installed.has(doc)) return;
  installed.add(doc);
  const view = doc.defaultView;
  if (
    view &&
    Array.isArray(doc.adoptedStyleSheets) &&
    typeof view.CSSStyleSheet?.prototype.replaceSync === "function"
  ) {
    const sheet = new view.CSSStyleSheet();
    sheet.replaceSync(STYLES);
    doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    return;
  }
  const style = doc.createElement("style");
  style.dataset.finlinkLink = "";
  if (nonce) style.nonce = nonce;
  style.textContent = STYLES;
  doc.head.append(style);
}
