import type { LinkEntity } from "@finlink/contracts";
import type { Connector, ConnectorEntity, EntityHealth } from "./connector";

const AVAILABLE: EntityHealth = { status: "AVAILABLE" };

/** Every entity the server reaches, each with the connector that reaches it. */
export class ConnectorRegistry {
  readonly #byEntity = new Map<string, { entity: ConnectorEntity; connector: Connector }>();

  constructor(connectors: Connector[]) {
    for (const connector of connectors) {
      for (const entity of connector.entities()) {
        // A redirect entity is signed in by its connector's pair of calls: one without them could never connect.
        if (entity.signIn === "REDIRECT" && !(connector.beginRedirect && connector.completeRedirect)) {
          throw new Error(
            `entity ${entity.id} signs in by redirect, but its connector has no beginRedirect/completeRedirect`,
          );
        }
        this.#byEntity.set(entity.id, { entity, connector });
      }
    }
  }

  entities(): ConnectorEntity[] {
    return [...this.#byEntity.values()].map((e) => e.entity);
  }

  find(entityId: string): { entity: ConnectorEntity; connector: Connector } | undefined {
    return this.#byEntity.get(entityId);
  }

  /**
   * The entity as Link shows it, with its connector's word on whether it is up. A connector that cannot say
   * (no `status`, or its check failed) leaves the entity AVAILABLE: a failed health check must not hide a bank
   * that may well be up, and sign-in reports a real outage anyway.
   */
  async linkEntity(entity: ConnectorEntity): Promise<LinkEntity> {
    const connector = this.#byEntity.get(entity.id)?.connector;
    const health = (await connector?.status?.(entity.id).catch(() => AVAILABLE)) ?? AVAILABLE;
    return { ...entity, ...health };
  }
}
