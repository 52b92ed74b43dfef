import { screen, waitFor } from "@testing-library/react";
import axe from "axe-core";
import { describe, expect, it } from "vitest";
import {
  account,
  CONNECTION_ID,
  connection,
  investment,
  portfolio,
  position,
  transaction,
  USER,
} from "../testing/fixtures";
import { renderApp } from "../testing/render-app";
import { problem, stubApi } from "../testing/stub-api";
import "./routes/connection";

const BASE = `/api/connections/${CONNECTION_ID}`;

/** axe's rules that need layout (colour contrast) cannot run without a renderer; Playwright checks those. */
async function violations() {
  const results = await axe.run(document.body, {
    rules: { "color-contrast": { enabled: false } },
  });
  return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("language and theme", () => {
  it("switches to Spanish, on <html lang> too, and remembers it", async () => {
    stubApi({ "GET /api/me": () => problem(401, null) });
    const { user, unmount } = renderApp("/");
    await screen.findByRole("heading", { level: 1, name: "Sign in" });
    expect(document.documentElement.lang).toBe("en");

    await user.selectOptions(screen.getByLabelText("Language"), "es");
    expect(await screen.findByRole("heading", { level: 1, name: "Iniciar sesión" })).toBeTruthy();
    expect(document.documentElement.lang).toBe("es");
    expect(document.title).toBe("Iniciar sesión · Demo de Finlink");

    unmount();
    renderApp("/");
    expect(await screen.findByRole("heading", { level: 1, name: "Iniciar sesión" })).toBeTruthy();
  });

  it("follows the system theme until the user picks one", async () => {
    stubApi({ "GET /api/me": () => problem(401, null) });
    const { user } = renderApp("/");
    const toggle = await screen.findByRole("button", { name: "Dark theme" });
    // happy-dom's system preference is light.
    expect(document.documentElement.dataset.theme).toBe("light");
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    await user.click(toggle);
    expect(document.documentElement.dataset.theme).toBe("dark");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
    expect(localStorage.getItem("finlink-web:theme")).toBe("dark");
  });
});

describe("accessibility (axe, structure rules)", () => {
  it("has no violations on the sign-in page", async () => {
    stubApi({ "GET /api/me": () => problem(401, null) });
    renderApp("/");
    await screen.findByLabelText("Your name");
    expect(await violations()).toEqual([]);
  });

  it("has no violations on the connections list", async () => {
    stubApi({
      "GET /api/me": () => USER,
      "GET /api/connections": () => [
        connection(),
        connection({ id: "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", status: "ERRORED", userAction: "RESTORE" }),
      ],
    });
    renderApp("/");
    expect(await screen.findAllByRole("link", { name: "Sandbox Bank" })).toHaveLength(2);
    expect(await violations()).toEqual([]);
  });

  it("has no violations on a connection page with every section", async () => {
    stubApi({
      "GET /api/me": () => USER,
      [`GET ${BASE}`]: () =>
        connection({
          status: "UPDATE_ERROR",
          userAction: "UPDATE",
          errorDetails: { reason: "MFA_TIMEOUT", type: "USER_ERROR", retryable: true },
        }),
      [`GET ${BASE}/accounts`]: () => [account()],
      [`GET ${BASE}/accounts/acc-1/transactions`]: () => ({ data: [transaction("t1")], nextCursor: "c2" }),
      [`GET ${BASE}/portfolios`]: () => [portfolio()],
      [`GET ${BASE}/portfolios/active-positions`]: () => [position()],
      [`GET ${BASE}/investments`]: () => [investment()],
    });
    renderApp(`/connections/${CONNECTION_ID}`);
    await screen.findByRole("table", { name: "Investments" });
    await waitFor(() => expect(screen.getByRole("button", { name: "Load more" })).toBeTruthy());
    expect(await violations()).toEqual([]);
    // What axe cannot see without layout: every table's scrolling box is reachable by keyboard, and named.
    const tables = screen.getAllByRole("table");
    expect(tables).toHaveLength(3);
    for (const table of tables) {
      const box = table.parentElement;
      expect(box?.getAttribute("tabindex")).toBe("0");
      expect(box?.getAttribute("aria-label")).toBe(table.querySelector("caption")?.textContent);
    }
  });
});
