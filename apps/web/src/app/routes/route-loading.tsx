import { usePreferences } from "../../lib/preferences";
import { Loading } from "../../ui/spinner";

export function RouteLoading() {
  const { t } = usePreferences();
  return <Loading label={t.common.loading} />;
}
