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
 * The entity's logo, or its initials when it has none or the logo does not load (Link's CSP allows
 * images from its own origin only). Decorative: the button is named by the entity's name.
 */
export function EntityLogo({ entity }: { entity: LinkEntity }) {
  const [broken, setBroken] = useState(false);
  if (entity.logoUrl && !broken) {
    return <img class="logo" src={entity.logoUrl} alt="" width={32} height={32} onError={() => setBroken(true)} />;
  }
  return (
    <span class="logo" aria-hidden="true">
      {initials(entity.name)}
    </span>
  );
}
