import { type Product, START_TOKEN_MAX, type StartFlowRequest, type StartFlowResponse } from "@finlink/contracts";
import { badRequest } from "../../lib/problem";
import type { Services } from "../../services";
import { requireEntity } from "../link/link-entities";
import { findRedirect } from "../link/link-redirect";
import { signStartToken } from "../link/start-token";
import { findUpdateTarget, updateRefOf } from "../link/update-target";

/**
 * The product start-flow can serve, or 400: `ASSETS_TRANSFER` is Vumi's and passes the schema, so its
 * client hears `PRODUCT_NOT_SUPPORTED` instead of a validation error; a `subproduct` belongs to it alone.
 */
export function servedProduct(body: Pick<StartFlowRequest, "product" | "subproduct">): Product {
  const { product, subproduct } = body;
  if (product === "ASSETS_TRANSFER") {
    throw badRequest("Finlink does not serve assets transfer yet: start the flow with TRANSACTIONS or INVESTMENTS", {
      reason: "PRODUCT_NOT_SUPPORTED",
    });
  }
  if (subproduct != null) {
    throw badRequest(`subproduct applies to ASSETS_TRANSFER only: send it null or leave it out with ${product}`, {
      reason: "SUBPRODUCT_NOT_ALLOWED",
    });
  }
  return product;
}

/**
 * Signs a start token for `appId` carrying the body (the user cannot change `externalId` or
 * `desiredOwners`) and the ready Link URL. Null fields count as absent, as Vumi documents; an empty
 * `desiredOwners` restricts nothing, as null does.
 */
export async function signStartFlow(
  services: Services,
  appId: string,
  body: StartFlowRequest,
): Promise<StartFlowResponse> {
  const product = servedProduct(body);
  const redirect = await findRedirect(services.database.db, body.id, appId);
  if (body.entity) requireEntity(services, body.entity, product);
  // Checked now, so the integrator hears of an unknown or expired token here rather than the user in Link.
  const update = body.updateToken ? updateRefOf("update", body.updateToken) : null;
  const restore = body.restoreToken ? updateRefOf("restore", body.restoreToken) : null;
  for (const ref of [update, restore]) if (ref) await findUpdateTarget(services, appId, ref);
  const token = await signStartToken(services.keys, {
    sub: appId,
    rid: redirect.id,
    product,
    entity: body.entity ?? null,
    ext: body.externalId ?? null,
    owners: body.desiredOwners?.length ? body.desiredOwners : null,
    state: body.state ?? null,
    updHash: update?.hash ?? null,
    rstHash: restore?.hash ?? null,
  });
  if (token.length > START_TOKEN_MAX) {
    throw badRequest(
      `The start parameters are too long to travel in Link's URL (a ${token.length}-character token; at most ${START_TOKEN_MAX}): send fewer or shorter desiredOwners, externalId or state`,
      { reason: "START_TOO_LARGE" },
    );
  }
  const url = new URL(services.config.linkUrl);
  url.searchParams.set("authToken", token);
  return { token, url: url.toString() };
}
