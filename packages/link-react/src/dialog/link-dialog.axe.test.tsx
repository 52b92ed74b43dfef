import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import axe from "axe-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { iframes, openButton, renderLink, resetHarness, serveLink, waitUntilReady } from "../testing/link-harness";

async function openDialog() {
  renderLink();
  await waitUntilReady();
  await userEvent.setup().click(openButton());
  return screen.getByRole("dialog");
}

/** axe's default rules on the modal (the harness page around it is not the package's). */
async function audit(dialog: HTMLElement) {
  const modal = dialog.closest("[data-finlink-link]");
  if (!(modal instanceof HTMLElement)) throw new Error("the dialog is not inside the modal");
  // Link's own page is audited in Link's tests; here the iframe element is what counts (its title).
  const results = await axe.run(modal, { iframes: false });
  const ids = (rules: axe.Result[]) => rules.map((rule) => rule.id);
  return { violations: ids(results.violations), passes: ids(results.passes), results };
}

describe("the open Link dialog under axe", () => {
  beforeEach(() => {
    serveLink();
  });
  afterEach(resetHarness);

  it("has no violations, and axe did check its name, its iframe's title and its close button", async () => {
    const { violations, passes } = await audit(await openDialog());
    expect(violations).toEqual([]);
    expect(passes).toEqual(
      expect.arrayContaining(["aria-dialog-name", "frame-title", "button-name", "aria-allowed-attr", "tabindex"]),
    );
  });

  const close = () => screen.getByRole("button", { name: "Close" });
  it.each([
    [
      "the dialog loses its label",
      "aria-dialog-name",
      (dialog: HTMLElement) => dialog.removeAttribute("aria-labelledby"),
    ],
    ["the iframe loses its title", "frame-title", () => iframes()[0]?.removeAttribute("title")],
    [
      "the close button loses its name",
      "button-name",
      () => {
        const button = close();
        button.removeAttribute("aria-label");
        button.textContent = "";
      },
    ],
  ])("reports a violation when %s", async (_, rule, breakIt) => {
    const dialog = await openDialog();
    breakIt(dialog);
    const { violations, results } = await audit(dialog);
    expect(violations).toEqual([rule]);
    expect(results.violations[0]?.nodes).toHaveLength(1);
  });
});
