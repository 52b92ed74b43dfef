import { afterEach, describe, expect, it } from "vitest";
import { resetHarness, setViewportWidth } from "../testing/link-harness";
import { CLASS, installStyles, STYLES } from "./styles";

function dialogIn(doc: Document) {
  const backdrop = doc.createElement("div");
  backdrop.className = CLASS.backdrop;
  const dialog = doc.createElement("div");
  dialog.className = CLASS.dialog;
  backdrop.append(dialog);
  doc.body.append(backdrop);
  return dialog;
}

describe("the dialog's styles", () => {
  afterEach(resetHarness);

  it.each([
    [375, "0px", "0px"],
    [639, "0px", "0px"],
    [640, "16px", "12px"],
    [1024, "16px", "12px"],
  ])(
    "at %i px wide the backdrop's padding is %s and the dialog's radius %s (full screen under 640)",
    (width, padding, radius) => {
      installStyles(document);
      setViewportWidth(width);
      const dialog = dialogIn(document);
      expect(getComputedStyle(dialog.parentElement as HTMLElement).padding).toBe(padding);
      expect(getComputedStyle(dialog).borderRadius).toBe(radius);
    },
  );

  it("uses a constructed stylesheet (outside CSP's style-src), once per document", () => {
    installStyles(document);
    installStyles(document);
    const ours = document.adoptedStyleSheets.filter((sheet) =>
      Array.from(sheet.cssRules).some((rule) => rule.cssText.includes(CLASS.dialog)),
    );
    expect(ours).toHaveLength(1);
    expect(document.querySelector("style[data-finlink-link]")).toBeNull();
  });

  it("falls back to a <style> element carrying the nonce where constructed stylesheets are missing", () => {
    const doc = document.implementation.createHTMLDocument("old browser");
    Object.defineProperty(doc, "adoptedStyleSheets", { value: undefined });
    installStyles(doc, "n0nce");
    const style = doc.querySelector<HTMLStyleElement>("style[data-finlink-link]");
    expect(style?.nonce).toBe("n0nce");
    expect(style?.textContent).toBe(STYLES);
  });
});
