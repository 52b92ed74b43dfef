import type { Connector, ConnectorEntity } from "./connector";

/** Every entity the server reaches, each with the connector that reaches it. */
export class ConnectorRegistry {
  readonly #byEntity = new Map<string, { entity: ConnectorEntity; connector: Connector }>();

  constructor(connectors: Connector[]) {
    for (const connector of connectors) {
      for (const entity of connector.entities()) this.#byEntity.set(entity.id, { entity, connector });
    }
  }

  entities(): ConnectorEntity[] {
    return [...this.#byEntity.values()].map((e) => e.entity);
  }

  find(entityId: string): { entity: ConnectorEntity; connector: Connector } | undefined {
    return this.#byEntity.get(entityId);
  }
}
