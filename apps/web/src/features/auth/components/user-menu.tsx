import { usePreferences } from "../../../lib/preferences";
import { useMe } from "../api/get-me";
import { useSignOut } from "../api/sign-out";

/** Who is signed in, and the way out. Nothing while signed out. */
export function UserMenu() {
  const { t } = usePreferences();
  const me = useMe();
  const signOut = useSignOut();
  if (!me.data) return null;
  return (
    <div className="user-menu">
      <span className="muted small">{t.app.signedInAs(me.data.name)}</span>
      <button
        type="button"
        className="button quiet"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
        aria-busy={signOut.isPending}
      >
        {t.app.signOut}
      </button>
    </div>
  );
}
