import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { ConnectorEntity, CredentialField, EntityHealth } from "../connector";
import type { NameStyle } from "./person";

export const SANDBOX_BANK = "sandbox_bank";
export const SANDBOX_BROKER = "sandbox_broker";
export const SANDBOX_BANK_APP = "sandbox_bank_app";
export const SANDBOX_BANK_DOWN = "sandbox_bank_down";
export const SANDBOX_BANK_DNI = "sandbox_bank_dni";
/** Signs in on its own page (redirect SCA with state and PKCE, as a PSD2 bank): see `oauth.ts`. */
export const SANDBOX_BANK_OAUTH = "sandbox_bank_oauth";

export const SANDBOX_ENTITY_IDS = [
  SANDBOX_BANK,
  SANDBOX_BROKER,
  SANDBOX_BANK_APP,
  SANDBOX_BANK_DOWN,
  SANDBOX_BANK_DNI,
  SANDBOX_BANK_OAUTH,
] as const;
export type SandboxEntityId = (typeof SANDBOX_ENTITY_IDS)[number];

/** The sandbox's logos (`<entity id>.svg`, each drawn in its entity's brand colour), served at `/logos/`. */
const LOGOS_DIR = new URL("./logos/", import.meta.url);

/**
 * The sandbox banks have no password pages of their own: "Forgot your password?" opens the sandbox guide's
 * section saying so (a page on Finlink's origin, under the docs' strict CSP).
 */
export const SANDBOX_FORGOT_PASSWORD_URL = "/api/v1/docs/guides/sandbox-users#forgotten-passwords";

/** How a sandbox entity behaves, beside what it shows of itself. */
export interface SandboxEntity {
  entity: ConnectorEntity;
  /** A broker adds portfolios, investments and a cash account per portfolio. */
  kind: "bank" | "broker";
  /** Every sign-in that needs no other second factor is approved in the bank's app instead. */
  appApproval: boolean;
  unavailable: boolean;
  /** The made-up four-digit Spanish bank code in its IBANs. */
  bankCode: string;
  /** How it writes account holders' names (`owners`). */
  nameStyle: NameStyle;
}

const USER_AND_PASSWORD: CredentialField[] = [
  {
    name: "username",
    label: { es: "Usuario", en: "Username" },
    type: "text",
    autocomplete: "username",
    hint: { es: "El usuario con el que entras en la banca online", en: "The username you use for online banking" },
  },
  { name: "password", label: { es: "Contraseña", en: "Password" }, type: "password", autocomplete: "current-password" },
];

// Many Spanish banks sign in with the national id and a numeric PIN: fields are the connector's to define.
const DNI_AND_PIN: CredentialField[] = [
  {
    name: "dni",
    label: { es: "DNI / NIE", en: "ID number (DNI / NIE)" },
    type: "text",
    autocomplete: "username",
    hint: { es: "El DNI con el que entras en la banca online", en: "The DNI you use for online banking" },
  },
  {
    name: "pin",
    label: { es: "PIN", en: "PIN" },
    type: "password",
    autocomplete: "current-password",
    inputMode: "numeric",
  },
];

function sandboxEntity(
  id: SandboxEntityId,
  name: string,
  options: Partial<Omit<SandboxEntity, "entity">> & {
    credentialFields?: CredentialField[];
    /** The bank's own page instead of Link's form: no credential fields, no forgotten-password link. */
    redirect?: boolean;
    brandColor: string;
    popularity: number;
  },
): SandboxEntity {
  const kind = options.kind ?? "bank";
  const unavailable = options.unavailable ?? false;
  return {
    entity: {
      id,
      name,
      country: "ES",
      maturity: "TEST",
      products: kind === "broker" ? ["TRANSACTIONS", "INVESTMENTS"] : ["TRANSACTIONS"],
      twoFactor: !unavailable,
      logoUrl: `/logos/${id}.svg`,
      type: kind === "broker" ? "BROKER" : "BANK",
      credentialFields: options.redirect ? [] : (options.credentialFields ?? USER_AND_PASSWORD),
      signIn: options.redirect ? "REDIRECT" : "FORM",
      brandColor: options.brandColor,
      popularity: options.popularity,
      ...(options.redirect ? {} : { forgotPasswordUrl: SANDBOX_FORGOT_PASSWORD_URL }),
    },
    kind,
    appApproval: options.appApproval ?? false,
    unavailable,
    bankCode: options.bankCode ?? "0900",
    nameStyle: options.nameStyle ?? "UPPER",
  };
}

// Popularity orders Link's list: the plain bank and the broker that most tests use come first.
const ENTITIES: readonly SandboxEntity[] = [
  sandboxEntity(SANDBOX_BANK, "Banco Sandbox", { bankCode: "0901", brandColor: "#1d4ed8", popularity: 100 }),
  sandboxEntity(SANDBOX_BROKER, "Bróker Sandbox", {
    kind: "broker",
    bankCode: "0902",
    nameStyle: "AS_WRITTEN",
    brandColor: "#047857",
    popularity: 90,
  }),
  sandboxEntity(SANDBOX_BANK_APP, "Banco Sandbox App", {
    appApproval: true,
    bankCode: "0903",
    brandColor: "#6d28d9",
    popularity: 50,
  }),
  sandboxEntity(SANDBOX_BANK_DOWN, "Banco Sandbox Caído", {
    unavailable: true,
    bankCode: "0904",
    brandColor: "#475467",
    popularity: 10,
  }),
  sandboxEntity(SANDBOX_BANK_DNI, "Caja Sandbox", {
    credentialFields: DNI_AND_PIN,
    bankCode: "0905",
    nameStyle: "SURNAMES_FIRST",
    brandColor: "#c2410c",
    popularity: 70,
  }),
  sandboxEntity(SANDBOX_BANK_OAUTH, "Banca Abierta Sandbox", {
    redirect: true,
    bankCode: "0906",
    brandColor: "#0f766e",
    popularity: 60,
  }),
];

/** The public descriptions, as fresh copies so a caller cannot change what the next one sees. */
export function listEntities(): ConnectorEntity[] {
  return ENTITIES.map(({ entity }) => structuredClone(entity));
}

/** `sandbox_bank_down` is always down, as a real connector would report an outage; the rest are up. */
export async function entityStatus(entityId: string): Promise<EntityHealth> {
  return findEntity(entityId)?.unavailable
    ? { status: "UNAVAILABLE", statusReason: "OUTAGE" }
    : { status: "AVAILABLE" };
}

const logos = new Map<string, Promise<Uint8Array>>();

/** The entity's SVG logo, read once; undefined for an id that is not a sandbox entity (never a path). */
export function entityLogo(entityId: string): Promise<Uint8Array | undefined> {
  const sandbox = findEntity(entityId);
  if (!sandbox) return Promise.resolve(undefined);
  const id = sandbox.entity.id;
  let logo = logos.get(id);
  if (!logo) {
    logo = readFile(fileURLToPath(new URL(`${id}.svg`, LOGOS_DIR))).then(
      (bytes) => new Uint8Array(bytes),
      (error: unknown) => {
        logos.delete(id); // a failed read is tried again next time, not remembered
        throw error;
      },
    );
    logos.set(id, logo);
  }
  return logo;
}

export function findEntity(entityId: string): SandboxEntity | undefined {
  return ENTITIES.find(({ entity }) => entity.id === entityId);
}
