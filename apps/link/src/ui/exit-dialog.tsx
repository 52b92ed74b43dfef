import { useEffect, useRef } from "preact/hooks";
import { useI18n } from "../i18n/i18n";

export interface ExitDialogProps {
  open: boolean;
  /** The exit call is in flight. */
  busy: boolean;
  appName: string;
  onConfirm(): void;
  onClose(): void;
}

/** Keeps Tab and Shift+Tab inside `container`: in an iframe they would otherwise leave for the host page. */
function trapTab(event: KeyboardEvent, container: HTMLElement) {
  const items = [...container.querySelectorAll<HTMLElement>("button:not([disabled])")];
  const first = items[0];
  const last = items.at(-1);
  if (!first || !last) return;
  const active = document.activeElement;
  if (event.shiftKey ? active === first : active === last) {
    event.preventDefault();
    (event.shiftKey ? last : first).focus();
  }
}

/**
 * "Leave without connecting?" — a modal `<dialog>` (the page behind is inert). Escape closes it; focus
 * starts on the safe choice and goes back where it was on close.
 */
export function ExitDialog({ open, busy, appName, onConfirm, onClose }: ExitDialogProps) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element || !open) return;
    const returnTo = document.activeElement as HTMLElement | null;
    element.showModal();
    keep.current?.focus();
    return () => {
      element.close();
      returnTo?.focus();
    };
  }, [open]);

  const onKeyDown = (event: KeyboardEvent) => {
    // Handled here rather than by the browser's own cancel, so every browser (and the tests) agree.
    if (event.key === "Escape") {
      event.preventDefault();
      onClose();
    } else if (event.key === "Tab" && dialog.current) {
      trapTab(event, dialog.current);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-modal="true"
      aria-labelledby="exit-title"
      aria-describedby="exit-body"
      onKeyDown={onKeyDown}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id="exit-title">{t.exitDialog.title}</h2>
      <p id="exit-body">{t.exitDialog.body(appName)}</p>
      <div class="stack">
        <button ref={keep} type="button" class="button" onClick={onClose}>
          {t.exitDialog.cancel}
        </button>
        <button type="button" class="button secondary" onClick={onConfirm} disabled={busy}>
          {t.exitDialog.confirm}
        </button>
      </div>
    </dialog>
  );
}
