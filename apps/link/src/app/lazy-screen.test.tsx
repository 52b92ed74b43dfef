import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it, vi } from "vitest";
import { renderIn } from "../testing/render";
import { lazyScreen } from "./lazy-screen";

type HelloProps = { name: string };
const Hello = ({ name }: HelloProps) => <h1>Hello {name}</h1>;

describe("lazyScreen", () => {
  it("shows the loading screen until the code arrives, then the screen", async () => {
    const Lazy = lazyScreen<HelloProps>(async () => Hello);
    renderIn(<Lazy name="Ana" />);
    expect(screen.getByRole("heading", { name: "Loading…" })).toBeTruthy();
    expect(await screen.findByRole("heading", { name: "Hello Ana" })).toBeTruthy();
  });

  it("shows a screen whose code was preloaded at once", async () => {
    const Lazy = lazyScreen<HelloProps>(async () => Hello);
    await Lazy.preload();
    renderIn(<Lazy name="Ana" />);
    expect(screen.getByRole("heading", { name: "Hello Ana" })).toBeTruthy();
  });

  it("offers Try again when the code cannot be fetched, and fetches again", async () => {
    const load = vi
      .fn<() => Promise<typeof Hello>>()
      .mockRejectedValueOnce(new TypeError("Failed to fetch"))
      .mockResolvedValue(Hello);
    const Lazy = lazyScreen<HelloProps>(load);
    renderIn(<Lazy name="Ana" />);
    expect(await screen.findByRole("heading", { name: "This step could not load" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect(await screen.findByRole("heading", { name: "Hello Ana" })).toBeTruthy();
    expect(load).toHaveBeenCalledTimes(2);
  });
});
