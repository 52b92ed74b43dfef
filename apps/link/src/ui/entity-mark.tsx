import type { LinkEntity } from "@finlink/contracts";
import { useLayoutEffect, useRef } from "preact/hooks";
import { EntityLogo } from "./entity-logo";

const COLOR = /^#[0-9a-f]{6}$/i;

/**
 * The entity's logo and name, with its brand colour as an accent: the header of every step after the pick
 * (credentials, MFA, connecting, success), so the user always sees which bank they are signing in to.
 */
export function EntityMark({ entity }: { entity: LinkEntity }) {
  const mark = useRef<HTMLDivElement>(null);
  // Set through the CSSOM, not a `style` attribute: CSP's style-src governs attributes and <style> elements,
  // not CSSOM writes, so the page keeps its policy without 'unsafe-inline'. Only a #rrggbb gets through.
  useLayoutEffect(() => {
    const color = COLOR.test(entity.brandColor) ? entity.brandColor : "";
    mark.current?.style.setProperty("--brand", color || null);
  }, [entity.brandColor]);
  return (
    <div ref={mark} class="entity-mark">
      <EntityLogo entity={entity} size={40} />
      <span class="entity-mark-name">{entity.name}</span>
    </div>
  );
}
