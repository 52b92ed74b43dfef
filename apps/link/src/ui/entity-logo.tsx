import type { LinkEntity } from "@finlink/contracts";
import { useState } from "preact/hooks";

/** "Banco Sandbox" → "BS". */
const initials = (name: string) =>
  name
    .split(/\s+/)
    .slice(0, 2)
    .map((word) => word.charAt(0).toUpperCase())
    .join("");

/**
 * The entity's logo (an `<img>`: a separate SVG file, never in Link's JavaScript), or its initials when it has
 * none or the logo does not load (Link's CSP allows images from its own origin only). Decorative: the name
 * beside it says which entity it is.
 */
export function EntityLogo({ entity, size = 32 }: { entity: LinkEntity; size?: 32 | 40 }) {
  const [broken, setBroken] = useState(false);
  const sizeClass = size === 40 ? "logo large" : "logo";
  if (entity.logoUrl && !broken) {
    return (
      <img class={sizeClass} src={entity.logoUrl} alt="" width={size} height={size} onError={() => setBroken(true)} />
    );
  }
  return (
    <span class={sizeClass} aria-hidden="true">
      {initials(entity.name)}
    </span>
  );
}
