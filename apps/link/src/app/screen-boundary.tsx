import { Component, type ComponentChildren } from "preact";

export interface ScreenBoundaryProps {
  /** What shows instead of a screen that threw while rendering. */
  fallback: () => ComponentChildren;
  children?: ComponentChildren;
}

/**
 * Never a blank page: a screen that throws while rendering (a bug, an answer the code did not expect)
 * is replaced by `fallback` — the generic error screen, with the exit flow when a session exists.
 * Keyed by step in the shell, so the next step starts with a fresh boundary.
 */
export class ScreenBoundary extends Component<ScreenBoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static override getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch() {
    // getDerivedStateFromError already switched to the fallback; nothing is logged (no console in Link).
    this.setState({ failed: true });
  }

  override render() {
    return this.state.failed ? this.props.fallback() : this.props.children;
  }
}
