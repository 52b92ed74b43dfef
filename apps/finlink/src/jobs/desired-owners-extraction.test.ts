import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Connector, ExtractBatch } from "../connectors/connector";
import { ConnectorRegistry } from "../connectors/registry";
import { createSandboxConnector } from "../connectors/sandbox";
import { coHolderFor, type Person, personFor } from "../connectors/sandbox/person";
import { stableId } from "../connectors/sandbox/random";
import { extractAll } from "../connectors/sandbox/test-support";
import { accounts, investments, portfolios, portfolioTransactions, positions, transactions } from "../db/schema";
import { createConnection } from "../features/connections/connections.service";
import { testBackends } from "../testing/backends";
import { waitForStatus } from "../testing/connect";
import { createTestContext, type TestContext } from "../testing/test-context";
import { dataRowCounts, totalRows } from "./lifecycle.testing";
import { apiId } from "./store-batch";

const JOINT_BROKER = "test_joint_broker";
const JANE = "SMITH GARCIA, JANE";
const JOHN = "DOE, JOHN";

/**
 * The sandbox broker's data for `user_good`, with the holders of a household given by the test, so the
 * expected rows are known by id: the current account is Jane's, the stocks portfolio joint, every other
 * account and portfolio John's.
 */
const sandboxId = (prefix: string, key: string) => stableId(prefix, "sandbox_broker", "user_good", key);
const HOLDERS: Record<string, string[]> = {
  [sandboxId("acc", "current")]: [JANE],
  [sandboxId("pf", "stocks")]: [JOHN, JANE],
};
const householdOwners = (batch: ExtractBatch): ExtractBatch => ({
  ...batch,
  accounts: batch.accounts?.map((a) => ({ ...a, owners: HOLDERS[a.id] ?? [JOHN] })),
  portfolios: batch.portfolios?.map((p) => ({ ...p, owners: HOLDERS[p.id] ?? [JOHN] })),
});

