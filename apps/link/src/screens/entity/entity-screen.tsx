import type { LinkEntity } from "@finlink/contracts";
import { useRef, useState } from "preact/hooks";
import type { EntityKind } from "../../i18n/en";
import { useI18n } from "../../i18n/i18n";
import { Alert } from "../../ui/alert";
import { EntityLogo } from "../../ui/entity-logo";
import { Screen } from "../../ui/screen";
import { KindFilter, kindOfList, ofKind } from "./kind-filter";
import { type SearchEntities, useEntitySearch } from "./use-entity-search";

export interface EntityScreenProps {
  appName: string;
  search: SearchEntities;
  onSelect(entity: LinkEntity): void;
}

/** The longest search the API accepts (`q`): a longer one gets a 400 that "Try again" could never fix. */
export const MAX_QUERY_LENGTH = 100;

/** Moves focus among the search box and the result buttons with the arrow keys, Home and End. */
function moveFocus(event: KeyboardEvent, input: HTMLInputElement | null, list: HTMLElement | null) {
  const buttons = [...(list?.querySelectorAll("button") ?? [])];
  if (buttons.length === 0) return;
  const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
  const targets: Record<string, HTMLElement | null | undefined> = {
    ArrowDown: buttons[Math.min(current + 1, buttons.length - 1)],
    ArrowUp: current <= 0 ? input : buttons[current - 1],
    Home: current === -1 ? undefined : buttons[0],
    End: current === -1 ? undefined : buttons.at(-1),
  };
  const target = targets[event.key];
  if (!target) return;
  event.preventDefault();
  target.focus();
}

/**
 * Search and pick the bank or broker to connect: the most popular first (the server's order), a filter by type
 * when the list has both, and help when nothing matches. An entity that is down is listed, marked in words,
 * and still selectable: picking it explains (see `Flow.selectEntity`).
 */
export function EntityScreen({ appName, search, onSelect }: EntityScreenProps) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [kind, setKind] = useState<EntityKind>("ALL");
  const { results, answered, failed, retry, all } = useEntitySearch(search, query);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const onKeyDown = (event: KeyboardEvent) => moveFocus(event, input.current, list.current);
  // Offered only when the full list holds banks and brokers both: a filter with one choice is noise.
  const filterable = all !== null && kindOfList(all) === "ALL";
  const shown = results && ofKind(results, filterable ? kind : "ALL");

  let status = t.loading;
  if (shown) {
    status =
      shown.length === 0 ? t.discovery.empty(answered, kind) : t.discovery.count(shown.length, kindOfList(shown));
  }

  return (
    <Screen title={t.entity.title}>
      <p class="lead">{t.entity.intro(appName)}</p>
      <div class="field">
        <label for="entity-search">{t.entity.search}</label>
        <input
          ref={input}
          id="entity-search"
          type="search"
          value={query}
          onInput={(event) => setQuery(event.currentTarget.value)}
          onKeyDown={onKeyDown}
          autocomplete="off"
          maxLength={MAX_QUERY_LENGTH}
          aria-describedby="entity-search-hint"
          aria-controls="entity-results"
        />
        <p id="entity-search-hint" class="sr-only">
          {t.entity.searchHint}
        </p>
      </div>
      {filterable && <KindFilter value={kind} onChange={setKind} />}
      {failed ? (
        <div class="stack">
          <Alert id="entity-error" text={t.entity.failed} />
          <button type="button" class="button secondary" onClick={retry}>
            {t.error.retry}
          </button>
        </div>
      ) : (
        <p role="status" class="muted small">
          {status}
        </p>
      )}
      <ul ref={list} id="entity-results" class="entity-list">
        {(shown ?? []).map((entity) => (
          <li key={entity.id}>
            <button type="button" class="entity" onClick={() => onSelect(entity)} onKeyDown={onKeyDown}>
              <EntityLogo entity={entity} />
              <span class="entity-name">
                {entity.name}
                {/* In words, not only a colour; part of the button's name, so a screen reader hears it too. */}
                {entity.status === "UNAVAILABLE" && <span class="entity-status">{t.discovery.unavailable}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {shown?.length === 0 && !failed && (
        <div class="help">
          <p class="help-title">{t.discovery.helpTitle}</p>
          <p class="muted small">{t.discovery.help(appName)}</p>
        </div>
      )}
    </Screen>
  );
}
