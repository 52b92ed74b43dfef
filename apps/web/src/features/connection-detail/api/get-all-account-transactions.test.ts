import { describe, expect, it } from "vitest";
import { CONNECTION_ID, transaction } from "../../../testing/fixtures";
import { type StubRequest, stubApi } from "../../../testing/stub-api";
import { getAllAccountTransactions } from "./get-all-account-transactions";

const ROUTE = `GET /api/connections/${CONNECTION_ID}/accounts/acc-1/transactions`;

/** A list of `total` rows served in pages of the size asked, the cursor being the next row's index. */
function serve(total: number) {
  return stubApi({
    [ROUTE]: (r: StubRequest) => {
      const start = Number(r.query.get("cursor") ?? 0);
      const end = Math.min(total, start + Number(r.query.get("limit")));
      const data = Array.from({ length: end - start }, (_, i) => transaction(`t${start + i}`));
      return { data, nextCursor: end < total ? String(end) : null };
    },
  });
}

describe("reading every page of a transaction list", () => {
  it("follows the cursors to the last page and passes Finlink's date filter on each request", async () => {
    const api = serve(5);
    const all = await getAllAccountTransactions(
      CONNECTION_ID,
      "acc-1",
      { from: "2026-01-01", to: "2026-02-01" },
      undefined,
      {
        pageSize: 2,
        maxRows: 100,
      },
    );
    expect(all.rows.map((r) => r.id)).toEqual(["t0", "t1", "t2", "t3", "t4"]);
    expect(all.truncated).toBe(false);
    const sent = api
      .to(ROUTE)
      .map((r) => [r.query.get("cursor"), r.query.get("limit"), r.query.get("from"), r.query.get("to")]);
    expect(sent).toEqual([
      [null, "2", "2026-01-01", "2026-02-01"],
      ["2", "2", "2026-01-01", "2026-02-01"],
      ["4", "2", "2026-01-01", "2026-02-01"],
    ]);
  });

  it("sends no date for an open end", async () => {
    const api = serve(1);
    await getAllAccountTransactions(CONNECTION_ID, "acc-1", { from: "", to: "" });
    const [request] = api.to(ROUTE);
    expect([request?.query.has("from"), request?.query.has("to"), request?.query.get("limit")]).toEqual([
      false,
      false,
      "1000",
    ]);
  });

  it("stops at the bound, exactly, and says more rows exist", async () => {
    const api = serve(10);
    const atBound = await getAllAccountTransactions(CONNECTION_ID, "acc-1", { from: "", to: "" }, undefined, {
      pageSize: 2,
      maxRows: 5,
    });
    expect(atBound.rows).toHaveLength(5);
    expect(atBound.truncated).toBe(true);
    expect(api.to(ROUTE).map((r) => r.query.get("limit"))).toEqual(["2", "2", "1"]);
  });

  it("is not truncated when the list has exactly the bound's rows", async () => {
    serve(5);
    const exactly = await getAllAccountTransactions(CONNECTION_ID, "acc-1", { from: "", to: "" }, undefined, {
      pageSize: 2,
      maxRows: 5,
    });
    expect([exactly.rows.length, exactly.truncated]).toEqual([5, false]);
  });

  it("does not go round a cursor that keeps answering the same rows", async () => {
    const api = stubApi({ [ROUTE]: () => ({ data: [transaction("t1")], nextCursor: "again" }) });
    const all = await getAllAccountTransactions(CONNECTION_ID, "acc-1", { from: "", to: "" });
    expect(all.rows.map((r) => r.id)).toEqual(["t1"]);
    expect(api.to(ROUTE)).toHaveLength(2);
  });
});