describe.each(testBackends())("desiredOwners applied to extractions on %s", (_name, backend) => {
  let ctx: TestContext;
  const sandbox = createSandboxConnector({ timeScale: 0 });
  beforeAll(async () => {
    ctx = await createTestContext({ backend });
    const broker = sandbox.entities().find((e) => e.id === "sandbox_broker");
    if (!broker) throw new Error("the sandbox has no broker");
    const joint: Connector = {
      entities: () => [{ ...broker, id: JOINT_BROKER, name: "Joint test broker" }],
      login: (input) => sandbox.login({ ...input, entityId: "sandbox_broker" }),
      answer: (input) => sandbox.answer({ ...input, entityId: "sandbox_broker" }),
      async *extract(input) {
        for await (const batch of sandbox.extract({ ...input, entityId: "sandbox_broker" })) {
          yield householdOwners(batch);
        }
      },
    };
    ctx.services.connectors = new ConnectorRegistry([sandbox, joint]);
  });
  afterAll(() => ctx.close());

  // Stored ids are UUIDs derived from the connection and the connector's id (store-batch `apiId`); the
  // expectations name the connector's ids, so stored ids are read back through every id the sandbox issues.
  type Kind = "account" | "portfolio" | "investment";
  const sourceIds: Record<Kind, Set<string>> = { account: new Set(), portfolio: new Set(), investment: new Set() };
  beforeAll(async () => {
    for (const [entity, username] of [
      ["sandbox_broker", "user_good"],
      ["sandbox_bank", "user_joint"],
      ["sandbox_broker", "user_joint"],
    ] as const) {
      const data = await extractAll(entity, username, new Date());
      for (const a of data.accounts) sourceIds.account.add(a.id);
      for (const p of data.portfolios) sourceIds.portfolio.add(p.id);
      for (const i of data.investments) sourceIds.investment.add(i.id);
    }
  });
  const toSource = (connectionId: string, kind: Kind) => (id: string) => {
    for (const source of sourceIds[kind]) if (apiId(connectionId, kind, source) === id) return source;
    throw new Error(`${id} is no ${kind} id the sandbox issued`);
  };
  const kindOf = (table: typeof accounts | typeof portfolios | typeof investments): Kind =>
    table === accounts ? "account" : table === portfolios ? "portfolio" : "investment";

  /** A connection created as Link creates it from a start-flow with `desiredOwners`, exchanged, READY. */
  const connect = async (entityId: string, desiredOwners: string[] | null, username = "user_good") => {
    const { services } = ctx;
    const { publicToken, connectionId } = await services.database.transaction((tx, sql) =>
      createConnection(services, tx, sql, {
        appId: ctx.appA.clientId,
        entityId,
        externalId: null,
        credentials: { username, password: "pass_good" },
        twoFactor: false,
        desiredOwners,
      }),
    );
    services.jobs.wake();
    const apiToken = await ctx.login();
    const res = await ctx.request("POST", `/api/v1/commands/connections/exchange/${publicToken}`, { token: apiToken });
    const { connectionToken } = (await res.json()) as { connectionToken: string };
    const ready = await waitForStatus(ctx, apiToken, connectionToken, ["READY", "ERRORED"]);
    expect(ready.status).toBe("READY");
    return { connectionId, connectionToken, apiToken };
  };
  const idsIn = async (table: typeof accounts | typeof portfolios | typeof investments, connectionId: string) =>
    (await ctx.services.database.db.select({ id: table.id }).from(table).where(eq(table.connectionId, connectionId)))
      .map((row) => toSource(connectionId, kindOf(table))(row.id))
      .sort();
  const referencesIn = async (connectionId: string) => {
    const db = ctx.services.database.db;
    const of = eq(transactions.connectionId, connectionId);
    return {
      transactionAccounts: new Set(
        (await db.select({ id: transactions.accountId }).from(transactions).where(of)).map((r) =>
          toSource(connectionId, "account")(r.id),
        ),
      ),
      positionPortfolios: new Set(
        (
          await db.select({ id: positions.portfolioId }).from(positions).where(eq(positions.connectionId, connectionId))
        ).map((r) => toSource(connectionId, "portfolio")(r.id)),
      ),
      movementPortfolios: new Set(
        (
          await db
            .select({ id: portfolioTransactions.portfolioId })
            .from(portfolioTransactions)
            .where(eq(portfolioTransactions.connectionId, connectionId))
        ).map((r) => toSource(connectionId, "portfolio")(r.id)),
      ),
      investmentsReferred: new Set([
        ...(
          await db
            .select({ id: positions.investmentId })
            .from(positions)
            .where(eq(positions.connectionId, connectionId))
        ).map((r) => toSource(connectionId, "investment")(r.id)),
        ...(
          await db
            .select({ id: portfolioTransactions.investmentId })
            .from(portfolioTransactions)
            .where(eq(portfolioTransactions.connectionId, connectionId))
        ).map((r) => toSource(connectionId, "investment")(r.id)),
      ]),
    };
  };

  it("stores only Jane's accounts and portfolios of a household (the joint one too), with their rows", async () => {
    const all = await connect(JOINT_BROKER, null);
    const jane = await connect(JOINT_BROKER, ["Jane Smith"]);
    const allAccounts = await idsIn(accounts, all.connectionId);
    const allPortfolios = await idsIn(portfolios, all.connectionId);
    expect(allAccounts).toContain(sandboxId("acc", "current"));
    expect(allAccounts.length).toBeGreaterThan(1);
    expect(allPortfolios).toContain(sandboxId("pf", "stocks"));
    expect(allPortfolios.length).toBeGreaterThan(1);
    const janeAccounts = await idsIn(accounts, jane.connectionId);
    const janePortfolios = await idsIn(portfolios, jane.connectionId);
    expect(janeAccounts).toEqual([sandboxId("acc", "current")]);
    expect(janePortfolios).toEqual([sandboxId("pf", "stocks")]);
    const [janeAccount] = await ctx.services.database.db
      .select({ owners: accounts.owners })
      .from(accounts)
      .where(eq(accounts.connectionId, jane.connectionId));
    expect(janeAccount?.owners).toEqual([JANE]);

    const kept = await referencesIn(jane.connectionId);
    expect([...kept.transactionAccounts]).toEqual(janeAccounts);
    expect([...kept.positionPortfolios]).toEqual(janePortfolios);
    expect([...kept.movementPortfolios]).toEqual(janePortfolios);
    // Every investment kept is one a kept position or movement refers to, and every one referred to is kept.
    expect(await idsIn(investments, jane.connectionId)).toEqual([...kept.investmentsReferred].sort());
    expect(kept.investmentsReferred.size).toBeGreaterThan(0);
    expect((await idsIn(investments, jane.connectionId)).length).toBeLessThan(
      (await idsIn(investments, all.connectionId)).length,
    );

    // John holds every other account, and every portfolio (the stocks one jointly).
    const john = await connect(JOINT_BROKER, ["john doe"]);
    expect(await idsIn(accounts, john.connectionId)).toEqual(
      allAccounts.filter((id) => id !== sandboxId("acc", "current")),
    );
    expect(await idsIn(portfolios, john.connectionId)).toEqual(allPortfolios);
  });

  it("applies them again at an update", async () => {
    const jane = await connect(JOINT_BROKER, ["Jane Smith"]);
    const refresh = await ctx.request("POST", `/api/v1/commands/connections/${jane.connectionToken}/refresh`, {
      token: jane.apiToken,
    });
    expect(refresh.status).toBe(202);
    const updated = await waitForStatus(ctx, jane.apiToken, jane.connectionToken, ["READY", "UPDATE_ERROR"]);
    expect(updated.status).toBe("READY");
    expect(await idsIn(accounts, jane.connectionId)).toEqual([sandboxId("acc", "current")]);
    expect(await idsIn(portfolios, jane.connectionId)).toEqual([sandboxId("pf", "stocks")]);
    const after = await referencesIn(jane.connectionId);
    expect([...after.transactionAccounts]).toEqual([sandboxId("acc", "current")]);
    expect([...after.movementPortfolios]).toEqual([sandboxId("pf", "stocks")]);
    expect(await idsIn(investments, jane.connectionId)).toEqual([...after.investmentsReferred].sort());
  });

  it("stores nothing for desiredOwners that match nobody, and the connection is READY with empty lists", async () => {
    const nobody = await connect("sandbox_broker", ["Nobody Anywhere"]);
    const counts = await dataRowCounts(ctx, nobody.connectionId);
    expect(Object.keys(counts).length).toBeGreaterThan(5);
    expect(totalRows(counts)).toBe(0);
    for (const list of ["accounts", "portfolios"]) {
      const res = await ctx.request("GET", `/api/v1/queries/connections/${nobody.connectionToken}/${list}`, {
        token: nobody.apiToken,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
    }
  });

  it("stores everything for the sandbox holder's name, written as the entity writes it or not", async () => {
    const { firstName, surnames } = personFor("user_good");
    const everything = await dataRowCounts(ctx, (await connect("sandbox_broker", null)).connectionId);
    expect(everything.accounts).toBeGreaterThan(0);
    expect(everything.portfolios).toBeGreaterThan(0);
    for (const name of [`${firstName} ${surnames.join(" ")}`, `${surnames.join(" ").toUpperCase()}, ${firstName}`]) {
      const holder = await connect("sandbox_broker", [name]);
      expect(await dataRowCounts(ctx, holder.connectionId), name).toEqual(everything);
    }
  });

  it("splits user_joint's household by holder: each keeps their own rows and the joint ones", async () => {
    const named = (person: Person) => `${person.firstName} ${person.surnames.join(" ")}`;
    const holdings = async (connectionId: string) => [
      ...(await idsIn(accounts, connectionId)),
      ...(await idsIn(portfolios, connectionId)),
    ];
    for (const entity of ["sandbox_bank", "sandbox_broker"]) {
      const everyone = await holdings((await connect(entity, null, "user_joint")).connectionId);
      const holder = await connect(entity, [named(personFor("user_joint"))], "user_joint");
      const other = await connect(entity, [named(coHolderFor("user_joint"))], "user_joint");
      const mine = await holdings(holder.connectionId);
      const theirs = await holdings(other.connectionId);
      expect([...new Set([...mine, ...theirs])].sort(), entity).toEqual([...everyone].sort());
      expect(mine.filter((id) => theirs.includes(id)).length, `${entity}: joint rows`).toBeGreaterThan(0);
      expect(mine.length < everyone.length || theirs.length < everyone.length, `${entity}: owners differ`).toBe(true);
      for (const kept of [holder, other]) {
        const refs = await referencesIn(kept.connectionId);
        const ids = await holdings(kept.connectionId);
        expect([...refs.transactionAccounts].filter((id) => !ids.includes(id))).toEqual([]);
        expect([...refs.movementPortfolios].filter((id) => !ids.includes(id))).toEqual([]);
        expect(await idsIn(investments, kept.connectionId)).toEqual([...refs.investmentsReferred].sort());
      }
    }
  });
});
