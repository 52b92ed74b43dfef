import { Link } from "react-router";
import { paths } from "../../config/paths";
import { usePreferences } from "../../lib/preferences";
import { PageHeading } from "../../ui/page-heading";

export function NotFoundRoute() {
  const { t } = usePreferences();
  return (
    <div className="narrow stack">
      <PageHeading>{t.notFound.title}</PageHeading>
      <p>{t.notFound.body}</p>
      <p>
        <Link to={paths.home}>{t.notFound.back}</Link>
      </p>
    </div>
  );
}
