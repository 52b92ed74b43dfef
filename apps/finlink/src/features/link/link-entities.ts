import type { Product } from "@finlink/contracts";
import type { Connector, ConnectorEntity } from "../../connectors/connector";
import { badRequest, notFound } from "../../lib/problem";
import type { Services } from "../../services";

/** Lower case without accents, so "broker" finds "Bróker". */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/**
 * The entities offering `product` whose name or id contains `q` (ignoring case and accents), by name.
 * @example searchEntities(all, { product: "INVESTMENTS", q: "broker" }) // [Bróker Sandbox]
 */
export function searchEntities(
  entities: ConnectorEntity[],
  filter: { product: Product; q?: string },
): ConnectorEntity[] {
  const q = fold(filter.q?.trim() ?? "");
  return entities
    .filter((e) => e.products.includes(filter.product))
    .filter((e) => q === "" || fold(e.name).includes(q) || fold(e.id).includes(q))
    .sort((a, b) => a.name.localeCompare(b.name, "es"));
}

/** The entity and its connector, or 404 `UNKNOWN_ENTITY`; 400 `UNSUPPORTED_PRODUCT` when it lacks `product`. */
export function requireEntity(
  services: Services,
  entityId: string,
  product?: Product,
): { entity: ConnectorEntity; connector: Connector } {
  const found = services.connectors.find(entityId);
  if (!found) throw notFound(`Entity '${entityId}' does not exist`, { reason: "UNKNOWN_ENTITY" });
  if (product && !found.entity.products.includes(product)) {
    throw badRequest(`Entity '${entityId}' does not offer ${product}`, { reason: "UNSUPPORTED_PRODUCT" });
  }
  return found;
}
