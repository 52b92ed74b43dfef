import { useEffect, useRef } from "react";
import { type UseFinlinkLinkOptions, useFinlinkLink } from "./use-finlink-link";

export interface FinlinkLinkModalProps extends UseFinlinkLinkOptions {
  /**
   * Link shows while this is true. Turning it false ends an open flow as an exit (`onExit` with USER_EXIT);
   * set it false in `onSuccess` and `onExit`, so that the next true opens a new flow.
   */
  open: boolean;
}

/**
 * `useFinlinkLink` as a component, for apps that keep "is Link open" in state. It renders nothing where it
 * is placed: the dialog (or the full-page navigation) is the hook's, with the same rules.
 * @example <FinlinkLinkModal open={adding} url={url} onSuccess={finish} onExit={() => setAdding(false)} />
 */
export function FinlinkLinkModal({ open, ...options }: FinlinkLinkModalProps): null {
  const link = useFinlinkLink(options);
  const { open: show, close } = link;
  // The last `open` acted on: StrictMode's second effect run, or a new `show`/`close`, must not act twice.
  const shown = useRef(false);
  useEffect(() => {
    if (open === shown.current) return;
    shown.current = open;
    if (open) show();
    else close();
  }, [open, show, close]);
  return null;
}
