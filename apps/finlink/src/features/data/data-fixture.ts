import type { z } from "zod";
import { accounts, transactions } from "../../db/schema";
import { connectDirectly, waitForStatus } from "../../testing/connect";
import { type Backend, createTestContext, type TestContext } from "../../testing/test-context";

type Connected = Awaited<ReturnType<typeof connectDirectly>>;

/**
 * A Finlink server with two READY sandbox connections of app A: a bank (`user_good`: accounts and
 * transactions) and a broker (portfolios, positions, investments, portfolio transactions).
 */
export async function createDataFixture(backend: Backend) {
  const ctx: TestContext = await createTestContext({ backend });
  const connect = async (entity: string) => {
    const connection = await connectDirectly(ctx, { entity, username: "user_good" });
    await waitForStatus(ctx, connection.apiToken, connection.connectionToken, ["READY"]);
    return connection;
  };
  const bank: Connected = await connect("sandbox_bank");
  const broker: Connected = await connect("sandbox_broker");
  const token = bank.apiToken;

  /** GET `<connection base>/<path>`; the token defaults to app A's. */
  const get = (connection: Connected, path: string, as: string = token) =>
    ctx.request("GET", `/api/v1/queries/connections/${connection.connectionToken}/${path}`, { token: as });

  /** GET that must answer 200 and a body the contract schema accepts. */
  const read = async <S extends z.ZodType>(schema: S, connection: Connected, path: string): Promise<z.output<S>> => {
    const res = await get(connection, path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
    return schema.parse(await res.json());
  };

  const { db } = ctx.services.database;
  /** Writes transactions of the bank connection straight to the database, as a later extraction would. */
  const insertTransactions = async (accountId: string, rows: { id: string; date: string }[]) => {
    const values = rows.map(({ id, date }) => ({
      id,
      date,
      valueDate: date,
      accountId,
      connectionId: bank.connectionId,
    }));
    const fixed = { amount: "-1.5", currency: "EUR", description: "Written by a test", type: "DEBIT", category: null };
    await db.insert(transactions).values(values.map((row) => ({ ...row, ...fixed })));
  };
  /** Adds an empty account to the bank connection. */
  const insertAccount = async (id: string) => {
    const fixed = {
      portfolio: null,
      iban: null,
      type: "OTHER",
      alias: "Test",
      balance: "0",
      currency: "EUR",
      owners: [],
    };
    await db.insert(accounts).values({ id, connectionId: bank.connectionId, ...fixed });
  };

  return { ctx, bank, broker, token, get, read, insertTransactions, insertAccount };
}

export type DataFixture = Awaited<ReturnType<typeof createDataFixture>>;
