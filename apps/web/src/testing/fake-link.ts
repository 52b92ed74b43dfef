import type { FinlinkLink, UseFinlinkLinkOptions } from "@finlink/link-react";
import { act } from "@testing-library/react";
import { vi } from "vitest";

/**
 * A stand-in for `useFinlinkLink` (the real one is tested in packages/link-react): it records the options the
 * app passes and lets a test end the flow as Link would. Install with
 * `vi.mock("@finlink/link-react", async (real) => ({ ...(await real()), useFinlinkLink: fakeLink.hook }))`.
 */
export function createFakeLink() {
  let latest: UseFinlinkLinkOptions | null = null;
  const open = vi.fn();
  const close = vi.fn();
  const options = () => {
    if (!latest) throw new Error("useFinlinkLink was not rendered");
    return latest;
  };
  return {
    open,
    hook(hookOptions: UseFinlinkLinkOptions): FinlinkLink {
      latest = hookOptions;
      return { open, close, ready: Boolean(hookOptions.url), error: null };
    },
    /** The url the app currently gives the hook. */
    url: () => options().url,
    mode: () => options().mode,
    succeed: (result: Parameters<UseFinlinkLinkOptions["onSuccess"]>[0]) => act(() => options().onSuccess(result)),
    exit: (reason: string) =>
      act(() =>
        options().onExit?.({
          reason,
          operation: "CONNECT",
          state: null,
          entity: null,
          status: null,
          screen: null,
          requestId: null,
        }),
      ),
    reset() {
      latest = null;
      open.mockClear();
      close.mockClear();
    },
  };
}
