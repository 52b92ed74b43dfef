import { fireEvent, render, screen, waitFor } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bank, fakeApi, session } from "../testing/fixtures";
import { App } from "./app";
import { canExit } from "./current-view";
import { createFlow } from "./flow";
import { ScreenBoundary } from "./screen-boundary";

function Boom(): never {
  throw new Error("boom");
}

describe("ScreenBoundary", () => {
  // Preact reports the caught error on the console; the test wants its output quiet.
  beforeEach(() => vi.spyOn(console, "error").mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it("shows its children while they render", () => {
    render(
      <ScreenBoundary fallback={() => <p>fallback</p>}>
        <p>fine</p>
      </ScreenBoundary>,
    );
    expect(screen.getByText("fine")).toBeTruthy();
    expect(screen.queryByText("fallback")).toBeNull();
  });

  it("shows the fallback instead of a screen that throws", () => {
    render(
      <ScreenBoundary fallback={() => <p>fallback</p>}>
        <Boom />
      </ScreenBoundary>,
    );
    expect(screen.getByText("fallback")).toBeTruthy();
  });

  it("in the shell: a crashing screen becomes the generic error, with the way back to the app", async () => {
    const navigate = vi.fn();
    const exitUrl = "https://app.example/link/callback?error=USER_EXIT";
    const exit = vi.fn(async () => ({ redirectUrl: exitUrl }));
    // An entity without its form description: the credentials screen cannot render it.
    const broken = { ...bank, credentialFields: undefined as never };
    const flow = createFlow({
      api: fakeApi({ createSession: async () => session({ entity: broken }), exit }),
      parent: null,
      navigate,
    });
    render(<App flow={flow} request={{ id: "r" }} lang="en" />);
    await flow.start({ id: "r" });
    flow.acceptConsent();

    expect(await screen.findByRole("heading", { level: 1, name: "Something went wrong" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Back to Demo app" }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(exitUrl));
    expect(exit).toHaveBeenCalledWith({ reason: "USER_EXIT", screen: "CREDENTIALS" });
  });
});

describe("canExit", () => {
  const state = { session: session(), busy: false, exiting: false };

  it("offers Exit while the user can still leave", () => {
    expect(canExit({ ...state, view: { screen: "ENTITY" } })).toBe(true);
    expect(canExit({ ...state, view: { screen: "CREDENTIALS", entity: bank, error: null } })).toBe(true);
  });

  it("offers no Exit once the sign-in went through: leaving would race finish for the publicToken", () => {
    expect(canExit({ ...state, view: { screen: "CONNECTING", entity: bank } })).toBe(false);
    const success = { screen: "SUCCESS" as const, entity: bank, redirectUrl: "x", operation: "CONNECT" as const };
    expect(canExit({ ...state, view: success })).toBe(false);
    expect(canExit({ ...state, session: null, view: { screen: "ENTITY" } })).toBe(false);
  });
});
