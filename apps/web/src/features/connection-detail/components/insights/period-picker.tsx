import { useChartsCopy } from "../../../../lib/i18n/charts";
import { PERIODS, type PeriodDays } from "../../utils/period";

/** The period the charts cover: a radio group (arrow keys move between the choices). */
export function PeriodPicker({
  name,
  value,
  onChange,
}: {
  name: string;
  value: PeriodDays;
  onChange: (days: PeriodDays) => void;
}) {
  const tc = useChartsCopy();
  return (
    <fieldset className="segmented">
      <legend>{tc.period}</legend>
      {PERIODS.map((days) => (
        <label key={days}>
          <input type="radio" name={name} value={days} checked={value === days} onChange={() => onChange(days)} />
          <span>{tc.days(days)}</span>
        </label>
      ))}
    </fieldset>
  );
}
