import type { LinkEvent } from "@finlink/contracts";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { SMALL_SCREEN_QUERY } from "./dialog/styles";
import { savePendingFullPageFlow } from "./full-page-flow";
import { type LinkLang, resolveLang } from "./labels";
import { bareExit, createLinkFrame, type LinkExit, type LinkFrame, type LinkSuccess } from "./link-frame";
import { type FinlinkLinkError, parseLinkUrl } from "./link-url";

export type LinkMode = "modal" | "page" | "auto";

export interface UseFinlinkLinkOptions {
  /** The Link URL from your backend (start-flow). `null` while you have none yet: `open()` waits for it. */
  url: string | null | undefined;
  /** Once per flow. CONNECT: exchange `publicToken` on your backend. UPDATE: the connection is updating. */
  onSuccess(result: LinkSuccess): void;
  /** Once per flow that ended without a connection (Link's exit, Escape, the close button, `close()`, a failure). */
  onExit?(exit: LinkExit): void;
  /** Every event Link reports (OPEN, SELECT_ENTITY, …, ERROR, EXIT, HANDOFF). */
  onEvent?(event: LinkEvent): void;
  /** `modal` (default): an iframe in a dialog. `page`: navigate to Link. `auto`: `page` under 640 px wide. */
  mode?: LinkMode;
  /** The dialog's labels; default from `<html lang>`, else English. */
  lang?: LinkLang;
  /** Kept for the full-page callback page and reported on exits; default the URL's `state` parameter. */
  state?: string;
  /** Full-page mode: the path the callback page may send the user back to; default the current one. */
  returnTo?: string;
  /** Only for old browsers under a CSP that forbids inline styles (modern ones need none, see README). */
  nonce?: string;
  /** Loading time after which `error` becomes FRAME_TIMEOUT; default 30 s. */
  loadTimeoutMs?: number;
}

export interface FinlinkLink {
  /** Opens Link: at once when `ready`, else as soon as it is (never dropped). Every open ends in onSuccess or onExit. */
  open(): void;
  /** Ends an open (or pending) flow as a `USER_EXIT`. */
  close(): void;
  /** Link is loaded (modal) or the URL is known (full page). */
  ready: boolean;
  error: FinlinkLinkError | null;
}

const DEFAULT_LOAD_TIMEOUT_MS = 30_000;
// Refs are written in a layout effect, before any event can reach the handlers (never during render).
const useIsomorphicLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

function resolveMode(mode: LinkMode): "modal" | "page" {
  if (mode !== "auto") return mode;
  return window.matchMedia?.(SMALL_SCREEN_QUERY).matches ? "page" : "modal";
}

function stateOf(options: UseFinlinkLinkOptions, url: URL): string | null {
  return options.state ?? url.searchParams.get("state");
}

/** Full page: remember the flow for the callback page, then leave for Link. */
function navigateToLink(url: URL, options: UseFinlinkLinkOptions) {
  const { pathname, search, hash } = window.location;
  savePendingFullPageFlow({
    state: stateOf(options, url),
    startedAt: Date.now(),
    returnTo: options.returnTo ?? `${pathname}${search}${hash}`,
  });
  window.location.assign(url.href);
}

/**
 * Opens Finlink Link in an accessible modal iframe (or on a full page) and reports its result.
 * The hook renders the modal itself (appended to `document.body`); there is no component to place.
 * @example
 * const { open, ready } = useFinlinkLink({ url, onSuccess: ({ publicToken }) => exchange(publicToken) });
 * return <button type="button" onClick={open} disabled={!url}>Add financial entity</button>;
 */
export function useFinlinkLink(options: UseFinlinkLinkOptions): FinlinkLink {
  const latest = useRef(options);
  const parsed = useMemo(() => parseLinkUrl(options.url), [options.url]);
  const href = parsed instanceof URL ? parsed.href : null;
  const mode = options.mode ?? "modal";
  const [flowKey, setFlowKey] = useState(0);
  const [ready, setReady] = useState(false);
  const [frameError, setFrameError] = useState<{ href: string; error: FinlinkLinkError } | null>(null);
  const error =
    parsed instanceof URL || parsed === null ? (frameError?.href === href ? frameError.error : null) : parsed;

  const frame = useRef<LinkFrame | null>(null);
  const goToPage = useRef<(() => void) | null>(null);
  // Survives StrictMode's effect re-run and a flow reload: an open() asked for before Link is ready.
  const openRequested = useRef(false);
  const current = useRef({ href, error });
  useIsomorphicLayoutEffect(() => {
    latest.current = options;
    current.current = { href, error };
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new flowKey is a new flow: Link loads again after one ended.
  useEffect(() => {
    if (!href) return;
    const url = new URL(href);
    if (resolveMode(mode) === "page") {
      const go = () => navigateToLink(url, latest.current);
      goToPage.current = go;
      setReady(true);
      if (openRequested.current) {
        openRequested.current = false;
        go();
      }
      return () => {
        goToPage.current = null;
        setReady(false);
      };
    }
    const drop = () => {
      if (frame.current === created) frame.current = null;
      setReady(false);
    };
    const created = createLinkFrame(
      {
        url,
        lang: resolveLang(latest.current.lang),
        nonce: latest.current.nonce,
        state: stateOf(latest.current, url),
        loadTimeoutMs: latest.current.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
      },
      {
        onReady() {
          setReady(true);
          if (openRequested.current) {
            openRequested.current = false;
            created.show();
          }
        },
        onError(failure) {
          drop();
          setFrameError({ href, error: failure });
          if (openRequested.current) {
            openRequested.current = false;
            latest.current.onExit?.(bareExit(failure.reason, stateOf(latest.current, url)));
          }
        },
        onEvent: (event) => latest.current.onEvent?.(event),
        onSuccess(result) {
          drop();
          latest.current.onSuccess(result);
        },
        onExit(exit) {
          drop();
          latest.current.onExit?.(exit);
        },
      },
    );
    frame.current = created;
    return () => {
      created.destroy();
      drop();
    };
  }, [href, mode, flowKey]);

  useEffect(() => {
    frame.current?.setLang(resolveLang(options.lang));
  }, [options.lang]);

  const open = useCallback(() => {
    const { href: knownHref, error: knownError } = current.current;
    if (knownError) {
      const state = latest.current.state ?? null;
      return latest.current.onExit?.(bareExit(knownError.reason, state));
    }
    if (frame.current) {
      if (frame.current.isReady()) frame.current.show();
      else openRequested.current = true;
      return;
    }
    if (goToPage.current) return goToPage.current();
    openRequested.current = true;
    // The last flow ended (its iframe is gone): load Link again for this one.
    if (knownHref) setFlowKey((key) => key + 1);
  }, []);

  const close = useCallback(() => {
    if (openRequested.current) {
      openRequested.current = false;
      return latest.current.onExit?.(bareExit("USER_EXIT", latest.current.state ?? null));
    }
    frame.current?.exit();
  }, []);

  return { open, close, ready, error };
}
