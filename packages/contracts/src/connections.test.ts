import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Connection, StartFlowRequest } from "./connections";

type Property = { enum?: string[]; anyOf?: { type?: string; enum?: string[] }[]; type?: string | string[] };
const propertiesOf = (schema: z.ZodType, id: string) =>
  (z.toJSONSchema(schema) as { $defs: Record<string, { properties: Record<string, Property>; required: string[] }> })
    .$defs[id];

/** Whether the JSON Schema of a property admits `null`. */
const allowsNull = (property: Property | undefined) =>
  property?.type === "null" ||
  (Array.isArray(property?.type) && property.type.includes("null")) ||
  (property?.anyOf ?? []).some((branch) => branch.type === "null");

describe("start-flow as Vumi documents it", () => {
  const id = crypto.randomUUID();

  it("takes null for entity, externalId, desiredOwners and subproduct, and says so in JSON Schema", () => {
    const nulls = { entity: null, externalId: null, desiredOwners: null, subproduct: null };
    expect(StartFlowRequest.safeParse({ id, product: "TRANSACTIONS", ...nulls }).success).toBe(true);
    const schema = propertiesOf(StartFlowRequest, "StartFlowRequest");
    for (const name of Object.keys(nulls)) expect(allowsNull(schema?.properties[name]), name).toBe(true);
    // `id` and `product` stay required and not nullable.
    expect(schema?.required.sort()).toEqual(["id", "product"]);
    expect(StartFlowRequest.safeParse({ id, product: null }).success).toBe(false);
  });

  it("lists Vumi's products and subproducts", () => {
    const schema = propertiesOf(StartFlowRequest, "StartFlowRequest");
    expect(schema?.properties.product?.enum).toEqual(["TRANSACTIONS", "INVESTMENTS", "ASSETS_TRANSFER"]);
    // Subproducts are short text (Vumi's list is cut off), named by example; the service refuses them.
    const subproduct = schema?.properties.subproduct?.anyOf?.find((branch) => "examples" in branch) as
      | { examples?: string[]; maxLength?: number }
      | undefined;
    expect(subproduct).toMatchObject({ examples: ["FUND", "PENSION_PLAN"], maxLength: 50 });
    expect(StartFlowRequest.safeParse({ id, product: "ASSETS_TRANSFER", subproduct: "PP" }).success).toBe(true);
    expect(StartFlowRequest.safeParse({ id, product: "ASSETS_TRANSFER", subproduct: "P".repeat(51) }).success).toBe(
      false,
    );
  });

  it("takes at most 10 desired owners, each with a letter or a digit", () => {
    const owners = (names: string[]) =>
      StartFlowRequest.safeParse({ id, product: "INVESTMENTS", desiredOwners: names });
    expect(owners(["Jane Smith", "Ø", "7"]).success).toBe(true);
    expect(owners([" , - "]).success).toBe(false);
    expect(owners(Array.from({ length: 10 }, (_, i) => `Owner ${i}`)).success).toBe(true);
    expect(owners(Array.from({ length: 11 }, (_, i) => `Owner ${i}`)).success).toBe(false);
  });
});

describe("connection status as Vumi documents it", () => {
  it("carries credentialsToken (nullable) and names connectionId an extension", () => {
    const schema = propertiesOf(Connection, "Connection");
    expect(schema?.required).toContain("credentialsToken");
    expect(allowsNull(schema?.properties.credentialsToken)).toBe(true);
    const connectionId = schema?.properties.connectionId as { description?: string } | undefined;
    expect(connectionId?.description).toMatch(/^Extension/);
  });
});
