import { type ConnectorEntity, type Credentials, identityField, secretField } from "../connectors/connector";

/**
 * A username and password as the entity's own form names them (`dni` and `pin` at a DNI bank), the way a
 * user fills Link's form. Unknown entities get `username` and `password`, so tests can probe refusals.
 * @example credentialsFor(connector.entities(), "sandbox_bank_dni", "user_good") // { dni: "user_good", pin: "pass_good" }
 */
export function credentialsFor(
  entities: ConnectorEntity[],
  entityId: string,
  username: string,
  password = "pass_good",
): Credentials {
  const entity = entities.find((e) => e.id === entityId);
  return {
    [(entity && identityField(entity)?.name) ?? "username"]: username,
    [(entity && secretField(entity)?.name) ?? "password"]: password,
  };
}
