import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import type { LinkWidget } from "../fixtures/link-widget";
import { expect, test } from "../fixtures/test";
import { FINLINK_ORIGIN } from "../servers";

// A stable card (issue 13, item 11): on a desktop window the card keeps one height from the entity list to
// success, content at its top; at a phone's 360 px nothing scrolls sideways. Heights by the card's box.

const BANK = "Banco Sandbox";
/** The steps measured, in the order a user_otp connection passes them. */
const STEPS = ["entity", "credentials", "otp", "success"] as const;
type Step = (typeof STEPS)[number];

interface Measure {
  height: number;
  /** From the card's top edge to its first line of content. */
  contentOffset: number;
  scrollWidth: number;
  /** How far the page is taller than the window (0: no vertical scroll). */
  overflowY: number;
}

async function measure(page: Page): Promise<Measure> {
  const box = await page.locator("main.panel").boundingBox();
  if (!box) throw new Error("no card on the page");
  return page.evaluate(
    ({ top, height }) => {
      const first = document.querySelector("main.panel > *");
      return {
        height,
        contentOffset: (first?.getBoundingClientRect().top ?? Number.NaN) - top,
        scrollWidth: document.documentElement.scrollWidth,
        overflowY: document.documentElement.scrollHeight - window.innerHeight,
      };
    },
    { top: box.y, height: box.height },
  );
}

/** Walks entity → credentials → code → success with user_otp, measuring the card on each step. */
async function walk(page: Page, link: LinkWidget): Promise<Record<Step, Measure>> {
  const seen: Partial<Record<Step, Measure>> = {};
  await link.acceptConsent();
  await link.expectScreen("Select your bank", "entity");
  await expect(page.locator("#entity-results").getByRole("button").first()).toBeVisible();
  seen.entity = await measure(page);
  await link.entityOption(BANK).click();
  await link.expectScreen(`Sign in to ${BANK}`, "credentials");
  seen.credentials = await measure(page);
  await link.signIn(BANK, "user_otp");
  await link.expectScreen("Enter the verification code", "otp");
  seen.otp = await measure(page);
  await link.enterCode();
  await link.expectScreen("Connected", "success");
  seen.success = await measure(page);
  return seen as Record<Step, Measure>;
}

const heights = (seen: Record<Step, Measure>) => STEPS.map((step) => seen[step].height);

test.describe("at 1024 px wide", () => {
  // 900 px tall: a laptop's window; the card's 48 rem cap then binds, not the window's height.
  test.use({ viewport: { width: 1024, height: 900 } });

  test("the card keeps its height from the entity list to success, content at the top", async ({
    page,
    link,
    finlink,
  }) => {
    await page.goto(finlink.linkUrl().url);
    const seen = await walk(page, link);
    const [first = 0, ...rest] = heights(seen);
    expect(rest).toHaveLength(3);
    for (const [i, height] of rest.entries()) {
      expect(Math.abs(height - first), `${STEPS[i + 1]} ${height} vs entity ${first}`).toBeLessThanOrEqual(1);
    }
    for (const step of STEPS) {
      // The card's top padding (1.75 rem = 28 px) and its border: nothing pushed down to centre it.
      expect(seen[step].contentOffset, step).toBeGreaterThan(20);
      expect(seen[step].contentOffset, step).toBeLessThanOrEqual(30);
      expect(seen[step].overflowY, step).toBeLessThanOrEqual(0);
    }
  });
});

// The window's height decides, on a short step (an invalid link's error): from 600 px tall the card fills the
// window less the top bar (56 px) and the shell's padding (2 × 24 px), never making it scroll; under 600 px
// (a phone on its side, a short modal) it is as tall as its content.
for (const [height, card] of [
  [599, null],
  [600, 496],
  [640, 536],
] as const) {
  test.describe(`at 1024 × ${height}`, () => {
    test.use({ viewport: { width: 1024, height } });

    test(`a short step's card in a ${height} px window`, async ({ page, link }) => {
      await page.goto(`${FINLINK_ORIGIN}/link?id=${randomUUID()}&lang=en&state=x`);
      await link.expectScreen("This link is not valid", "invalid-link");
      const seen = await measure(page);
      if (card === null) expect(seen.height).toBeLessThan(400);
      else expect(Math.abs(seen.height - card)).toBeLessThanOrEqual(1);
      expect(seen.overflowY).toBeLessThanOrEqual(0);
    });
  });
}

test.describe("at 360 px wide", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("no step scrolls sideways", async ({ page, link, finlink }) => {
    await page.goto(finlink.linkUrl().url);
    const seen = await walk(page, link);
    expect(STEPS.map((step) => [step, seen[step].scrollWidth])).toEqual(STEPS.map((step) => [step, 360]));
  });
});
