import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_NOW } from "../../connectors/sandbox/test-support";
import { apiId } from "../../jobs/store-batch";
import { testBackends } from "../../testing/backends";
import { connectDirectly, waitForStatus } from "../../testing/connect";
import { createTestContext, type TestContext } from "../../testing/test-context";

type Connected = Awaited<ReturnType<typeof connectDirectly>>;
type Row = Record<string, unknown>;

/** Half past eleven on TEST_NOW's day: an update then rewrites the same day's data, with a later updatedAt. */
const UPDATED_AT = new Date(TEST_NOW.getTime() + 90 * 60_000);

/**
 * Every field of one row of each data view, for user_good at sandbox_bank and at sandbox_broker, extracted
 * at TEST_NOW (the sandbox is deterministic: these are the values committed-values.json pins, and the
 * rest of the same rows). Source ids are the connector's; the API's are `apiId`s of this connection.
 * Swapping two fields of a view (alias and iban, amount and localAmount, date and valueDate…) changes one.
 */
describe.each(testBackends())("the data views' field values on %s", (_name, backend) => {
  let ctx: TestContext;
  let clock = TEST_NOW;
  let bank: Connected;
  let broker: Connected;
  beforeAll(async () => {
    ctx = await createTestContext({ backend, now: () => clock });
    const connect = async (entity: string) => {
      const connection = await connectDirectly(ctx, { entity, username: "user_good" });
      await waitForStatus(ctx, connection.apiToken, connection.connectionToken, ["READY"]);
      return connection;
    };
    bank = await connect("sandbox_bank");
    broker = await connect("sandbox_broker");
    // An update later the same day: createdAt stays the first extraction's, updatedAt is the update's.
    clock = UPDATED_AT;
    for (const c of [bank, broker]) {
      const res = await ctx.request("POST", `/api/v1/commands/connections/${c.connectionToken}/refresh`, {
        token: c.apiToken,
      });
      expect(res.status).toBe(202);
      const updated = await waitForStatus(ctx, c.apiToken, c.connectionToken, ["READY"]);
      expect(updated.lastSync).toBe(UPDATED_AT.toISOString());
    }
  });
  afterAll(() => ctx.close());

  const read = async (c: Connected, path: string): Promise<unknown> => {
    const res = await ctx.request("GET", `/api/v1/queries/connections/${c.connectionToken}/${path}`, {
      token: c.apiToken,
    });
    expect(res.status, path).toBe(200);
    return res.json();
  };
  const list = async (c: Connected, path: string) => (await read(c, path)) as Row[];
  const id = (c: Connected, kind: Parameters<typeof apiId>[1], sourceId: string) =>
    apiId(c.connectionId, kind, sourceId);
  const created = TEST_NOW.toISOString();
  const updated = UPDATED_AT.toISOString();

  it("writes every field of a bank account and of a broker's cash account", async () => {
    const nomina = id(bank, "account", "acc_b5241c59c64038b4171e");
    const accounts = await list(bank, "accounts");
    expect(accounts).toHaveLength(3);
    expect(accounts.find((a) => a.id === nomina)).toEqual({
      id: nomina,
      portfolio: null,
      iban: "ES1509010854198497177858",
      type: "CASH_ACCOUNT",
      alias: "Cuenta Nómina",
      balance: -535.79,
      currency: "EUR",
      updatedAt: updated,
      createdAt: created,
      owners: ["CARMEN ALVAREZ LOPEZ"],
    });
    const brokerAccount = id(broker, "account", "acc_ae9bae3f8a2f4ad3e1ec");
    expect((await list(broker, "accounts")).find((a) => a.id === brokerAccount)).toEqual({
      id: brokerAccount,
      portfolio: id(broker, "portfolio", "pf_cc5e009a9100ea44082c"),
      iban: "ES7109026213691087269709",
      type: "OTHER",
      alias: "Cuenta Bróker",
      balance: 1523.81,
      currency: "EUR",
      updatedAt: updated,
      createdAt: created,
      owners: ["Carmen Álvarez López"],
    });
  });

  it("writes every field of a card payment booked two days after its value date", async () => {
    const card = id(bank, "account", "acc_a6fb369650bcc27a23b3");
    const renfe = id(bank, "transaction", "tx_b49714c47633d72d0000");
    const page = (await read(bank, `accounts/${card}/transactions?limit=1000`)) as { data: Row[] };
    expect(page.data).toHaveLength(116);
    expect(page.data.find((t) => t.id === renfe)).toEqual({
      id: renfe,
      accountId: card,
      date: "2026-03-13",
      valueDate: "2026-03-11",
      amount: -67.25,
      currency: "EUR",
      description: "Renfe Viajeros",
      type: "DEBIT",
      category: "TRANSPORTE",
    });
    const brokerAccount = id(broker, "account", "acc_ae9bae3f8a2f4ad3e1ec");
    const purchase = id(broker, "transaction", "tx_f67d189d1080c15d0000");
    const cash = (await read(broker, `accounts/${brokerAccount}/transactions?limit=1000`)) as { data: Row[] };
    expect(cash.data.find((t) => t.id === purchase)).toEqual({
      id: purchase,
      accountId: brokerAccount,
      date: "2026-03-03",
      valueDate: "2026-03-05",
      amount: -726.11,
      currency: "EUR",
      description: "Compra 161 Telefónica",
      type: "DEBIT",
      category: "INVERSIONES",
    });
  });

  it("writes every field of a portfolio", async () => {
    const stocks = id(broker, "portfolio", "pf_cc5e009a9100ea44082c");
    const portfolios = await list(broker, "portfolios");
    expect(portfolios).toHaveLength(3);
    expect(portfolios.find((p) => p.id === stocks)).toEqual({
      id: stocks,
      type: "STOCK_PORTFOLIO",
      owners: ["Carmen Álvarez López"],
      balance: 116441.86,
      currency: "EUR",
      createdAt: created,
      updatedAt: updated,
    });
  });

  it("writes every field of a fund with its manager, a renamed stock, a US stock and an unknown line", async () => {
    const investments = await list(broker, "investments");
    expect(investments).toHaveLength(28);
    const find = (sourceId: string) => investments.find((i) => i.id === id(broker, "investment", sourceId));
    expect(find("inv_9e1d930889265c14e926")).toEqual({
      id: id(broker, "investment", "inv_9e1d930889265c14e926"),
      name: "Meseta Renta Variable Global, FI",
      isin: "ES0162735007",
      currency: "EUR",
      exchange: null,
      assetType: "FUND",
      unknown: false,
      relatedSecurity: null,
      spanishTaxExempt: true,
      managementCompany: { name: "Meseta Gestión SGIIC, S.A.", cif: "A86519279" },
    });
    expect(find("inv_403b2e6ed00e5e762bcc")).toEqual({
      id: id(broker, "investment", "inv_403b2e6ed00e5e762bcc"),
      name: "Ferrovial SE",
      isin: "NL0015001FS8",
      currency: "EUR",
      exchange: "XMAD",
      assetType: "STOCK",
      unknown: false,
      // The line its ISIN change came from: Ferrovial SA.
      relatedSecurity: id(broker, "investment", "inv_f1f946816e0efabf89bf"),
      spanishTaxExempt: false,
      managementCompany: null,
    });
    expect(find("inv_57d1974e20b7b1a81d9d")).toEqual({
      id: id(broker, "investment", "inv_57d1974e20b7b1a81d9d"),
      name: "Apple Inc",
      isin: "US0378331005",
      currency: "USD",
      exchange: "XNAS",
      assetType: "STOCK",
      unknown: false,
      relatedSecurity: null,
      spanishTaxExempt: false,
      managementCompany: null,
    });
    expect(find("inv_1599233f0a294790a98e")).toEqual({
      id: id(broker, "investment", "inv_1599233f0a294790a98e"),
      name: "EOLICA IBERICA ACC.ORD.",
      isin: null,
      currency: "EUR",
      exchange: null,
      assetType: "STOCK",
      unknown: true,
      relatedSecurity: null,
      spanishTaxExempt: false,
      managementCompany: null,
    });
  });

  it("writes every field of a position held in dollars and of one held in a fund", async () => {
    const positions = await list(broker, "portfolios/active-positions");
    expect(positions).toHaveLength(11);
    const apple = id(broker, "investment", "inv_57d1974e20b7b1a81d9d");
    expect(positions.find((p) => p.investment === apple)).toEqual({
      portfolio: id(broker, "portfolio", "pf_cc5e009a9100ea44082c"),
      investment: apple,
      name: "Apple Inc",
      isin: "US0378331005",
      currency: "EUR",
      localCurrency: "USD",
      exchange: "XNAS",
      assetType: "STOCK",
      titles: 65,
      amount: 11898.2,
      localAmount: 12424.1,
      price: 183.049224,
      localPrice: 191.14,
      exchangeRate: 1.0442,
      // 11,898.20 of the stock portfolio's 116,441.86, to the millionth.
      weight: 0.102181,
    });
    const fund = id(broker, "investment", "inv_9e1d930889265c14e926");
    expect(positions.find((p) => p.investment === fund)).toEqual({
      portfolio: id(broker, "portfolio", "pf_f5053bc64932e06592f6"),
      investment: fund,
      name: "Meseta Renta Variable Global, FI",
      isin: "ES0162735007",
      currency: "EUR",
      localCurrency: "EUR",
      exchange: null,
      assetType: "FUND",
      titles: 544.7224,
      amount: 10627.53,
      localAmount: 10627.53,
      price: 19.51,
      localPrice: 19.51,
      exchangeRate: 1,
      weight: 1,
    });
  });

  it("writes every field of a purchase of a US stock, in dollars, and of its fee in euros", async () => {
    const stocks = id(broker, "portfolio", "pf_cc5e009a9100ea44082c");
    const apple = id(broker, "investment", "inv_57d1974e20b7b1a81d9d");
    const page = (await read(broker, `portfolios/${stocks}/transactions?limit=1000`)) as { data: Row[] };
    expect(page.data).toHaveLength(395);
    const find = (sourceId: string) => page.data.find((t) => t.id === id(broker, "portfolioTransaction", sourceId));
    expect(find("ptx_8a5b59bf671217f60000")).toEqual({
      id: id(broker, "portfolioTransaction", "ptx_8a5b59bf671217f60000"),
      portfolioId: stocks,
      investmentId: apple,
      date: "2025-09-03",
      valueDate: "2025-09-05",
      amount: -583.65,
      shares: 3,
      currency: "USD",
      description: "Compra 3 Apple",
      type: "BUY",
    });
    // A fee states the position (`=`): its shares are the titles held after the purchase.
    expect(find("ptx_8a5b59bf671217f60001")).toEqual({
      id: id(broker, "portfolioTransaction", "ptx_8a5b59bf671217f60001"),
      portfolioId: stocks,
      investmentId: apple,
      date: "2025-09-03",
      valueDate: "2025-09-03",
      amount: -3.95,
      shares: 86,
      currency: "EUR",
      description: "Comisión compra Apple",
      type: "FEE",
    });
  });
});
