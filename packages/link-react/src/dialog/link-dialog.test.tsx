import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  iframes,
  LINK_URL,
  openButton,
  renderLink,
  resetHarness,
  serveLink,
  setViewportWidth,
  waitUntilReady,
} from "../testing/link-harness";

async function openLink(options: Parameters<typeof renderLink>[0] = {}) {
  const link = renderLink(options);
  await waitUntilReady();
  const user = userEvent.setup();
  await user.click(openButton());
  return { ...link, user, dialog: screen.getByRole("dialog") };
}

const frame = () => iframes()[0];
const closeButton = (name = "Close") => screen.getByRole("button", { name });

describe("the Link dialog", () => {
  beforeEach(() => {
    serveLink();
  });
  afterEach(resetHarness);

  it("is a modal dialog named by its visible title, with a titled iframe", async () => {
    const { dialog } = await openLink();
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(screen.getByRole("dialog", { name: "Connect a financial entity" })).toBe(dialog);
    expect(screen.getByRole("heading", { name: "Connect a financial entity" })).toBeTruthy();
    expect(frame()?.title).toBe("Finlink: connect your bank or broker");
    expect(dialog.contains(frame() ?? null)).toBe(true);
  });

  it("moves focus into the dialog and keeps Tab and Shift+Tab cycling inside it", async () => {
    const { user, dialog } = await openLink();
    expect(document.activeElement).toBe(frame());
    await user.tab();
    expect(document.activeElement).toBe(closeButton());
    await user.tab();
    expect(document.activeElement).toBe(frame());
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(closeButton());
    await user.tab({ shift: true });
    expect(document.activeElement).toBe(frame());
    for (let i = 0; i < 5; i++) {
      await user.tab();
      expect(dialog.contains(document.activeElement)).toBe(true);
    }
  });

  it("brings focus that a script moves out back into the dialog", async () => {
    const { dialog } = await openLink();
    act(() => openButton().focus());
    expect(dialog.contains(document.activeElement)).toBe(true);
  });

  it("ends the flow as USER_EXIT on Escape, removes the iframe and returns focus to the opener", async () => {
    const { user, onExit } = await openLink({ state: "s-1" });
    const appHandler = vi.fn();
    document.addEventListener("keydown", appHandler);
    await user.keyboard("{Enter}");
    expect(onExit).not.toHaveBeenCalled();
    await user.keyboard("{Escape}");
    document.removeEventListener("keydown", appHandler);
    expect(onExit).toHaveBeenCalledExactlyOnceWith({
      reason: "USER_EXIT",
      operation: null,
      state: "s-1",
      entity: null,
      status: null,
      screen: null,
      requestId: null,
    });
    expect(appHandler).toHaveBeenCalledTimes(1);
    expect(iframes()).toHaveLength(0);
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(openButton());
  });

  it("ends the flow as USER_EXIT with the close button, and Escape afterwards does nothing", async () => {
    const { user, onExit } = await openLink();
    await user.click(closeButton());
    expect(onExit).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ reason: "USER_EXIT" }));
    expect(iframes()).toHaveLength(0);
    expect(document.activeElement).toBe(openButton());
    await user.keyboard("{Escape}");
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it("locks the page's scroll while open and restores the page's own value after", async () => {
    document.body.style.overflow = "scroll";
    const { user } = await openLink();
    expect(document.body.style.overflow).toBe("hidden");
    await user.click(closeButton());
    expect(document.body.style.overflow).toBe("scroll");
    document.body.style.overflow = "";
  });

  it("speaks Spanish when asked, and switches language without reloading Link", async () => {
    const link = await openLink({ lang: "es" });
    expect(screen.getByRole("dialog", { name: "Conectar una entidad financiera" }).lang).toBe("es");
    expect(closeButton("Cerrar")).toBeTruthy();
    expect(frame()?.title).toBe("Finlink: conecta tu banco o bróker");
    const before = frame();
    link.rerender({ lang: "en" });
    await waitFor(() => expect(closeButton("Close")).toBeTruthy());
    expect(frame()).toBe(before);
  });

  it.each([
    ["es-ES", "Conectar una entidad financiera"],
    ["es", "Conectar una entidad financiera"],
    ["en-GB", "Connect a financial entity"],
    ["", "Connect a financial entity"],
  ])("takes the language from <html lang=%j> by default", async (lang, name) => {
    document.documentElement.lang = lang;
    await openLink();
    expect(screen.getByRole("dialog", { name })).toBeTruthy();
  });

  const sizesAt = async (width: number) => {
    setViewportWidth(width);
    const { dialog } = await openLink();
    const { width: w, height, borderRadius } = getComputedStyle(dialog);
    return { width: w, height, borderRadius, margin: getComputedStyle(dialog.parentElement as HTMLElement).padding };
  };

  it.each([360, 639])("fills the whole screen at %i px wide", async (width) => {
    expect(await sizesAt(width)).toEqual({ width: "100%", height: "100%", borderRadius: "0px", margin: "0px" });
  });

  it.each([640, 1280])("is a rounded card with a margin round it at %i px wide", async (width) => {
    const sizes = await sizesAt(width);
    expect(sizes).toEqual(expect.objectContaining({ borderRadius: "12px", margin: "16px" }));
    expect(sizes.width).not.toBe("100%");
  });

  it("hides the preloaded dialog until open() and shows Link's URL in it", async () => {
    renderLink();
    await waitUntilReady();
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(frame()?.getAttribute("src")).toBe(LINK_URL);
  });
});
