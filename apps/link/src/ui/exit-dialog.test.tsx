import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { renderIn } from "../testing/render";
import { ExitDialog } from "./exit-dialog";

function show(open = true) {
  const onConfirm = vi.fn();
  const onClose = vi.fn();
  renderIn(<ExitDialog open={open} busy={false} appName="Demo app" onConfirm={onConfirm} onClose={onClose} />);
  return { onConfirm, onClose };
}

describe("ExitDialog", () => {
  it("is a modal dialog named by its question, starting on the safe choice", () => {
    show();
    const dialog = screen.getByRole("dialog", { name: "Leave without connecting?" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect((dialog as HTMLDialogElement).open).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Keep connecting" }));
  });

  it("closes on Escape and on Keep connecting", () => {
    const { onClose, onConfirm } = show();
    fireEvent.keyDown(screen.getByRole("button", { name: "Keep connecting" }), { key: "Escape" });
    fireEvent.click(screen.getByRole("button", { name: "Keep connecting" }));
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(onConfirm).not.toHaveBeenCalled();
  });

  it("confirms with Yes, exit", () => {
    const { onConfirm } = show();
    fireEvent.click(screen.getByRole("button", { name: "Yes, exit" }));
    expect(onConfirm).toHaveBeenCalled();
  });

  it("keeps Tab inside the dialog", () => {
    show();
    const keep = screen.getByRole("button", { name: "Keep connecting" });
    const exit = screen.getByRole("button", { name: "Yes, exit" });
    exit.focus();
    fireEvent.keyDown(exit, { key: "Tab" });
    expect(document.activeElement).toBe(keep);
    fireEvent.keyDown(keep, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(exit);
  });

  it("shows nothing while closed", () => {
    show(false);
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
