import { byPopularity, type LinkEntity, matchesEntity, type Product } from "@finlink/contracts";
import type { Connector, ConnectorEntity } from "../../connectors/connector";
import { badRequest, notFound } from "../../lib/problem";
import type { Services } from "../../services";

/**
 * The entities offering `product` that `q` finds (`matchesEntity`: part of the name or id, word starts,
 * initials; ignoring case and accents), the most popular first, each with its connector's status.
 * @example await searchEntities(services, all, { product: "INVESTMENTS", q: "broker" }) // [Bróker Sandbox]
 */
export async function searchEntities(
  services: Services,
  entities: ConnectorEntity[],
  filter: { product: Product; q?: string },
): Promise<LinkEntity[]> {
  const found = entities
    .filter((e) => e.products.includes(filter.product))
    .filter((e) => matchesEntity(e, filter.q ?? ""))
    .sort(byPopularity);
  return Promise.all(found.map((entity) => services.connectors.linkEntity(entity)));
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
