import type { Messages } from "./en";
import { listOf } from "./labels";

const attempts = (n: number) => {
  if (n === 0) return "No quedan intentos por ahora";
  return n === 1 ? "Queda 1 intento" : `Quedan ${n} intentos`;
};
const tryAgain = (minutes: number | null) => {
  if (minutes === null) return "Inténtalo de nuevo más tarde.";
  return minutes === 1 ? "Inténtalo de nuevo dentro de 1 minuto." : `Inténtalo de nuevo dentro de ${minutes} minutos.`;
};

export const es: Messages = {
  documentTitle: "Conecta tu cuenta · Finlink",
  brand: "Finlink",
  loading: "Cargando…",
  exit: "Salir",
  nav: {
    back: "Atrás",
  },
  exitDialog: {
    title: "¿Salir sin conectar?",
    body: (app) => `Tu cuenta no se conectará con ${app}.`,
    confirm: "Sí, salir",
    cancel: "Seguir conectando",
  },
  entity: {
    title: "Elige tu banco",
    intro: (app) => `${app} usa Finlink para conectar tus cuentas de forma segura.`,
    search: "Busca tu banco",
    searchHint: "Usa las flechas para moverte por los resultados.",
    failed: "No hemos podido cargar la lista de bancos.",
  },
  credentials: {
    title: (entity) => `Entra en ${entity}`,
    intro: (app) => `Tus credenciales solo llegan a Finlink; ${app} nunca las ve.`,
    submit: "Continuar",
    required: (label) => `Rellena el campo ${label}.`,
    // "tu" before each: Spanish articles follow each label's gender, which a connector's label does not say.
    wrong: (labels, remaining) =>
      `Los datos no son correctos: revisa ${listOf(labels, "y", "tu ")}.${remaining === null ? "" : ` ${attempts(remaining)}.`}`,
    changeEntity: "Elegir otro banco",
    throttled: (minutes) => `Demasiados intentos fallidos con este usuario. ${tryAgain(minutes)}`,
    throttledAddress: (minutes) => `Demasiados intentos fallidos desde tu red. ${tryAgain(minutes)}`,
  },
  otp: {
    title: "Introduce el código de verificación",
    label: "Código de verificación",
    hint: (length) => `Escribe el código de ${length} cifras que te ha enviado tu banco.`,
    submit: "Verificar",
    wrong: "El código no es correcto. Inténtalo de nuevo.",
  },
  question: {
    title: "Responde a la pregunta de seguridad",
    submit: "Verificar",
    wrong: "La respuesta no es correcta. Inténtalo de nuevo.",
  },
  device: {
    title: "Elige dónde recibir el código",
    submit: "Enviar código",
  },
  app: {
    title: "Aprueba en la app de tu banco",
    body: (entity) => `Abre la app de ${entity} en tu móvil y aprueba el acceso.`,
    waiting: "Esperando la aprobación…",
    timeLeft: (time) => `Tiempo restante: ${time}`,
  },
  mfaRestart: "La verificación no se ha completado. Vuelve a entrar.",
  required: "Rellena este campo.",
  connecting: {
    title: "Conectando…",
    body: (entity) => `Conectando tus cuentas de ${entity} de forma segura.`,
    steps: ["Iniciando sesión de forma segura", "Leyendo tus cuentas", "Ya casi está"],
    slow: "Está tardando más de lo habitual. Puedes seguir esperando: algunos bancos tardan en responder.",
  },
  success: {
    title: "Conectado",
    connected: (entity, app) => `Tus cuentas de ${entity} ya están conectadas con ${app}.`,
    updated: (entity) => `Tu conexión con ${entity} está al día.`,
  },
  error: {
    back: (app) => `Volver a ${app}`,
    retry: "Inténtalo de nuevo",
    details: "Detalles",
    detailsHint: "Si contactas con soporte, facilítales estos datos.",
    code: "Código de error",
    requestId: "ID de la petición",
    network: "No hemos podido contactar con Finlink. Revisa tu conexión e inténtalo de nuevo.",
    loadFailed: "No se ha podido cargar este paso",
    someBank: "Tu banco",
    theApp: "la app desde la que llegaste",
    locked: {
      title: "Tu cuenta está bloqueada",
      body: "Tu banco ha bloqueado esta cuenta. Desbloquéala en la web o la app del banco y vuelve a conectarla.",
    },
    tooMany: {
      title: "Demasiados intentos",
      body: (app) =>
        `Por tu seguridad, el acceso queda bloqueado por ahora. Vuelve a ${app} e inténtalo de nuevo más tarde.`,
    },
    unavailable: {
      title: (entity) => `${entity} no está disponible ahora`,
      body: "El banco no responde. Inténtalo de nuevo dentro de unos minutos o elige otro banco.",
    },
    timeout: {
      title: "La aprobación ha caducado",
      body: "No se aprobó a tiempo. Vuelve a entrar para recibir una nueva solicitud.",
    },
    expired: {
      title: "Este enlace ha caducado",
      body: (app) => `Por seguridad, los enlaces duran poco tiempo. Vuelve a ${app} y empieza de nuevo.`,
    },
    invalid: {
      title: "Este enlace no es válido",
      body: (app) => `Vuelve a ${app} e inténtalo de nuevo.`,
    },
    busy: {
      title: "Demasiadas conexiones iniciadas",
      body: (minutes) =>
        `Se han iniciado demasiadas conexiones desde tu red. Inténtalo de nuevo ${minutes ? `dentro de ${minutes} ${minutes === 1 ? "minuto" : "minutos"}` : "más tarde"}.`,
    },
    unreachable: {
      title: "No hemos podido empezar",
      body: "No hemos podido contactar con Finlink. Revisa tu conexión a internet e inténtalo de nuevo.",
    },
    actionRequired: {
      title: "Tu banco necesita que hagas algo",
      body: "Tu banco te pide una acción en su web o su app. Hazla allí y vuelve a conectar la cuenta.",
    },
    generic: {
      title: "Algo ha fallado",
      body: "No se ha podido completar la conexión. Inténtalo de nuevo dentro de unos minutos.",
    },
  },
  // ── Consent (the first screen of a new connection) ──
  consent: {
    title: (app: string, entity: string) => `${app} solicita conectarse a ${entity}`,
    anyEntity: { TRANSACTIONS: "tu banco", INVESTMENTS: "tu banco o bróker" },
    readsTitle: "Qué se leerá",
    reads: {
      TRANSACTIONS: ["Tus cuentas y sus saldos", "Tus movimientos"],
      INVESTMENTS: ["Tus cuentas y sus saldos", "Tus carteras e inversiones", "Tus posiciones"],
    },
    durationTitle: "Durante cuánto tiempo",
    duration: "Hasta que lo revoques. Los datos se actualizan cada día.",
    revokeTitle: "Cómo revocarlo",
    revoke: (app: string) => `Elimina la conexión en ${app} cuando quieras.`,
    credentials: (app: string) => `Finlink nunca comparte tus credenciales con ${app}.`,
    privacy: (app: string) => `Política de privacidad de ${app}`,
    terms: (app: string) => `Condiciones de ${app}`,
    newTab: "(se abre en una pestaña nueva)",
    continue: "Continuar",
  },
  // Búsqueda de entidades, marcas y estado (issue 13).
  discovery: {
    filter: "Mostrar",
    kinds: { ALL: "Todas", BANK: "Bancos", BROKER: "Brókers" },
    count: (n, kind) => {
      const [one, many] = { ALL: ["entidad", "entidades"], BANK: ["banco", "bancos"], BROKER: ["bróker", "brókers"] }[
        kind
      ];
      return n === 1 ? `1 ${one}` : `${n} ${many}`;
    },
    empty: (query, kind) =>
      kind === "BROKER" ? `Ningún bróker coincide con «${query}».` : `Ningún banco coincide con «${query}».`,
    helpTitle: "¿No encuentras tu banco?",
    help: (app) =>
      `Revisa cómo lo has escrito, o escribe el principio de sus palabras o sus iniciales («bs» encuentra Banco Sandbox). Si aun así no aparece, ${app} todavía no puede conectarlo: vuelve a ${app} para preguntar, o conecta otra cuenta.`,
    unavailable: "No disponible temporalmente",
    chooseAnother: "Elegir otro banco",
  },
  // Formulario de acceso y pantalla de éxito (issue 13, puntos 5 y 8).
  signIn2: {
    reveal: (shown: boolean, field: string | null) => `${shown ? "Ocultar" : "Mostrar"}${field ? ` ${field}` : ""}`,
    forgot: "¿Has olvidado tu contraseña?",
    fetching: (app: string) => `Estamos obteniendo tus datos; ${app} los mostrará en breve.`,
    continueTo: (app: string) => `Continuar en ${app}`,
  },
  // MFA: adónde fue el código, otro código, otro método, intentos restantes (issue 13, punto 7).
  mfa2: {
    sentTo: (where) => `Hemos enviado un código a: ${where}.`,
    wrong: (remaining) =>
      `El código no es correcto.${remaining === null ? " Inténtalo de nuevo." : ` ${attempts(remaining)}.`}`,
    resend: "Enviar otro código",
    resendIn: (seconds) => `Enviar otro código (${seconds} s)`,
    resent: (where, seconds) =>
      `Hemos enviado un código nuevo a: ${where}. Podrás pedir otro dentro de ${seconds} segundos.`,
    resendReady: "Ya puedes pedir otro código.",
    noMoreCodes: "No se pueden enviar más códigos. Escribe el último o usa otro método.",
    otherMethods: "Usar otro método",
    switchTo: {
      OTP: "Recibir un código",
      QUESTION: "Responder una pregunta de seguridad",
      DEVICE: "Enviar el código a otro sitio",
      APP: "Aprobar en la app de tu banco",
    },
    switchRefused: "Ese método no está disponible ahora. Prueba con otro.",
  },
  // Acceso en la propia página del banco (SCA por redirección, issue 13).
  redirect: {
    title: (bank) => `Accede en ${bank}`,
    intro: (bank) => `Accederás en la propia página de ${bank} y después volverás aquí.`,
    popup: "Se abre en una ventana nueva.",
    private: (bank, app) => `Tu contraseña solo llega a ${bank}; ni Finlink ni ${app} la ven.`,
    continue: (bank) => `Continuar en ${bank}`,
    preparing: (bank) => `Preparando la página de ${bank}…`,
    prepareFailed: (bank) => `No hemos podido preparar la página de ${bank}.`,
    notCompleted: (bank) => `El acceso en ${bank} no se ha completado. Inténtalo de nuevo.`,
    waitingTitle: (bank) => `Te esperamos en ${bank}…`,
    waiting: (bank) => `Accede y da tu permiso en la ventana de ${bank}. Esta página seguirá sola.`,
    reopen: "Abrir de nuevo la ventana del banco",
    completing: "Terminando tu acceso…",
    blockedTitle: (bank) => `No se ha podido abrir la página de ${bank}`,
    blocked: (bank) =>
      `Tu navegador ha bloqueado la ventana. Abre la página de ${bank} con este enlace y vuelve después.`,
    openLink: (bank) => `Abrir la página de ${bank}`,
    newTab: "(se abre en una pestaña nueva)",
    deniedTitle: (bank) => `No has dado permiso a ${bank}`,
    denied: (bank, app) =>
      `No se ha conectado nada. Para conectar ${bank} con ${app}, empieza de nuevo y aprueba el acceso en la página de ${bank}.`,
    elsewhereTitle: "Has continuado en otra ventana",
    elsewhere: (bank) => `Termina allí de conectar ${bank}. Puedes cerrar esta.`,
    closeTitle: "Puedes cerrar esta ventana",
    close: "Tu acceso en el banco ha terminado: continúa en la ventana desde la que empezaste.",
    unknownTitle: "Este acceso al banco ya ha terminado o ha caducado",
    unknown: (app) => `Empieza de nuevo desde ${app}.`,
    theApp: "la aplicación",
    yourBank: "tu banco",
    returnFailed: "No hemos podido terminar tu acceso",
  },
};
