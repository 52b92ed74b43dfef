import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Problem } from "@finlink/contracts";
import { afterAll, describe, expect, it, vi } from "vitest";
import type * as StaticAssets from "./static-assets";

const made: string[] = [];
afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * This very static-assets.ts (and its static/ files), copied into a fresh directory with a node_modules of
 * our making: the module finds @scalar/api-reference from where it sits, so this is the real code in an
 * install where the package is missing, broken or incomplete. Answers the directory and the module.
 */
async function installedIn(packages: (nodeModules: string) => Promise<void> = async () => {}) {
  const root = await mkdtemp(join(tmpdir(), "finlink-docs-assets-"));
  made.push(root);
  const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
  await cp(here("./static-assets.ts"), join(root, "static-assets.ts"));
  await cp(here("./static"), join(root, "static"), { recursive: true });
  await packages(join(root, "node_modules"));
  const module = (await import(pathToFileURL(join(root, "static-assets.ts")).href)) as typeof StaticAssets;
  return { root, module };
}

/** A package directory `@scalar/api-reference` with `files` (path → content) in it. */
const scalarPackage = (files: Record<string, string>) => async (nodeModules: string) => {
  const dir = join(nodeModules, "@scalar/api-reference");
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, ".."), { recursive: true });
    await writeFile(join(dir, path), content);
  }
};
const PACKAGE_JSON = JSON.stringify({ name: "@scalar/api-reference", version: "9.8.7", main: "./dist/index.js" });
const BUNDLE = "window.Scalar = {};\n//# sourceMappingURL=standalone.js.map\n";

describe("the docs assets when the Scalar package is not as expected", () => {
  // Half an install (a package.json, none of its files) rather than none at all: the test runner's pnpm
  // shim sets NODE_PATH to the store's hoisted packages, where Node would find the real package instead.
  it("fails loudly, naming the package's entry, when the package cannot be resolved", async () => {
    const { module } = await installedIn(scalarPackage({ "package.json": PACKAGE_JSON }));
    await expect(module.docsAssets()).rejects.toThrow(/node_modules\/@scalar\/api-reference\/dist\/index\.js/);
  });

  it("fails loudly, naming the file, when the package has no browser bundle — and loads once it has", async () => {
    const { root, module } = await installedIn(
      scalarPackage({ "package.json": PACKAGE_JSON, "dist/index.js": "export {};\n" }),
    );
    await expect(module.docsAssets()).rejects.toThrow(/ENOENT.*dist\/browser\/standalone\.js/);
    // The failure is not kept: the next call, after the install is fixed, loads the assets.
    await scalarPackage({ "dist/browser/standalone.js": BUNDLE })(join(root, "node_modules"));
    const assets = await module.docsAssets();
    expect(assets.scalar.name).toBe("scalar-api-reference-9.8.7.js");
    expect(new TextDecoder().decode(assets.scalar.body)).toBe("window.Scalar = {};\n");
    expect([...assets.byName.keys()].sort()).toEqual([assets.css.name, assets.init.name, assets.scalar.name].sort());
  });

  it("refuses a package root that is not @scalar/api-reference's (its entry moved deeper)", async () => {
    // The entry in dist/esm/ makes dist/ look like the root, and dist/package.json is not the package's.
    const { module } = await installedIn(
      scalarPackage({
        "package.json": JSON.stringify({
          name: "@scalar/api-reference",
          version: "9.8.7",
          main: "./dist/esm/index.js",
        }),
        "dist/esm/index.js": "export {};\n",
        "dist/package.json": JSON.stringify({ type: "module" }),
        "dist/browser/standalone.js": BUNDLE,
      }),
    );
    await expect(module.docsAssets()).rejects.toThrow(
      /^Expected @scalar\/api-reference at .*node_modules\/@scalar\/api-reference\/dist, found undefined$/,
    );
  });
});

describe("the docs pages when the Scalar package is broken", () => {
  it("answer 503 DOCS_ASSETS_MISSING (not a 500), keep the OpenAPI document, and recover once it is installed", async () => {
    const broken = await installedIn(scalarPackage({ "package.json": PACKAGE_JSON }));
    // The server's own static-assets module, loaded from the broken install (see installedIn).
    vi.doMock("./static-assets", () => broken.module);
    const { createTestContext } = await import("../../testing/test-context");
    const ctx = await createTestContext({ workers: false });
    try {
      for (const path of ["/api/v1/docs", "/api/v1/docs/guides/link-flow", "/api/v1/docs/assets/docs.css"]) {
        const res = await ctx.request("GET", path);
        expect([res.status, res.headers.get("content-type")], path).toEqual([503, "application/problem+json"]);
        const problem = Problem.parse(await res.json());
        expect(problem).toMatchObject({ reason: "DOCS_ASSETS_MISSING", status: 503 });
        expect(problem.detail).toContain("pnpm install");
      }
      expect((await ctx.request("GET", "/api/v1/openapi.json")).status).toBe(200);
      // `pnpm install` while the server runs: the next request loads the assets, no restart needed.
      await scalarPackage({
        "package.json": PACKAGE_JSON,
        "dist/index.js": "export {};\n",
        "dist/browser/standalone.js": BUNDLE,
      })(join(broken.root, "node_modules"));
      const page = await ctx.request("GET", "/api/v1/docs");
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('src="/api/v1/docs/assets/scalar-api-reference-9.8.7.js"');
      // And an asset it does not have is a 404 that says where the names come from.
      const missing = await ctx.request("GET", "/api/v1/docs/assets/scalar-api-reference-1.0.0.js");
      expect(missing.status).toBe(404);
      expect(Problem.parse(await missing.json()).detail).toBe(
        "No docs asset has this name: the page names the current ones",
      );
    } finally {
      await ctx.close();
      vi.doUnmock("./static-assets");
    }
  });
});
