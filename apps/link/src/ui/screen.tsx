import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

/**
 * One step of Link: its `<h1>` takes focus when the step appears, so a screen-reader or keyboard user
 * starts reading the new step instead of being left on a button that no longer exists.
 */
export function Screen({ title, children }: { title: string; children?: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1} class="title">
        {title}
      </h1>
      {children}
    </>
  );
}
