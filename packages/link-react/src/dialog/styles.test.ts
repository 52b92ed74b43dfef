import { afterEach, describe, expect, it } from "vitest";
import { resetHarness } from "../testing/link-harness";
import { CLASS, installStyles, STYLES } from "./styles";

// How the sheet lays the modal out (full screen under 640 px) is tested on the open modal in link-dialog.test.tsx.

describe("the dialog's styles", () => {
  afterEach(resetHarness);

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
