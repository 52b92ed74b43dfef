import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { renderIn } from "../../testing/render";
import { ConsentScreen, type ConsentScreenProps } from "./consent-screen";

const app = { name: "Demo app", privacyPolicyUrl: null, termsUrl: null };

function show(props: Partial<ConsentScreenProps> = {}, lang: "en" | "es" = "en") {
  const onContinue = vi.fn();
  renderIn(
    <ConsentScreen app={app} product="TRANSACTIONS" entityName={null} onContinue={onContinue} {...props} />,
    lang,
  );
  return onContinue;
}

const readList = (name: string) =>
  within(screen.getByRole("region", { name }))
    .getAllByRole("listitem")
    .map((item) => item.textContent);

describe("ConsentScreen", () => {
  it("says who asks and what a transactions connection reads, focus on the heading", async () => {
    show();
    const heading = screen.getByRole("heading", { level: 1, name: "Demo app asks to connect to your bank" });
    await waitFor(() => expect(document.activeElement).toBe(heading));
    expect(readList("What will be read")).toEqual(["Your accounts and their balances", "Your transactions"]);
    expect(screen.getByText("Until you revoke it. Your data is refreshed daily.")).toBeTruthy();
    expect(screen.getByText("Remove the connection in Demo app at any time.")).toBeTruthy();
    expect(screen.getByText("Finlink never shares your credentials with Demo app.")).toBeTruthy();
  });

  it("lists portfolios and positions for investments, and names a fixed entity", () => {
    show({ product: "INVESTMENTS", entityName: "Bróker Sandbox" });
    expect(screen.getByRole("heading", { level: 1, name: "Demo app asks to connect to Bróker Sandbox" })).toBeTruthy();
    expect(readList("What will be read")).toEqual([
      "Your accounts and their balances",
      "Your portfolios and investments",
      "Your positions",
    ]);
  });

  it("without an entity, an investments connection asks for a bank or broker", () => {
    show({ product: "INVESTMENTS" });
    expect(
      screen.getByRole("heading", { level: 1, name: "Demo app asks to connect to your bank or broker" }),
    ).toBeTruthy();
  });

  it("links the app's privacy policy and terms in a new tab that cannot reach back", () => {
    show({ app: { ...app, privacyPolicyUrl: "https://app.example/privacy", termsUrl: "https://app.example/terms" } });
    const privacy = screen.getByRole("link", { name: "Demo app's privacy policy (opens in a new tab)" });
    const terms = screen.getByRole("link", { name: "Demo app's terms (opens in a new tab)" });
    expect(privacy.getAttribute("href")).toBe("https://app.example/privacy");
    expect(terms.getAttribute("href")).toBe("https://app.example/terms");
    for (const link of [privacy, terms]) {
      expect(link.getAttribute("target")).toBe("_blank");
      expect(link.getAttribute("rel")?.split(" ")).toContain("noopener");
    }
  });

  it("shows only the links the app has", () => {
    show({ app: { ...app, termsUrl: "https://app.example/terms" } });
    expect(screen.getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual(["https://app.example/terms"]);
  });

  it("has no links when the app set none", () => {
    show();
    expect(screen.queryAllByRole("link")).toEqual([]);
  });

  it("goes on only when the user continues", () => {
    const onContinue = show();
    expect(onContinue).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(onContinue).toHaveBeenCalledTimes(1);
  });

  it("speaks Spanish", () => {
    show({ app: { ...app, privacyPolicyUrl: "https://app.example/p" } }, "es");
    expect(screen.getByRole("heading", { level: 1, name: "Demo app solicita conectarse a tu banco" })).toBeTruthy();
    expect(readList("Qué se leerá")).toEqual(["Tus cuentas y sus saldos", "Tus movimientos"]);
    expect(
      screen.getByRole("link", { name: "Política de privacidad de Demo app (se abre en una pestaña nueva)" }),
    ).toBeTruthy();
    expect(screen.getByRole("button", { name: "Continuar" })).toBeTruthy();
  });

  it("never calls the product Link", () => {
    show({ app: { ...app, privacyPolicyUrl: "https://app.example/p", termsUrl: "https://app.example/t" } });
    expect(document.body.textContent).not.toMatch(/\bLink\b/);
  });
});
