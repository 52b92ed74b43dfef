import { describe, expect, it } from "vitest";
import { ViewCache } from "./view-cache";

/** A tracker the test moves by hand, as db-kit's moves when a statement starts and ends. */
const tracker = () => ({ generation: 0, inFlight: 0 });

describe("ViewCache", () => {
  it("answers from memory while nothing ran, and reads again once anything did", async () => {
    const writes = tracker();
    const cache = new ViewCache<string>(writes);
    let loads = 0;
    const load = async () => `row ${++loads}`;
    expect(await cache.read("k", load)).toBe("row 1");
    expect(await cache.read("k", load)).toBe("row 1");
    writes.generation++;
    expect(await cache.read("k", load)).toBe("row 2");
    expect(await cache.read("k", load)).toBe("row 2");
    expect(loads).toBe(2);
  });

  it("reads through while a statement runs, and keeps nothing read meanwhile", async () => {
    const writes = tracker();
    const cache = new ViewCache<string>(writes);
    let loads = 0;
    const load = async () => `row ${++loads}`;
    await cache.read("k", load);
    writes.inFlight = 1; // a statement started
    writes.generation++;
    expect(await cache.read("k", load)).toBe("row 2");
    expect(await cache.read("k", load)).toBe("row 3");
    writes.inFlight = 0; // and ended
    writes.generation++;
    // What was read while a statement ran was not kept: the next read goes to the database again.
    expect(await cache.read("k", load)).toBe("row 4");
    expect(await cache.read("k", load)).toBe("row 4");
  });

  it("keeps nothing when a statement started or ended during the read", async () => {
    const writes = tracker();
    const cache = new ViewCache<string>(writes);
    let loads = 0;
    const during = async () => {
      writes.generation += 2; // a whole statement ran while this read waited
      return `row ${++loads}`;
    };
    expect(await cache.read("k", during)).toBe("row 1");
    expect(await cache.read("k", async () => `row ${++loads}`)).toBe("row 2");
    const starts = async () => {
      writes.inFlight = 1; // one began and is still running
      writes.generation++;
      return `row ${++loads}`;
    };
    expect(await cache.read("j", starts)).toBe("row 3");
    writes.inFlight = 0;
    writes.generation++;
    expect(await cache.read("j", async () => `row ${++loads}`)).toBe("row 4");
  });

  it("forgets a row that is gone and keeps no answer for an unknown key", async () => {
    const writes = tracker();
    const cache = new ViewCache<string>(writes);
    await cache.read("k", async () => "row");
    expect(cache.size).toBe(1);
    expect(await cache.read("unknown", async () => undefined)).toBeUndefined();
    expect(cache.size).toBe(1);
    writes.generation++;
    expect(await cache.read("k", async () => undefined)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it("holds at most `max` rows, forgetting the oldest first", async () => {
    const writes = tracker();
    const cache = new ViewCache<string>(writes, 2);
    let loads = 0;
    const load = async () => `row ${++loads}`;
    await cache.read("a", load);
    await cache.read("b", load);
    await cache.read("c", load);
    expect(cache.size).toBe(2);
    expect(await cache.read("b", load)).toBe("row 2");
    expect(await cache.read("c", load)).toBe("row 3");
    expect(await cache.read("a", load)).toBe("row 4");
  });

  it("reading a key again takes no other key's place", async () => {
    const writes = tracker();
    const cache = new ViewCache<string>(writes, 2);
    let loads = 0;
    const load = async () => `row ${++loads}`;
    await cache.read("a", load);
    await cache.read("b", load);
    writes.generation++;
    expect(await cache.read("b", load)).toBe("row 3");
    expect(cache.size).toBe(2);
    expect(await cache.read("a", load)).toBe("row 4");
    expect(await cache.read("b", load)).toBe("row 3");
  });
});
