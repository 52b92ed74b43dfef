import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzip } from "node:zlib";

/** A file the docs pages load, kept in memory with its gzip form (the Scalar bundle is ~5 MB, ~1.3 MB gzipped). */
export interface DocsAsset {
  /** Its path under `/api/v1/docs/assets/`: versioned, so it is cached for a year and never goes stale. */
  name: string;
  type: string;
  body: Uint8Array<ArrayBuffer>;
  gzipped: Uint8Array<ArrayBuffer>;
  etag: string;
}

const JS = "text/javascript; charset=utf-8";
const CSS = "text/css; charset=utf-8";

const gzipped = (body: Uint8Array) =>
  new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) =>
    gzip(body, { level: 9 }, (error, out) => (error ? reject(error) : resolve(new Uint8Array(out)))),
  );

async function asset(name: (hash: string) => string, type: string, text: string): Promise<DocsAsset> {
  const body = new TextEncoder().encode(text);
  const hash = createHash("sha256").update(body).digest("base64url").slice(0, 16);
  return { name: name(hash), type, body, gzipped: await gzipped(body), etag: `"${hash}"` };
}

/**
 * Scalar's standalone browser bundle, found through the package's own resolution (so it works wherever
 * `pnpm install` put it), named by the installed version.
 */
async function scalarBundle(): Promise<DocsAsset> {
  const require = createRequire(import.meta.url);
  // The package exports only `dist/index.js`; the browser bundle sits beside it.
  const root = dirname(dirname(require.resolve("@scalar/api-reference")));
  const { name, version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  if (name !== "@scalar/api-reference") throw new Error(`Expected @scalar/api-reference at ${root}, found ${name}`);
  const text = await readFile(join(root, "dist/browser/standalone.js"), "utf8");
  // The source map is not served: without this line a browser's devtools would ask for it and get a 404.
  const withoutMap = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
  return asset(() => `scalar-api-reference-${version}.js`, JS, withoutMap);
}

const own = (file: string) => readFile(fileURLToPath(new URL(`./static/${file}`, import.meta.url)), "utf8");

/** Every asset of the docs pages, by role. */
export interface DocsAssets {
  scalar: DocsAsset;
  init: DocsAsset;
  css: DocsAsset;
  byName: Map<string, DocsAsset>;
}

let loading: Promise<DocsAssets> | undefined;

/** Loads (once per process) and compresses the docs assets. */
export function docsAssets(): Promise<DocsAssets> {
  loading ??= (async () => {
    const [scalar, init, css] = await Promise.all([
      scalarBundle(),
      own("docs-init.js").then((text) => asset((hash) => `docs-init.${hash}.js`, JS, text)),
      own("docs.css").then((text) => asset((hash) => `docs.${hash}.css`, CSS, text)),
    ]);
    return { scalar, init, css, byName: new Map([scalar, init, css].map((a) => [a.name, a])) };
  })();
  // A failure (a missing install) is not cached: the next request tries again.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
