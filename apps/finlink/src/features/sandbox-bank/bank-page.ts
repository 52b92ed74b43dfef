import { createHash } from "node:crypto";

// The sandbox bank's authorize page as HTML: no script at all, one inline stylesheet allowed by its hash, the
// bank's logo from Finlink's origin. It reads as the bank's own page (its name, colour and words), not Link's.

export type BankLang = "es" | "en";

const BANK_NAME = "Banca Abierta Sandbox";
const BRAND = "#0f766e";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f1f5f4;color:#1f2937;line-height:1.5}
header{background:${BRAND};color:#fff;padding:12px 20px;display:flex;align-items:center;gap:12px}
header img{width:40px;height:40px;border-radius:8px;box-shadow:0 0 0 2px rgba(255,255,255,.7)}
header p{margin:0;font-weight:700;font-size:1.1rem}
main{max-width:420px;margin:24px auto;padding:24px;background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.35rem;margin:0 0 8px}
.asks{margin:0 0 16px;color:#374151}
label{display:block;font-weight:600;margin:12px 0 4px}
input{width:100%;padding:10px 12px;font-size:1rem;border:1px solid #6b7280;border-radius:8px;color:#111827;background:#fff}
input:focus-visible,button:focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
input[aria-invalid=true]{border-color:#b42318}
.error{color:#b42318;font-weight:600;margin:12px 0 0}
.hint{color:#4b5563;font-size:.9rem;margin:4px 0 0}
.actions{display:flex;flex-wrap:wrap;gap:12px;margin-top:20px}
button{flex:1 1 140px;min-height:44px;padding:10px 16px;font-size:1rem;font-weight:600;border-radius:8px;cursor:pointer}
.approve{background:${BRAND};color:#fff;border:2px solid ${BRAND}}
.deny{background:#fff;color:#1f2937;border:2px solid #6b7280}
footer{text-align:center;color:#4b5563;font-size:.85rem;margin:0 16px 24px}
`;

/** The page's only style, allowed by hash in its CSP (`style-src 'sha256-…'`): nothing else inline runs or applies. */
export const STYLE_HASH = `'sha256-${createHash("sha256").update(STYLE).digest("base64")}'`;

const TEXT = {
  es: {
    title: `Autoriza el acceso · ${BANK_NAME}`,
    heading: "Entra para autorizar el acceso",
    asks: "Finlink pide leer tus cuentas y movimientos durante 90 días. Puedes revocarlo cuando quieras desde tu banca online.",
    username: "Usuario",
    usernameHint: "El usuario de tu banca online (en el sandbox: user_good)",
    password: "Contraseña",
    approve: "Autorizar",
    deny: "Denegar",
    invalid: "El usuario o la contraseña no son correctos. Revísalos e inténtalo de nuevo.",
    locked: "Tu acceso está bloqueado. Llama a tu oficina para desbloquearlo.",
    errorTitle: `No se puede autorizar · ${BANK_NAME}`,
    errorHeading: "Esta solicitud de autorización no es válida",
    errorBody: "Vuelve a la aplicación desde la que llegaste e inténtalo de nuevo.",
    footer: "Página de pruebas del sandbox de Finlink: no es un banco real.",
  },
  en: {
    title: `Authorise access · ${BANK_NAME}`,
    heading: "Sign in to authorise access",
    asks: "Finlink asks to read your accounts and transactions for 90 days. You can revoke it at any time in your online banking.",
    username: "Username",
    usernameHint: "Your online banking username (in the sandbox: user_good)",
    password: "Password",
    approve: "Approve",
    deny: "Deny",
    invalid: "The username or password is not right. Check them and try again.",
    locked: "Your access is locked. Call your branch to unlock it.",
    errorTitle: `Cannot authorise · ${BANK_NAME}`,
    errorHeading: "This authorisation request is not valid",
    errorBody: "Go back to the app you came from and try again.",
    footer: "A Finlink sandbox test page: not a real bank.",
  },
} as const;

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);

function layout(lang: BankLang, title: string, body: string): string {
  const t = TEXT[lang];
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><img src="/logos/sandbox_bank_oauth.svg" alt=""><p>${BANK_NAME}</p></header>
<main>
${body}
</main>
<footer>${t.footer}</footer>
</body>
</html>`;
}

export interface FormView {
  lang: BankLang;
  /** The request's parameters, carried through the POST as hidden fields. */
  params: Record<string, string>;
  csrf: string;
  username?: string;
  error?: "INVALID_CREDENTIALS" | "ACCOUNT_LOCKED";
}

const hidden = (name: string, value: string) =>
  `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`;

/** The sign-in and consent form; after a refused password, the same form with the error said and tied to the fields. */
export function formPage(view: FormView): string {
  const t = TEXT[view.lang];
  const invalid = view.error ? ' aria-invalid="true" aria-describedby="bank-error"' : "";
  const error = view.error
    ? `<p class="error" id="bank-error" role="alert">${view.error === "ACCOUNT_LOCKED" ? t.locked : t.invalid}</p>`
    : "";
  const fields = Object.entries(view.params).map(([name, value]) => hidden(name, value));
  return layout(
    view.lang,
    t.title,
    `<h1>${t.heading}</h1>
<p class="asks">${t.asks}</p>
<form method="post" action="/sandbox/oauth/authorize">
${fields.join("\n")}
${hidden("csrf", view.csrf)}
<label for="username">${t.username}</label>
<input id="username" name="username" autocomplete="username" required aria-describedby="username-hint${view.error ? " bank-error" : ""}"${view.error ? ' aria-invalid="true"' : ""} value="${escapeHtml(view.username ?? "")}">
<p class="hint" id="username-hint">${t.usernameHint}</p>
<label for="password">${t.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
${error}
<div class="actions">
<button type="submit" class="approve" name="action" value="approve">${t.approve}</button>
<button type="submit" class="deny" name="action" value="deny" formnovalidate>${t.deny}</button>
</div>
</form>`,
  );
}

/** A request that cannot go on (a bad parameter, a forged form): said here, never sent to any redirect_uri. */
export function errorPage(lang: BankLang, problems: string[]): string {
  const t = TEXT[lang];
  const list = problems.map((p) => `<li><code>${escapeHtml(p)}</code></li>`).join("");
  return layout(lang, t.errorTitle, `<h1>${t.errorHeading}</h1>\n<p>${t.errorBody}</p>\n<ul>${list}</ul>`);
}
