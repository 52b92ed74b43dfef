import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { problem } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { ErrorScreen } from "./error-screen";

const session = { phase: "session" as const, entityName: "Banco Sandbox Caído", appName: "Demo app" };
const start = { phase: "start" as const, entityName: null, appName: null };
const heading = () => screen.getByRole("heading", { level: 1 }).textContent;
const buttonNames = () => screen.queryAllByRole("button").map((b) => b.textContent);

describe("ErrorScreen", () => {
  it.each([
    ["ACCOUNT_LOCKED", session, "Your account is locked", "lock"],
    ["TOO_MANY_ATTEMPTS", session, "Too many attempts", "lock"],
    ["ENTITY_UNAVAILABLE", session, "Banco Sandbox Caído is not available right now", "warning"],
    ["MFA_TIMEOUT", session, "The approval timed out", "clock"],
    ["SESSION_EXPIRED", session, "This link has expired", "clock"],
    ["INVALID_START_TOKEN", start, "This link has expired", "clock"],
    ["UNKNOWN_REDIRECT", start, "This link is not valid", "warning"],
    ["START_FLOW_REQUIRED", start, "This link is not valid", "warning"],
  ])("titles %s, with its icon hidden from screen readers", (reason, context, title, icon) => {
    const { container } = renderIn(<ErrorScreen error={problem(400, reason, { retryable: false })} {...context} />);
    expect(heading()).toBe(title);
    const picture = container.querySelector(".error-icon");
    expect(picture?.classList.contains(icon)).toBe(true);
    expect(picture?.getAttribute("aria-hidden")).toBe("true");
    expect(picture?.querySelector("svg path")?.getAttribute("d")).toBeTruthy();
  });

  it("keeps the error code and request id behind Details", () => {
    const { container } = renderIn(<ErrorScreen error={problem(403, "ACCOUNT_LOCKED")} {...session} />);
    const details = container.querySelector("details");
    expect(details?.open).toBe(false);
    expect(details?.querySelector("summary")?.textContent).toBe("Details");
    // Inside the closed disclosure, and nowhere else on the screen.
    expect(details?.textContent).toContain("ACCOUNT_LOCKED");
    expect(details?.textContent).toContain("req-1");
    expect(container.textContent?.split("ACCOUNT_LOCKED")).toHaveLength(2);
    fireEvent.click(screen.getByText("Details"));
    expect(screen.getByText("Error code")).toBeTruthy();
  });

  it("leaves out the request id it does not have", () => {
    renderIn(<ErrorScreen error={problem(0, "NETWORK_ERROR", { requestId: null })} {...session} />);
    expect(screen.getByText("NETWORK_ERROR")).toBeTruthy();
    expect(screen.queryByText("Request ID")).toBeNull();
  });

  // Exactly one way out, by priority: another bank, then trying again, then back to the app.
  it.each([
    [{ onChooseAnother: true, onRetry: true, onExit: true }, "Choose another bank", "onChooseAnother"],
    [{ onChooseAnother: true, onExit: true }, "Choose another bank", "onChooseAnother"],
    [{ onRetry: true, onExit: true }, "Try again", "onRetry"],
    [{ onRetry: true }, "Try again", "onRetry"],
    [{ onExit: true }, "Back to Demo app", "onExit"],
  ] as const)("offers one way out for %o: %s", (given, label, called) => {
    const spies = { onChooseAnother: vi.fn(), onRetry: vi.fn(), onExit: vi.fn() };
    const props = Object.fromEntries(Object.keys(given).map((k) => [k, spies[k as keyof typeof spies]]));
    renderIn(<ErrorScreen error={problem(503, "ENTITY_UNAVAILABLE")} {...session} {...props} />);
    expect(buttonNames()).toEqual([label]);
    fireEvent.click(screen.getByRole("button", { name: label }));
    for (const [name, spy] of Object.entries(spies)) expect(spy).toHaveBeenCalledTimes(name === called ? 1 : 0);
  });

  it("has no way out before a session exists, and speaks Spanish", () => {
    renderIn(<ErrorScreen error={problem(404, "UNKNOWN_REDIRECT", { retryable: false })} {...start} />, "es");
    expect(heading()).toBe("Este enlace no es válido");
    expect(screen.getByText("Detalles")).toBeTruthy();
    expect(buttonNames()).toEqual([]);
  });

  it("leads back to the app it came from when it cannot name it (a start that failed), and not without a way", () => {
    const { unmount } = renderIn(<ErrorScreen error={problem(404, "UNKNOWN_ENTITY")} {...start} onExit={vi.fn()} />);
    expect(buttonNames()).toEqual(["Back to the app you came from"]);
    unmount();
    renderIn(<ErrorScreen error={problem(404, "UNKNOWN_ENTITY")} {...start} />);
    expect(buttonNames()).toEqual([]);
  });

  it("says when to come back after too many openings from one network, in both languages", () => {
    const throttled = problem(429, "SESSIONS_THROTTLED", { retryable: true, retryAfter: 300 });
    const { unmount } = renderIn(<ErrorScreen error={throttled} {...start} />);
    expect(heading()).toBe("Too many connections started");
    expect(screen.getByText(/Try again in 5 minutes\./)).toBeTruthy();
    unmount();
    renderIn(<ErrorScreen error={throttled} {...start} />, "es");
    expect(heading()).toBe("Demasiadas conexiones iniciadas");
    expect(screen.getByText(/Inténtalo de nuevo dentro de 5 minutos\./)).toBeTruthy();
  });

  it("offers Try again when the server could not be reached at the start, in both languages", () => {
    const onRetry = vi.fn();
    const { unmount } = renderIn(<ErrorScreen error={problem(0, "NETWORK_ERROR")} {...start} onRetry={onRetry} />);
    expect(heading()).toBe("We couldn't get started");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(onRetry).toHaveBeenCalled();
    unmount();
    renderIn(<ErrorScreen error={problem(0, "NETWORK_ERROR")} {...start} onRetry={onRetry} />, "es");
    expect(buttonNames()).toEqual(["Inténtalo de nuevo"]);
  });
});
