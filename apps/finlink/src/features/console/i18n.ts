import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { ConsoleEnv } from "./console-env";
import { CONSOLE_PATH } from "./console-session";

const en = {
  console: "Finlink console",
  skip: "Skip to content",
  language: "Language",
  apps: "Apps",
  entities: "Entities",
  signIn: "Sign in",
  signOut: "Sign out",
  signedInAs: "Signed in as {name}",
  username: "Username",
  password: "Password",
  signInFailed: "Wrong username or password, or the account is locked for a while after too many attempts.",
  originRefused: "This form was not sent from the console's own page: reload it and try again.",
  sessionEnded: "Your session ended: sign in again.",
  name: "Name",
  clientId: "Client id",
  created: "Created",
  createApp: "Create an app",
  create: "Create",
  save: "Save",
  delete: "Delete",
  revoke: "Revoke",
  add: "Add",
  noApps: "No apps yet.",
  redirectUri: "Redirect URI",
  redirects: "Redirects",
  redirectId: "Id",
  webhookUrl: "Webhook URL",
  webhookUrlHint: "Empty: no webhooks are sent.",
  privacyPolicyUrl: "Privacy policy URL",
  termsUrl: "Terms URL",
  linksHint: "Shown on Link's consent screen; empty removes one.",
  consentLinks: "Consent-screen links",
  startMode: "How Link may start",
  startAny: "From URL parameters or start tokens",
  startTokensOnly: "Only from start tokens (start-flow)",
  secrets: "Client secrets",
  secretsHint: "Up to 5 live at once. API login accepts any live one; a revoked one stops working at once.",
  newSecret: "New client secret",
  secretRevoked: "Revoked {date}",
  secretLive: "Live",
  secretOnce: "Copy this client secret now: it is stored hashed and will not be shown again.",
  appCreated: "App created",
  secretCreated: "Client secret created",
  backToApp: "Back to the app",
  settings: "Settings",
  connections: "Connections",
  webhooks: "Webhooks",
  saved: "Saved.",
  status: "Status",
  entity: "Entity",
  externalId: "External id",
  lastSync: "Last sync",
  error: "Error",
  noConnections: "No connections yet.",
  deleteConnection: "Delete connection",
  never: "never",
  endpoint: "Endpoint",
  endpointState: "State: {state}",
  failingSince: "Failing since {date}",
  reenable: "Re-enable and recover",
  recoverSince: "Replay failed events since",
  recoverHint: "Re-enables the endpoint and sends again every event that failed since then, and every held one.",
  recovered: "{n} events scheduled again.",
  replay: "Replay",
  replayed: "Event scheduled to be sent again.",
  event: "Event",
  type: "Type",
  delivery: "Delivery",
  attempts: "Attempts",
  attempt: "Attempt",
  startedAt: "Started",
  statusCode: "HTTP status",
  latency: "Latency",
  response: "Answer",
  manual: "manual",
  noEvents: "No webhook events yet.",
  noAttempts: "No attempts yet.",
  entityStatus: "Status",
  up: "Up",
  down: "Down",
  products: "Products",
  notFound: "There is no such page or app.",
  badInput: "Check the form: {detail}",
  tooLarge: "The form sent is too large.",
  badForm: "The form could not be read: send it again from the page.",
  nameRequired: "Give the app a name.",
  dateRequired: "Give a date and time.",
  tableOf: "Table: {name}",
  signInThrottled: "Too many failed sign-ins from your network: wait a few minutes, then try again.",
  signInBusy: "Too many sign-ins are being checked right now: try again in a second.",
} as const;

export type MessageKey = keyof typeof en;

