import { fireEvent, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bank, broker } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { elapse } from "../../testing/timers";
import { EntityScreen, MAX_QUERY_LENGTH } from "./entity-screen";
import { SEARCH_DEBOUNCE_MS } from "./use-entity-search";

const ALL = [bank, broker];
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();
// Filters like the server does, so the test reads as the user sees it.
const search = vi.fn(async (query: string) => ALL.filter((e) => fold(e.name).includes(fold(query))));

async function type(text: string) {
  fireEvent.input(screen.getByLabelText("Search for your bank"), { target: { value: text } });
  await elapse(SEARCH_DEBOUNCE_MS);
}

describe("EntityScreen", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    search.mockClear();
  });

  async function show(onSelect = vi.fn()) {
    renderIn(<EntityScreen appName="Demo app" search={search} onSelect={onSelect} />);
    await elapse(0);
    return onSelect;
  }

  it("lists every entity at first, then what the search matches, debounced", async () => {
    await show();
    expect(screen.getByRole("heading", { level: 1, name: "Select your bank" })).toBeTruthy();
    // Named exactly by the entity's name: the initials beside it are decorative.
    expect(screen.getByRole("button", { name: "Banco Sandbox" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "Bróker Sandbox" })).toBeTruthy();

    fireEvent.input(screen.getByLabelText("Search for your bank"), { target: { value: "b" } });
    await type("broker");
    expect(search).toHaveBeenCalledTimes(2); // "" at first, then only the last query after the pause
    expect(search).toHaveBeenLastCalledWith("broker", expect.any(AbortSignal));
    expect(screen.getByRole("button", { name: "Bróker Sandbox" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Banco Sandbox" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("1 bank");
  });

  it("stops the search at the API's 100 characters", async () => {
    await show();
    const input = screen.getByLabelText("Search for your bank") as HTMLInputElement;
    expect(input.maxLength).toBe(MAX_QUERY_LENGTH);
    expect(MAX_QUERY_LENGTH).toBe(100);
  });

  it("says when nothing matches", async () => {
    await show();
    await type("zzz");
    expect(screen.getByRole("status").textContent).toMatch(/^No banks match “zzz”/);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("moves through the results with the arrow keys and picks one", async () => {
    const onSelect = await show();
    const input = screen.getByLabelText("Search for your bank");
    input.focus();
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Banco Sandbox" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Bróker Sandbox" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "Home" });
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowUp" });
    expect(document.activeElement).toBe(input);

    fireEvent.click(screen.getByRole("button", { name: "Bróker Sandbox" }));
    expect(onSelect).toHaveBeenCalledWith(broker);
  });

  it("offers a retry when the list cannot load", async () => {
    search.mockRejectedValueOnce(new Error("offline"));
    await show();
    expect(screen.getByRole("alert").textContent).toBe("We couldn't load the list of banks.");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await elapse(0);
    expect(screen.getByRole("button", { name: "Banco Sandbox" })).toBeTruthy();
  });
});
