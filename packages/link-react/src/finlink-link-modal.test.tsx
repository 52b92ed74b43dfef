import { act, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { FinlinkLinkModal, type FinlinkLinkModalProps } from "./finlink-link-modal";
import { connected, iframes, LINK_URL, postCallback, resetHarness, serveLink } from "./testing/link-harness";

function renderModal(props: Partial<FinlinkLinkModalProps>) {
  const handlers = { onSuccess: vi.fn(), onExit: vi.fn() };
  const element = (next: Partial<FinlinkLinkModalProps>) => (
    <StrictMode>
      <FinlinkLinkModal open={false} url={LINK_URL} {...handlers} {...next} />
    </StrictMode>
  );
  const view = render(element(props));
  return { ...handlers, rerender: (next: Partial<FinlinkLinkModalProps>) => view.rerender(element(next)), view };
}

describe("<FinlinkLinkModal>", () => {
  afterEach(resetHarness);

  it("shows Link while open is true (once, under StrictMode), and hands back one success", async () => {
    serveLink();
    const modal = renderModal({ open: true });
    await waitFor(() => expect(screen.getByRole("dialog")).toBeTruthy());
    expect(screen.getAllByRole("dialog")).toHaveLength(1);
    expect(iframes()).toHaveLength(1);
    postCallback(connected());
    await waitFor(() => expect(modal.onSuccess).toHaveBeenCalledTimes(1));
    expect(modal.onSuccess.mock.calls[0]?.[0]).toMatchObject({ operation: "CONNECT", publicToken: "public-sandbox-1" });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(modal.onExit).not.toHaveBeenCalled();
  });

  it("stays closed while open is false; false after true ends the flow as an exit, and true again opens a new one", async () => {
    serveLink();
    const modal = renderModal({ open: false });
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(screen.queryByRole("dialog")).toBeNull();

    modal.rerender({ open: true });
    await waitFor(() => expect(screen.getByRole("dialog")).toBeTruthy());
    modal.rerender({ open: false });
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(modal.onExit).toHaveBeenCalledTimes(1);
    expect(modal.onExit.mock.calls[0]?.[0]).toMatchObject({ reason: "USER_EXIT" });

    modal.rerender({ open: true });
    await waitFor(() => expect(screen.getByRole("dialog")).toBeTruthy());
    expect(modal.onSuccess).not.toHaveBeenCalled();
  });

  it("renders nothing in place", () => {
    serveLink();
    const { view } = renderModal({ open: false });
    expect(view.container.innerHTML).toBe("");
  });
});
