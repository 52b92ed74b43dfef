import type { AccountTransactionType, PortfolioTransactionType } from "@finlink/contracts";
import type { ExtractedPortfolioTransaction, ExtractedTransaction } from "../connector";
import { isoDate } from "./calendar";
import type { SandboxCurrency } from "./currencies";
import { formatCents, formatShares } from "./money";
import { stableId } from "./random";

export type AccountKey = "current" | "savings" | "card" | "broker" | "partner";

export interface LedgerScope {
  entityId: string;
  username: string;
  /**
   * Account movements before this day change balances but are not reported: the bank shows a window of
   * history. Portfolio movements are all reported: a broker shows every operation since the portfolio
   * opened, as the cost of what is held (and a transfer to another entity) depends on them.
   */
  firstVisibleDay: number;
}

export interface Trade {
  portfolioId: string;
  investmentId: string;
  type: PortfolioTransactionType;
  /** In cents of `currency`. */
  cents: number;
  currency: SandboxCurrency;
  units: number;
  description: string;
  valueShift?: number;
}

export interface PostOptions {
  /** Days from the booking date to the value date (negative: a card purchase booked days after it). */
  valueShift?: number;
  /** Vumi's type when one applies (`DIVIDENDS`, `DEPOSIT`…); otherwise `DEBIT` or `CREDIT` by the sign. */
  type?: Exclude<AccountTransactionType, "DEBIT" | "CREDIT">;
}

/**
 * The books of one simulated customer: running balances in cents, and the rows the bank shows. Row ids
 * come from (entity, user, account, day, position within the day), never from a counter across days,
 * so a day's rows keep their ids whatever `now` the simulation runs to.
 */
export class Ledger {
  readonly transactions: ExtractedTransaction[] = [];
  readonly portfolioTransactions: ExtractedPortfolioTransaction[] = [];
  readonly #scope: LedgerScope;
  readonly #accountIds: ReadonlyMap<AccountKey, string>;
  readonly #balances = new Map<AccountKey, number>();
  readonly #dates = new Map<number, string>();
  readonly #rowsToday = new Map<string, { base: string; next: number }>();
  #today = Number.NaN;

  constructor(scope: LedgerScope, accounts: readonly { key: AccountKey; id: string; openingCents: number }[]) {
    this.#scope = scope;
    this.#accountIds = new Map(accounts.map((a) => [a.key, a.id]));
    for (const account of accounts) this.#balances.set(account.key, account.openingCents);
  }

  has(key: AccountKey): boolean {
    return this.#accountIds.has(key);
  }

  balance(key: AccountKey): number {
    return this.#balances.get(key) ?? 0;
  }

  /** Books `cents` (negative: money out) on an account. */
  post(
    day: number,
    key: AccountKey,
    cents: number,
    description: string,
    category: string | null,
    options?: PostOptions,
  ) {
    const accountId = this.#accountIds.get(key);
    if (accountId === undefined) throw new Error(`no ${key} account in this profile`);
    if (cents === 0) return;
    this.#balances.set(key, this.balance(key) + cents);
    if (day < this.#scope.firstVisibleDay) return;
    this.transactions.push({
      id: this.#rowId("tx", accountId, day),
      accountId,
      date: this.#date(day),
      valueDate: this.#date(day + (options?.valueShift ?? 0)),
      amount: formatCents(cents),
      currency: "EUR",
      description,
      type: options?.type ?? (cents < 0 ? "DEBIT" : "CREDIT"),
      category,
    });
  }

  /** Records a movement of a portfolio; its cash side is booked separately with `post`. */
  trade(day: number, trade: Trade): void {
    this.portfolioTransactions.push({
      id: this.#rowId("ptx", trade.portfolioId, day),
      portfolioId: trade.portfolioId,
      investmentId: trade.investmentId,
      date: this.#date(day),
      valueDate: this.#date(day + (trade.valueShift ?? 0)),
      amount: formatCents(trade.cents),
      shares: formatShares(trade.units),
      currency: trade.currency,
      description: trade.description,
      type: trade.type,
    });
  }

  /**
   * `prefix_` + 16 hex of SHA-256 over (entity, user, account or portfolio, day) + the row's position in
   * that day as 4 hex: one hash per account and day instead of one per row keeps 50,000 rows fast.
   */
  #rowId(prefix: string, scopeId: string, day: number): string {
    if (day !== this.#today) {
      this.#today = day;
      this.#rowsToday.clear();
    }
    const { entityId, username } = this.#scope;
    const row = this.#rowsToday.get(scopeId) ?? {
      base: stableId(prefix, entityId, username, scopeId, day).slice(0, -4),
      next: 0,
    };
    if (row.next > 0xffff) throw new RangeError(`more than 65,536 rows on one day for ${scopeId}`);
    this.#rowsToday.set(scopeId, { base: row.base, next: row.next + 1 });
    return `${row.base}${row.next.toString(16).padStart(4, "0")}`;
  }

  #date(day: number): string {
    let date = this.#dates.get(day);
    if (date === undefined) {
      date = isoDate(day);
      this.#dates.set(day, date);
    }
    return date;
  }
}
