import type { LinkEntity } from "@finlink/contracts";
import type { EntityKind } from "../../i18n/en";
import { useI18n } from "../../i18n/i18n";

const KINDS: readonly EntityKind[] = ["ALL", "BANK", "BROKER"];

/** The entities of `kind` ("ALL": every one), in the order given. */
export const ofKind = (entities: LinkEntity[], kind: EntityKind) =>
  kind === "ALL" ? entities : entities.filter((e) => e.type === kind);

/**
 * What a list holds: "BANK" or "BROKER" when all its entities are of that type, "ALL" when it mixes them —
 * so the count says "3 banks", or "5 entities" once a broker is among them.
 */
export function kindOfList(entities: LinkEntity[]): EntityKind {
  const types = new Set(entities.map((e) => e.type));
  return types.size === 1 ? ([...types][0] as EntityKind) : "ALL";
}

/**
 * All / Banks / Brokers as a radio group (a fieldset of native radios: arrow keys move the choice, and each
 * reads as "Banks, radio button, 2 of 3"), drawn as a segmented control.
 */
export function KindFilter({ value, onChange }: { value: EntityKind; onChange(kind: EntityKind): void }) {
  const { t } = useI18n();
  return (
    <fieldset class="segmented">
      <legend class="sr-only">{t.discovery.filter}</legend>
      {KINDS.map((kind) => (
        <label key={kind} class="segment">
          <input
            type="radio"
            name="entity-kind"
            value={kind}
            checked={value === kind}
            onChange={() => onChange(kind)}
          />
          <span>{t.discovery.kinds[kind]}</span>
        </label>
      ))}
    </fieldset>
  );
}
