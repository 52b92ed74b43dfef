import type { ErrorIcon as Kind } from "./error-copy";

// Outline strokes in currentColor (the theme's), a few dozen bytes each: inline, as the error screen must
// draw without another download.
const SHAPES: Record<Kind, string> = {
  lock: "M6 11h12v10H6zM9 11V8a3 3 0 0 1 6 0v3",
  clock: "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2",
  warning: "M12 3 2 20h20zM12 10v4M12 17v.5",
};

/** The error's picture. Decorative: the heading says the same, so screen readers skip it. */
export function ErrorIcon({ kind }: { kind: Kind }) {
  return (
    <span class={`error-icon ${kind}`} aria-hidden="true">
      <svg viewBox="0 0 24 24" width="28" height="28" focusable="false" aria-hidden="true">
        <path d={SHAPES[kind]} />
      </svg>
    </span>
  );
}
