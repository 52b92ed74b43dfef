export type LinkLang = "en" | "es";

export interface LinkLabels {
  title: string;
  close: string;
  frameTitle: string;
}

const LABELS: Record<LinkLang, LinkLabels> = {
  en: { title: "Connect a financial entity", close: "Close", frameTitle: "Finlink: connect your bank or broker" },
  es: { title: "Conectar una entidad financiera", close: "Cerrar", frameTitle: "Finlink: conecta tu banco o bróker" },
};

/** The given language, else the page's (`<html lang="es-ES">` → es), else English. */
export function resolveLang(lang: LinkLang | undefined, doc: Document = document): LinkLang {
  if (lang) return lang;
  return doc.documentElement.lang.toLowerCase().split("-")[0] === "es" ? "es" : "en";
}

export function labelsFor(lang: LinkLang): LinkLabels {
  return LABELS[lang];
}
