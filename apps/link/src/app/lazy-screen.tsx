import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n";
import { Screen } from "../ui/screen";

/** The page while Link starts or a screen's code arrives. */
export function LoadingScreen() {
  const { t } = useI18n();
  return (
    <Screen title={t.loading}>
      <span class="spinner" aria-hidden="true" />
    </Screen>
  );
}

type Lazy<P> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * A screen whose code is a separate chunk, fetched on first use (or earlier with `preload`), so the
 * first download holds only what the first screen needs. Preact's own `lazy` lives in preact/compat,
 * which Link does not load.
 * @example const MfaScreen = lazyScreen(() => import("../screens/mfa/mfa-screen").then((m) => m.MfaScreen));
 */
export function lazyScreen<P extends object>(load: () => Promise<ComponentType<P>>): Lazy<P> {
  let component: ComponentType<P> | null = null;
  let pending: Promise<unknown> | null = null;
  const preload = () => {
    pending ??= load().then(
      (loaded) => {
        component = loaded;
      },
      (error: unknown) => {
        pending = null; // so "Try again" fetches again
        throw error;
      },
    );
    return pending;
  };

  function LazyScreen(props: P) {
    const { t } = useI18n();
    const [status, setStatus] = useState<"loading" | "ready" | "failed">(component ? "ready" : "loading");
    const load = () => {
      setStatus("loading");
      preload().then(
        () => setStatus("ready"),
        () => setStatus("failed"),
      );
    };
    // Always, even if the code arrived between the first render and this effect: that render showed
    // the loading screen, and only a state change replaces it.
    useEffect(load, []);

    if (component) {
      const Loaded = component;
      return <Loaded {...props} />;
    }
    if (status === "loading") return <LoadingScreen />;
    return (
      <Screen title={t.error.loadFailed}>
        <p class="lead">{t.error.network}</p>
        <button type="button" class="button" onClick={load}>
          {t.error.retry}
        </button>
      </Screen>
    );
  }
  return Object.assign(LazyScreen, { preload });
}
