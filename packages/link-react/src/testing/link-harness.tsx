import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import { StrictMode } from "react";
import { expect, vi } from "vitest";
import { LINK_CALLBACK_SOURCE } from "../callback-result";
import { type UseFinlinkLinkOptions, useFinlinkLink } from "../use-finlink-link";

export const LINK_ORIGIN = "https://link.example";
export const APP_ORIGIN = "https://app.example";
export const LINK_URL = `${LINK_ORIGIN}/link?authToken=start-token`;

interface HappyDomSettings {
  enableIframePageLoading: boolean;
  fetch: { interceptor: unknown };
}
const happyDom = (window as unknown as { happyDOM: { settings: HappyDomSettings; setViewport(v: object): void } })
  .happyDOM;

/**
 * Serves a stub Link page to every iframe (no network), counting the loads; `hold()` keeps the next loads
 * waiting until `release()`, to test what happens before Link is ready.
 */
export function serveLink() {
  const loads: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  let release = () => {};
  let broken = false;
  happyDom.settings.enableIframePageLoading = true;
  happyDom.settings.fetch.interceptor = {
    async beforeAsyncRequest({ request }: { request: Request }) {
      loads.push(request.url);
      await gate;
      if (broken) throw new TypeError("Failed to fetch");
      return new Response("<!doctype html><title>Link</title>", { headers: { "content-type": "text/html" } });
    },
  };
  return {
    loads,
    hold() {
      gate = new Promise((resolve) => {
        release = resolve;
      });
    },
    release: () => act(async () => release()),
    /** The next loads fail as a network error does. */
    breakLoads() {
      broken = true;
    },
  };
}

export function resetHarness() {
  cleanup();
  happyDom.settings.enableIframePageLoading = false;
  happyDom.settings.fetch.interceptor = null;
  happyDom.setViewport({ width: 1024, height: 768 });
  document.documentElement.lang = "";
  vi.restoreAllMocks();
  vi.useRealTimers();
}

export function setViewportWidth(width: number) {
  happyDom.setViewport({ width, height: 800 });
}

function Harness(props: UseFinlinkLinkOptions) {
  const link = useFinlinkLink(props);
  return (
    <main>
      <button type="button" onClick={link.open}>
        Add financial entity
      </button>
      <button type="button" onClick={link.close}>
        Cancel
      </button>
      <output data-testid="ready">{String(link.ready)}</output>
      <output data-testid="error">{link.error?.reason ?? ""}</output>
    </main>
  );
}

/** Renders the hook under StrictMode (effects run twice on mount), with spies for every callback. */
export function renderLink(options: Partial<UseFinlinkLinkOptions> = {}) {
  const handlers = { onSuccess: vi.fn(), onExit: vi.fn(), onEvent: vi.fn() };
  const props = (next: Partial<UseFinlinkLinkOptions>) => ({ url: LINK_URL, ...handlers, ...next });
  const view = render(
    <StrictMode>
      <Harness {...props(options)} />
    </StrictMode>,
  );
  return {
    ...handlers,
    rerender: (next: Partial<UseFinlinkLinkOptions>) =>
      view.rerender(
        <StrictMode>
          <Harness {...props(next)} />
        </StrictMode>,
      ),
    unmount: view.unmount,
  };
}

export const iframes = () => document.querySelectorAll("iframe");
export const frameWindow = () =>
  document.querySelector<HTMLIFrameElement>("[data-finlink-link] iframe")?.contentWindow ?? null;
export const openButton = () => screen.getByRole("button", { name: "Add financial entity" });

export async function waitUntilReady() {
  await waitFor(() => expect(screen.getByTestId("ready").textContent).toBe("true"));
}

/** A message as the browser delivers it: `origin` and `source` are what the receiver checks. */
export function post(data: unknown, from: { origin?: string; source?: MessageEventSource | null } = {}) {
  const { origin = LINK_ORIGIN, source = frameWindow() } = from;
  act(() => {
    window.dispatchEvent(new MessageEvent("message", { data, origin, source }));
  });
}

export const linkEvent = (type: string, fields: object) => ({ source: "finlink-link", version: 1, type, ...fields });

export const connected = (state = "state-1") => ({
  source: LINK_CALLBACK_SOURCE,
  version: 1,
  type: "SUCCESS",
  operation: "CONNECT",
  publicToken: "public-sandbox-1",
  entity: "sandbox_bank",
  state,
});

/** The callback page's result: posted by the app's origin from inside the iframe. */
export function postCallback(data: unknown, from: { origin?: string; source?: MessageEventSource | null } = {}) {
  post(data, { origin: APP_ORIGIN, ...from });
}
