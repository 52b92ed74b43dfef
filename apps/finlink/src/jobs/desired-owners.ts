import type { ExtractBatch, ExtractedInvestment } from "../connectors/connector";

/**
 * A holder's name as words to compare: compatibility forms folded (NFKD: full-width letters, ligatures),
 * accents and other combining marks removed, invisible format characters (zero-width space, joiners)
 * dropped, upper case, punctuation and symbols as spaces, spaces collapsed.
 * @example nameWords("Smith-García, Jane") // ["SMITH", "GARCIA", "JANE"]
 */
export function nameWords(name: string): string[] {
  return name
    .toUpperCase()
    .normalize("NFKD")
    .replace(/[\p{M}\p{Cf}]/gu, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "");
}

/**
 * Whether `owner` is the person `desired` names: every word of the desired name is among the owner's, in
 * any order, so Spanish entities' "SURNAME SURNAME, NAME" matches "Name Surname". A desired name with no
 * words matches nobody (it would otherwise match everyone).
 * @example ownerMatches("SMITH GARCIA, JANE", "Jane Smith") // true
 */
export function ownerMatches(owner: string, desired: string): boolean {
  const wanted = nameWords(desired);
  if (wanted.length === 0) return false;
  const words = new Set(nameWords(owner));
  return wanted.every((word) => words.has(word));
}

/** Whether any of `owners` matches any of `desired`. */
export function holdsAny(owners: readonly string[], desired: readonly string[]): boolean {
  return owners.some((owner) => desired.some((name) => ownerMatches(owner, name)));
}

/**
 * The filter of one extraction run: called on each batch in order, it keeps the accounts and portfolios
 * with a desired owner, the transactions, positions and portfolio transactions of those, and the
 * investments they refer to. It remembers what it kept across batches, as connectors yield accounts and
 * portfolios before the rows pointing at them (connector.ts); an investment not yet referred to is held
 * back until a kept row refers to it, and is never stored if none does. Null or empty `desired`: every row.
 * @example const keep = ownerFilter(["Jane Smith"]); for await (const b of batches) store(keep(b));
 */
export function ownerFilter(desired: readonly string[] | null): (batch: ExtractBatch) => ExtractBatch {
  if (!desired?.length) return (batch) => batch;
  const accountIds = new Set<string>();
  const portfolioIds = new Set<string>();
  const referenced = new Set<string>();
  const heldBack = new Map<string, ExtractedInvestment>();
  return (batch) => {
    const accounts = batch.accounts?.filter((a) => holdsAny(a.owners, desired));
    const portfolios = batch.portfolios?.filter((p) => holdsAny(p.owners, desired));
    for (const a of accounts ?? []) accountIds.add(a.id);
    for (const p of portfolios ?? []) portfolioIds.add(p.id);
    const transactions = batch.transactions?.filter((t) => accountIds.has(t.accountId));
    const positions = batch.positions?.filter((p) => portfolioIds.has(p.portfolioId));
    const portfolioTransactions = batch.portfolioTransactions?.filter((t) => portfolioIds.has(t.portfolioId));
    const investments: ExtractedInvestment[] = [];
    for (const investment of batch.investments ?? []) heldBack.set(investment.id, investment);
    for (const row of [...(positions ?? []), ...(portfolioTransactions ?? [])]) referenced.add(row.investmentId);
    for (const [id, investment] of heldBack) {
      if (!referenced.has(id)) continue;
      investments.push(investment);
      heldBack.delete(id);
    }
    const kept: ExtractBatch = { accounts, portfolios, transactions, positions, portfolioTransactions };
    if (batch.investments || investments.length > 0) kept.investments = investments;
    return kept;
  };
}

/** The connection's `desired_owners` column: null (no restriction) or a list of names. */
export function readDesiredOwners(column: unknown): string[] | null {
  if (column === null || column === undefined) return null;
  if (Array.isArray(column) && column.every((name) => typeof name === "string")) return column;
  // Never read a damaged value as "no restriction": that would store holders the app did not ask for.
  throw new Error("connections.desired_owners is neither null nor a list of names");
}

/**
 * The batches of an extraction with only the desired owners' data (see `ownerFilter`), from the
 * connection's `desired_owners` column.
 */
export async function* keepDesiredOwners(
  batches: AsyncIterable<ExtractBatch>,
  desiredOwners: unknown,
): AsyncGenerator<ExtractBatch> {
  const keep = ownerFilter(readDesiredOwners(desiredOwners));
  for await (const batch of batches) yield keep(batch);
}
