import type { Transaction } from "@finlink/contracts";
import { useId } from "react";
import { useChartsCopy } from "../../../lib/i18n/charts";
import { usePreferences } from "../../../lib/preferences";
import { categoriesOf, NO_CATEGORY, NO_FILTERS, type Sign, type TransactionFilters } from "../utils/filters";

interface FilterFormProps {
  filters: TransactionFilters;
  onChange: (filters: TransactionFilters) => void;
  /** The rows read: the categories offered are theirs. */
  rows: readonly Transaction[];
  problem: "rangeReversed" | null;
  /** The element that says how many rows match. */
  describedBy: string;
}

const ANY = "__any__";
const SIGNS: Sign[] = ["all", "in", "out"];

interface DateFieldProps {
  id: string;
  label: string;
  value: string;
  min?: string;
  max?: string;
  /** The range's error message, when the range is wrong. */
  errorId: string | null;
  onChange: (value: string) => void;
}

/** A date bound of the range ("" for none): the browser's date picker, limited by the other bound. */
function DateField({ id, label, value, min, max, errorId, onChange }: DateFieldProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="date"
        value={value}
        min={min || undefined}
        max={max || undefined}
        aria-invalid={errorId ? true : undefined}
        aria-describedby={errorId ?? undefined}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/** The filters, applied as they change (no submit): text, dates, category and direction. */
export function FilterForm({ filters, onChange, rows, problem, describedBy }: FilterFormProps) {
  const { t } = usePreferences();
  const tc = useChartsCopy();
  const id = useId();
  const set = (patch: Partial<TransactionFilters>) => onChange({ ...filters, ...patch });
  const signLabel: Record<Sign, string> = { all: tc.signAll, in: tc.signIn, out: tc.signOut };
  const categories = categoriesOf(rows);
  const errorId = `${id}-range-error`;

  return (
    <search className="filters">
      <div className="field filter-text">
        <label htmlFor={`${id}-text`}>{tc.search}</label>
        <input
          id={`${id}-text`}
          type="search"
          value={filters.text}
          placeholder={tc.searchHint}
          aria-describedby={describedBy}
          onChange={(event) => set({ text: event.target.value })}
        />
      </div>
      <DateField
        id={`${id}-from`}
        label={tc.from}
        value={filters.from}
        max={filters.to}
        errorId={problem ? errorId : null}
        onChange={(from) => set({ from })}
      />
      <DateField
        id={`${id}-to`}
        label={tc.to}
        value={filters.to}
        min={filters.from}
        errorId={problem ? errorId : null}
        onChange={(to) => set({ to })}
      />
      <div className="field">
        <label htmlFor={`${id}-category`}>{t.transactions.category}</label>
        <select
          id={`${id}-category`}
          className="select"
          value={filters.category ?? ANY}
          onChange={(event) => set({ category: event.target.value === ANY ? undefined : event.target.value })}
        >
          <option value={ANY}>{tc.anyCategory}</option>
          <option value={NO_CATEGORY}>{tc.uncategorised}</option>
          {categories.map((category) => (
            <option key={category} value={category}>
              {category}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="segmented">
        <legend>{tc.sign}</legend>
        {SIGNS.map((sign) => (
          <label key={sign}>
            <input
              type="radio"
              name={`${id}-sign`}
              value={sign}
              checked={filters.sign === sign}
              onChange={() => set({ sign })}
            />
            <span>{signLabel[sign]}</span>
          </label>
        ))}
      </fieldset>
      <p className="filters-actions">
        <button type="button" className="button quiet" onClick={() => onChange(NO_FILTERS)}>
          {tc.clear}
        </button>
      </p>
      {problem ? (
        <p id={errorId} className="field-error" role="alert">
          {tc.rangeReversed}
        </p>
      ) : null}
    </search>
  );
}
