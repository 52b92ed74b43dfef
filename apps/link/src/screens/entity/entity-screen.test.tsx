import { matchesEntity } from "@finlink/contracts/entity-match";
import { fireEvent, screen } from "@testing-library/preact";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bank, broker, downBank } from "../../testing/fixtures";
import { renderIn } from "../../testing/render";
import { elapse } from "../../testing/timers";
import { EntityScreen, MAX_QUERY_LENGTH } from "./entity-screen";
import { SEARCH_DEBOUNCE_MS } from "./use-entity-search";

// In the server's order (the most popular first), matched by the server's own rule.
const ALL = [bank, broker, downBank];
const search = vi.fn(async (query: string) => ALL.filter((e) => matchesEntity(e, query)));

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
    // Banks and a broker together: "entities", not "banks".
    expect(screen.getByRole("status").textContent).toBe("3 entities");

    fireEvent.input(screen.getByLabelText("Search for your bank"), { target: { value: "b" } });
    await type("broker");
    expect(search).toHaveBeenCalledTimes(2); // "" at first, then only the last query after the pause
    expect(search).toHaveBeenLastCalledWith("broker", expect.any(AbortSignal));
    expect(screen.getByRole("button", { name: "Bróker Sandbox" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Banco Sandbox" })).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("1 broker");
  });

  it("keeps the server's order: the most popular first", async () => {
    await show();
    const names = screen.getAllByRole("button").map((b) => b.querySelector(".entity-name")?.firstChild?.textContent);
    expect(names).toEqual(["Banco Sandbox", "Bróker Sandbox", "Banco Sandbox Caído"]);
  });

  it("finds by initials and word starts", async () => {
    await show();
    await type("bsc");
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual([
      "BSBanco Sandbox CaídoTemporarily unavailable",
    ]);
    await type("sandbox bank");
    expect(screen.getByRole("status").textContent).toBe("2 banks");
  });

  it("filters by type with an accessible radio group, and counts what it shows", async () => {
    await show();
    const group = screen.getByRole("group", { name: "Show" });
    expect(group).toBeTruthy();
    expect((screen.getByRole("radio", { name: "All" }) as HTMLInputElement).checked).toBe(true);

    fireEvent.click(screen.getByRole("radio", { name: "Brokers" }));
    expect(screen.getByRole("status").textContent).toBe("1 broker");
    expect(screen.getAllByRole("button").map((b) => b.textContent)).toEqual(["BSBróker Sandbox"]);

    fireEvent.click(screen.getByRole("radio", { name: "Banks" }));
    expect(screen.getByRole("status").textContent).toBe("2 banks");
    await type("broker");
    expect(screen.getByRole("status").textContent).toBe("No banks match “broker”.");

    fireEvent.click(screen.getByRole("radio", { name: "Brokers" }));
    expect(screen.getByRole("status").textContent).toBe("1 broker");
  });

  it("offers no filter when the list has one type only", async () => {
    search.mockResolvedValueOnce([bank, downBank]);
    await show();
    expect(screen.getByRole("status").textContent).toBe("2 banks");
    expect(screen.queryByRole("radio")).toBeNull();
  });

  it("marks an entity that is down in words, and still lets the user pick it", async () => {
    const onSelect = await show();
    const down = screen.getByRole("button", { name: "Banco Sandbox Caído Temporarily unavailable" });
    expect(screen.getByRole("button", { name: "Banco Sandbox" }).textContent).not.toContain("unavailable");
    fireEvent.click(down);
    expect(onSelect).toHaveBeenCalledWith(downBank);
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
    // …and what to do about it.
    expect(screen.getByText("Can't find your bank?")).toBeTruthy();
    expect(screen.getByText(/^Check the spelling/).textContent).toContain("Demo app can't connect it yet");
  });

  it("moves through the results with the arrow keys and picks one", async () => {
    const onSelect = await show();
    const input = screen.getByLabelText("Search for your bank");
    input.focus();
    fireEvent.keyDown(input, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Banco Sandbox" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Bróker Sandbox" }));
    fireEvent.keyDown(document.activeElement as Element, { key: "ArrowDown" });
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
