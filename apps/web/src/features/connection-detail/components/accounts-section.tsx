import { formatIban, formatMoney } from "../../../lib/format";
import { useChartsCopy } from "../../../lib/i18n/charts";
import { usePreferences } from "../../../lib/preferences";
import { ErrorNotice } from "../../../ui/error-notice";
import { Loading } from "../../../ui/spinner";
import { useAccounts } from "../api/get-accounts";
import { AccountTransactions } from "./account-transactions";
import { Disclosure } from "./disclosure";
import { AccountInsights } from "./insights/account-insights";
import { TransactionTools } from "./transaction-tools";

/** The connection's accounts: IBAN, balance and holders, each with its charts, search and transactions. */
export function AccountsSection({ connectionId }: { connectionId: string }) {
  const { t, lang } = usePreferences();
  const tc = useChartsCopy();
  const accounts = useAccounts(connectionId);

  return (
    <section className="stack" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t.accounts.title}</h2>
      {accounts.isPending ? <Loading label={t.common.loading} /> : null}
      {accounts.isError ? <ErrorNotice error={accounts.error} onRetry={() => accounts.refetch()} /> : null}
      {accounts.data?.length === 0 ? <p className="empty">{t.accounts.empty}</p> : null}
      {accounts.data?.map((account) => (
        <article key={account.id} className="card stack" aria-labelledby={`account-${account.id}`}>
          <div className="card-head">
            <h3 id={`account-${account.id}`}>{account.alias}</h3>
            <p className="amount-large">{formatMoney(account.balance, account.currency, lang)}</p>
          </div>
          <dl className="facts">
            {account.iban ? (
              <div>
                <dt>{t.accounts.iban}</dt>
                <dd className="mono">{formatIban(account.iban)}</dd>
              </div>
            ) : null}
            <div>
              <dt>{t.accounts.kind}</dt>
              <dd>{t.accounts.type[account.type]}</dd>
            </div>
            {account.owners.length > 0 ? (
              <div>
                <dt>{t.accounts.owners}</dt>
                <dd>{account.owners.join(", ")}</dd>
              </div>
            ) : null}
          </dl>
          <Disclosure summary={tc.insights} className="insights">
            {() => <AccountInsights connectionId={connectionId} account={account} />}
          </Disclosure>
          <Disclosure summary={tc.tools} className="tools">
            {() => <TransactionTools connectionId={connectionId} accountId={account.id} name={account.alias} />}
          </Disclosure>
          <AccountTransactions connectionId={connectionId} accountId={account.id} name={account.alias} />
        </article>
      ))}
    </section>
  );
}