const es: Record<MessageKey, string> = {
  console: "Consola de Finlink",
  skip: "Saltar al contenido",
  language: "Idioma",
  apps: "Apps",
  entities: "Entidades",
  signIn: "Iniciar sesión",
  signOut: "Cerrar sesión",
  signedInAs: "Sesión de {name}",
  username: "Usuario",
  password: "Contraseña",
  signInFailed: "Usuario o contraseña incorrectos, o la cuenta está bloqueada un tiempo tras demasiados intentos.",
  originRefused: "Este formulario no se envió desde la página de la consola: recárgala y vuelve a intentarlo.",
  sessionEnded: "Tu sesión terminó: vuelve a iniciarla.",
  name: "Nombre",
  clientId: "Client id",
  created: "Creada",
  createApp: "Crear una app",
  create: "Crear",
  save: "Guardar",
  delete: "Eliminar",
  revoke: "Revocar",
  add: "Añadir",
  noApps: "Aún no hay apps.",
  redirectUri: "URI de redirección",
  redirects: "Redirecciones",
  redirectId: "Id",
  webhookUrl: "URL de webhooks",
  webhookUrlHint: "Vacía: no se envían webhooks.",
  privacyPolicyUrl: "URL de la política de privacidad",
  termsUrl: "URL de los términos",
  linksHint: "Se muestran en la pantalla de consentimiento de Link; vacía la quita.",
  consentLinks: "Enlaces de la pantalla de consentimiento",
  startMode: "Cómo puede empezar Link",
  startAny: "Con parámetros en la URL o con tokens de inicio",
  startTokensOnly: "Solo con tokens de inicio (start-flow)",
  secrets: "Client secrets",
  secretsHint:
    "Hasta 5 vigentes a la vez. El login de la API acepta cualquiera vigente; uno revocado deja de valer al instante.",
  newSecret: "Nuevo client secret",
  secretRevoked: "Revocado {date}",
  secretLive: "Vigente",
  secretOnce: "Copia este client secret ahora: se guarda cifrado con hash y no se volverá a mostrar.",
  appCreated: "App creada",
  secretCreated: "Client secret creado",
  backToApp: "Volver a la app",
  settings: "Ajustes",
  connections: "Conexiones",
  webhooks: "Webhooks",
  saved: "Guardado.",
  status: "Estado",
  entity: "Entidad",
  externalId: "Id externo",
  lastSync: "Última sincronización",
  error: "Error",
  noConnections: "Aún no hay conexiones.",
  deleteConnection: "Eliminar conexión",
  never: "nunca",
  endpoint: "Endpoint",
  endpointState: "Estado: {state}",
  failingSince: "Falla desde {date}",
  reenable: "Reactivar y recuperar",
  recoverSince: "Reenviar los eventos fallidos desde",
  recoverHint: "Reactiva el endpoint y vuelve a enviar cada evento fallido desde entonces y cada uno retenido.",
  recovered: "{n} eventos programados de nuevo.",
  replay: "Reenviar",
  replayed: "Evento programado para enviarse de nuevo.",
  event: "Evento",
  type: "Tipo",
  delivery: "Entrega",
  attempts: "Intentos",
  attempt: "Intento",
  startedAt: "Inicio",
  statusCode: "Estado HTTP",
  latency: "Latencia",
  response: "Respuesta",
  manual: "manual",
  noEvents: "Aún no hay eventos de webhook.",
  noAttempts: "Aún no hay intentos.",
  entityStatus: "Estado",
  up: "Disponible",
  down: "Caída",
  products: "Productos",
  notFound: "No existe esa página o app.",
  badInput: "Revisa el formulario: {detail}",
  tooLarge: "El formulario enviado es demasiado grande.",
  badForm: "No se pudo leer el formulario: envíalo de nuevo desde la página.",
  nameRequired: "Dale un nombre a la app.",
  dateRequired: "Indica una fecha y hora.",
  tableOf: "Tabla: {name}",
  signInThrottled: "Demasiados inicios de sesión fallidos desde tu red: espera unos minutos y vuelve a intentarlo.",
  signInBusy: "Se están comprobando demasiados inicios de sesión ahora mismo: vuelve a intentarlo en un segundo.",
};

export const LANGS = ["en", "es"] as const;
export type Lang = (typeof LANGS)[number];
const catalogues: Record<Lang, Record<MessageKey, string>> = { en, es };
export const LANG_COOKIE = "finlink_console_lang";

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export const translator =
  (lang: Lang): Translate =>
  (key, params = {}) =>
    catalogues[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));

const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang);

/**
 * The page's language: `?lang=` (the switch, remembered in a cookie), else the cookie, else the first of
 * Accept-Language's that the console speaks, else English.
 */
export function pickLang(c: Context<ConsoleEnv>): Lang {
  const asked = c.req.query("lang");
  if (isLang(asked)) {
    setCookie(c, LANG_COOKIE, asked, { path: CONSOLE_PATH, sameSite: "Strict", httpOnly: true, maxAge: 31_536_000 });
    return asked;
  }
  const saved = getCookie(c, LANG_COOKIE);
  if (isLang(saved)) return saved;
  const accepted = (c.req.header("accept-language") ?? "")
    .split(",")
    .map((part) => part.split(";")[0]?.trim().slice(0, 2).toLowerCase());
  return accepted.find(isLang) ?? "en";
}
