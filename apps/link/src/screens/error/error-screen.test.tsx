import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { problem } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { ErrorScreen } from "./error-screen";

const session = { phase: "session" as const, entityName: "Banco Sandbox Caído", appName: "Demo app" };
const start = { phase: "start" as const, entityName: null, appName: null };
const heading = () => screen.getByRole("heading", { level: 1 }).textContent;

describe("ErrorScreen", () => {
  it.each([
    ["ACCOUNT_LOCKED", session, "Your account is locked"],
    ["TOO_MANY_ATTEMPTS", session, "Too many attempts"],
    ["ENTITY_UNAVAILABLE", session, "Banco Sandbox Caído is not available right now"],
    ["MFA_TIMEOUT", session, "The approval timed out"],
    ["SESSION_EXPIRED", session, "This link has expired"],
    ["INVALID_START_TOKEN", start, "This link has expired"],
    ["UNKNOWN_REDIRECT", start, "This link is not valid"],
    ["START_FLOW_REQUIRED", start, "This link is not valid"],
  ])("titles %s", (reason, context, title) => {
    renderIn(<ErrorScreen error={problem(400, reason, { retryable: false })} {...context} />);
    expect(heading()).toBe(title);
  });

  it("leads back to the app when a session exists, and shows the reason and request id", () => {
    const onExit = vi.fn();
    renderIn(<ErrorScreen error={problem(403, "ACCOUNT_LOCKED")} {...session} onExit={onExit} />);
    fireEvent.click(screen.getByRole("button", { name: "Back to Demo app" }));
    expect(onExit).toHaveBeenCalled();
    expect(screen.getByText("ACCOUNT_LOCKED")).toBeTruthy();
    expect(screen.getByText("req-1")).toBeTruthy();
  });

  it("has no way out before a session exists, and speaks Spanish", () => {
    renderIn(<ErrorScreen error={problem(404, "UNKNOWN_REDIRECT", { retryable: false })} {...start} />, "es");
    expect(heading()).toBe("Este enlace no es válido");
    expect(screen.queryByRole("button")).toBeNull();
  });

  it("says when to come back after too many Link openings from one network, in both languages", () => {
    const throttled = problem(429, "SESSIONS_THROTTLED", { retryable: true, retryAfter: 300 });
    const { unmount } = renderIn(<ErrorScreen error={throttled} {...start} />);
    expect(heading()).toBe("Too many connections started");
    expect(screen.getByText(/Try again in 5 minutes\./)).toBeTruthy();
    unmount();
    renderIn(<ErrorScreen error={throttled} {...start} />, "es");
    expect(heading()).toBe("Demasiadas conexiones iniciadas");
    expect(screen.getByText(/dentro de 5 minutos\./)).toBeTruthy();
  });

  it("offers Try again when Link could not reach the server at the start", () => {
    const onRetry = vi.fn();
    renderIn(<ErrorScreen error={problem(0, "NETWORK_ERROR")} {...start} onRetry={onRetry} />);
    expect(heading()).toBe("Link could not start");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalled();
  });
});
