import type { LinkEntity } from "@finlink/contracts";
import { LinkApiError, NETWORK_ERROR } from "../api/link-api-error";
import type { RedirectActions, RedirectContext } from "./redirect-flow";

/**
 * The redirect sign-in's actions, its code fetched when first needed (picking a `REDIRECT` entity, the return
 * page): most sessions never use it, and Link's first chunk has a budget. The clicks that open the bank's page
 * come from a screen that shows only once the code is here, so they still run synchronously.
 */
export function lazyRedirect(ctx: RedirectContext) {
  let actions: RedirectActions | null = null;
  let loading: Promise<RedirectActions> | null = null;
  const load = () => {
    loading ??= import("./redirect-flow").then(
      ({ redirectActions }) => (actions = redirectActions(ctx)),
      (error: unknown) => {
        loading = null; // so "Try again" fetches it again
        throw error;
      },
    );
    return loading;
  };
  const unreachable = () => new LinkApiError({ status: 0, reason: NETWORK_ERROR });
  let received = "";

  /** Shows the way to `entity`'s page and fetches the page's address. */
  function prepareRedirect(entity: LinkEntity, error: LinkApiError | null = null) {
    ctx.set({ view: { screen: "REDIRECT", entity, stage: "PREPARING", authorizeUrl: null, error }, busy: false });
    load().then(
      (redirect) => redirect.prepareRedirect(entity, error),
      () => {
        const { view } = ctx.getState();
        if (view.screen !== "REDIRECT" || view.entity.id !== entity.id) return;
        ctx.set({ view: { ...view, stage: "PREPARING", authorizeUrl: null, error: unreachable() } });
      },
    );
  }

  return {
    prepareRedirect,
    /** "Try again" after the bank's address (or this code) could not be fetched. */
    retryRedirect() {
      const { view } = ctx.getState();
      if (view.screen === "REDIRECT" && view.stage === "PREPARING" && view.error) prepareRedirect(view.entity);
    },
    openBank: () => actions?.openBank(),
    reopenBank: () => actions?.reopenBank(),
    openedByHand: () => actions?.openedByHand(),
    bankInPopup: () => actions?.bankInPopup() ?? false,
    closeBank: () => actions?.closeBank(),

    /** Link's return page, with the URL the bank sent the user back to. */
    async returnFromBank(url: string) {
      received = url;
      ctx.set({ view: { screen: "RETURN", stage: "COMPLETING", error: null } });
      try {
        await (await load()).returnFromBank(url);
      } catch {
        ctx.set({ view: { screen: "RETURN", stage: "COMPLETING", error: unreachable() } });
      }
    },
    async retryReturn() {
      try {
        await (await load()).retryReturn(received);
      } catch {
        ctx.set({ view: { screen: "RETURN", stage: "COMPLETING", error: unreachable() } });
      }
    },
  };
}
