import type { FinlinkClient } from "@finlink/node";

/** Entities change rarely: their names are read at most every 10 minutes. */
const TTL_MS = 10 * 60_000;

/** An entity's display name by id, from `GET /api/v1/queries/entities` (null when unknown or unreadable). */
export function entityNames(api: FinlinkClient, now: () => Date): (entityId: string) => Promise<string | null> {
  let cached: { at: number; names: Promise<Map<string, string>> } | undefined;
  return async (entityId) => {
    const at = now().getTime();
    if (!cached || at - cached.at >= TTL_MS) {
      const names = api.entities().then((entities) => new Map(entities.map((e) => [e.id, e.name])));
      cached = { at, names };
      // A failed read is not kept: the next call tries again.
      names.catch(() => {
        if (cached?.names === names) cached = undefined;
      });
    }
    return cached.names.then((names) => names.get(entityId) ?? null).catch(() => null);
  };
}
