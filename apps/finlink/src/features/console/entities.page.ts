import { html } from "hono/html";
import type { Services } from "../../services";
import { createConsoleRouter } from "./console-env";
import { page } from "./layout";

/** Every entity with its status as Link shows it (the connector's health check, `ConnectorRegistry.linkEntity`). */
/** Every entity as Link shows it, its status included: the page's table and `GET /console/api/v1/entities`. */
export const entitiesStatus = (services: Services) =>
  Promise.all(services.connectors.entities().map((e) => services.connectors.linkEntity(e)));

export const entitiesRouter = createConsoleRouter().get("/console/entities", async (c) => {
  const { view, services } = c.var;
  const t = view.t;
  const entities = await entitiesStatus(services);
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
