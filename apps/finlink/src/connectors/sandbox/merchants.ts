import type { Rng } from "./random";

/** A kind of everyday movement: its description, category and amount range in cents. */
export interface Merchant {
  text: string;
  category: string | null;
  minCents: number;
  maxCents: number;
  /** Relative frequency. */
  weight: number;
}

export const CARD_MERCHANTS: readonly Merchant[] = [
  { text: "Compra Mercadona", category: "SUPERMERCADO", minCents: 650, maxCents: 9_800, weight: 10 },
  { text: "Compra Carrefour", category: "SUPERMERCADO", minCents: 900, maxCents: 12_500, weight: 5 },
  { text: "Compra Lidl", category: "SUPERMERCADO", minCents: 500, maxCents: 6_500, weight: 4 },
  { text: "Compra Dia", category: "SUPERMERCADO", minCents: 300, maxCents: 3_500, weight: 3 },
  { text: "Gasolinera Repsol", category: "TRANSPORTE", minCents: 2_500, maxCents: 7_500, weight: 3 },
  { text: "Gasolinera Cepsa", category: "TRANSPORTE", minCents: 2_500, maxCents: 7_000, weight: 1 },
  { text: "Metro de Madrid", category: "TRANSPORTE", minCents: 150, maxCents: 1_220, weight: 2 },
  { text: "Renfe Viajeros", category: "TRANSPORTE", minCents: 890, maxCents: 6_850, weight: 1 },
  { text: "Cabify", category: "TRANSPORTE", minCents: 700, maxCents: 2_600, weight: 1 },
  { text: "Compra Amazon EU", category: "COMPRAS", minCents: 799, maxCents: 8_999, weight: 4 },
  { text: "El Corte Inglés", category: "COMPRAS", minCents: 1_500, maxCents: 14_000, weight: 1 },
  { text: "Zara", category: "COMPRAS", minCents: 1_995, maxCents: 8_995, weight: 1 },
  { text: "Decathlon", category: "COMPRAS", minCents: 999, maxCents: 7_500, weight: 1 },
  { text: "Bar Restaurante El Rincón", category: "OCIO", minCents: 250, maxCents: 4_500, weight: 5 },
  { text: "Telepizza", category: "OCIO", minCents: 1_195, maxCents: 3_290, weight: 1 },
  { text: "Cines Yelmo", category: "OCIO", minCents: 790, maxCents: 2_590, weight: 1 },
  { text: "Farmacia Ldo. Martínez", category: "SALUD", minCents: 295, maxCents: 4_200, weight: 2 },
  { text: "Pago en comercio", category: null, minCents: 100, maxCents: 3_000, weight: 1 },
];

export const ATMS = ["Cajero Santander", "Cajero BBVA", "Cajero CaixaBank", "Cajero Sabadell"] as const;
export const FRIENDS = ["Lucía", "Javier", "Marta", "Pablo", "Carmen", "Diego", "Elena", "Sergio"] as const;
export const EMPLOYERS = [
  "ACME Servicios SL",
  "Tecnologías del Levante SA",
  "Distribuciones Cantábrico SL",
  "Clínica Dental Sonrisas SL",
  "Logística Meseta SA",
] as const;

const TOTAL_WEIGHT = CARD_MERCHANTS.reduce((sum, m) => sum + m.weight, 0);

export function pickMerchant(rng: Rng): Merchant {
  let ticket = rng.next() * TOTAL_WEIGHT;
  for (const merchant of CARD_MERCHANTS) {
    ticket -= merchant.weight;
    if (ticket < 0) return merchant;
  }
  return CARD_MERCHANTS[0] as Merchant;
}

/** An amount in the merchant's range, small ones more often (most tickets are small). */
export function merchantAmount(rng: Rng, merchant: Merchant): number {
  const r = rng.next();
  return merchant.minCents + Math.floor((merchant.maxCents - merchant.minCents) * r * r);
}
