import { AuthGate } from "../../features/auth/components/auth-gate";
import { ConnectionsRoute } from "../../features/connections/routes/connections-route";
import { AddEntityButton } from "../../features/link/components/add-entity-button";

/** `/`: sign-in, then the connections with "Add financial entity". */
export function HomeRoute() {
  return (
    <AuthGate>
      <ConnectionsRoute addEntity={<AddEntityButton />} />
    </AuthGate>
  );
}
