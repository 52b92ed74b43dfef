import { html } from "hono/html";
import { createConsoleRouter } from "./console-env";
import { page } from "./layout";

/** Every entity with its status as Link shows it (the connector's health check, `ConnectorRegistry.linkEntity`). */
export const entitiesRouter = createConsoleRouter().get("/console/entities", async (c) => {
  const { view, services } = c.var;
  const t = view.t;
  const entities = await Promise.all(services.connectors.entities().map((e) => services.connectors.linkEntity(e)));
  const rows = entities.map((entity) => {
    const up = entity.status === "AVAILABLE";
    return html`<tr><td>${entity.name}</td><td><code>${entity.id}</code></td><td>${entity.products.join(", ")}</td>
      <td class="${up ? "up" : "down"}">${up ? t("up") : t("down")}</td></tr>`;
  });
  return c.html(
    page(
      view,
      t("entities"),
      html`<div class="table-wrap" tabindex="0" role="region" aria-label="${view.t("tableOf", { name: view.t("entities") })}"><table><thead><tr><th scope="col">${t("name")}</th><th scope="col">Id</th>
        <th scope="col">${t("products")}</th><th scope="col">${t("entityStatus")}</th></tr></thead><tbody>${rows}</tbody></table></div>`,
    ),
  );
});
