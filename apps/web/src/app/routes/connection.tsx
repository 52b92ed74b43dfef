import { useParams } from "react-router";
import { AuthGate } from "../../features/auth/components/auth-gate";
import { ConnectionRoute } from "../../features/connection-detail/routes/connection-route";
import { UpdateConnectionButton } from "../../features/link/components/update-connection-button";

/** `/connections/:id`: one connection, with Link's Update / Restore when it asks for the user. */
export function ConnectionPage() {
  const { id = "" } = useParams();
  return (
    <AuthGate>
      {/* Keyed by id: another connection starts its own polling clock. */}
      <ConnectionRoute
        key={id}
        id={id}
        renderUserAction={(connection) => <UpdateConnectionButton connection={connection} />}
      />
    </AuthGate>
  );
}
