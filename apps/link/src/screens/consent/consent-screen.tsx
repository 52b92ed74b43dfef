import type { Product } from "@finlink/contracts";
import type { LinkSessionInfo } from "../../api/link-api";
import { useI18n } from "../../i18n/i18n";
import { Screen } from "../../ui/screen";

export interface ConsentScreenProps {
  app: LinkSessionInfo["app"];
  product: Product;
  /** The entity the session fixed, if any: named instead of "your bank". */
  entityName: string | null;
  onContinue(): void;
}

/**
 * The first screen of a new connection: who asks, what will be read, for how long and how to revoke it,
 * before the user gives any credentials. It ships in the first chunk: on a connect it is what the user
 * sees first, and a chunk still loading would only delay it.
 */
export function ConsentScreen({ app, product, entityName, onContinue }: ConsentScreenProps) {
  const { t } = useI18n();
  const copy = t.consent;
  const links = [
    { href: app.privacyPolicyUrl, text: copy.privacy(app.name) },
    { href: app.termsUrl, text: copy.terms(app.name) },
  ].filter((link): link is { href: string; text: string } => Boolean(link.href));
  return (
    <Screen title={copy.title(app.name, entityName ?? copy.anyEntity[product])}>
      <section class="consent-part" aria-labelledby="consent-reads">
        <h2 id="consent-reads" class="subtitle">
          {copy.readsTitle}
        </h2>
        <ul class="consent-reads">
          {copy.reads[product].map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      </section>
      <section class="consent-part" aria-labelledby="consent-duration">
        <h2 id="consent-duration" class="subtitle">
          {copy.durationTitle}
        </h2>
        <p class="lead">{copy.duration}</p>
      </section>
      <section class="consent-part" aria-labelledby="consent-revoke">
        <h2 id="consent-revoke" class="subtitle">
          {copy.revokeTitle}
        </h2>
        <p class="lead">{copy.revoke(app.name)}</p>
      </section>
      <p class="muted">{copy.credentials(app.name)}</p>
      {links.length > 0 && (
        <ul class="consent-links">
          {links.map((link) => (
            <li key={link.href + link.text}>
              {/* The app's own page, not ours: a new tab keeps this flow open, noopener keeps it from reaching back. */}
              <a href={link.href} target="_blank" rel="noopener noreferrer">
                {link.text}
                <span class="sr-only"> {copy.newTab}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <button type="button" class="button" onClick={onContinue}>
        {copy.continue}
      </button>
    </Screen>
  );
}
