import type { ComponentChildren } from "preact";

/**
 * A form's submit button. While the request runs it stays focusable (a disabled button would drop the
 * keyboard focus) but says it is locked (`aria-disabled`) and shows a spinner; the flow ignores repeated submits.
 */
export function SubmitButton({ busy, children }: { busy: boolean; children: ComponentChildren }) {
  return (
    <button
      type="submit"
      class={busy ? "button is-busy" : "button"}
      aria-busy={busy || undefined}
      aria-disabled={busy || undefined}
    >
      {children}
    </button>
  );
}
