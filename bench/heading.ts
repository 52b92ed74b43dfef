/** The part of the DOM `headingShownAt` reads: this package type-checks without the DOM library. */
interface HeadingDocument {
  querySelectorAll(selector: "h1"): Iterable<{ textContent: string | null; checkVisibility(): boolean }>;
}

/**
 * Runs in the page, on every animation frame (pass it to `page.waitForFunction` as a function, not a string:
 * the pages' CSPs have no 'unsafe-eval'): the page's `performance.now()` once an h1 reading `heading` is
 * rendered and visible, false before. No round trip to the bench adds to it.
 */
export function headingShownAt(heading: string): number | false {
  const { document } = globalThis as unknown as { document: HeadingDocument };
  const h1 = [...document.querySelectorAll("h1")].find((h) => h.textContent?.trim() === heading);
  return h1?.checkVisibility() ? performance.now() : false;
}
