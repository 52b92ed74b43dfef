import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

// Vite's hashed asset names: one path segment of safe characters. Anything else — `..`, an encoded
// slash, a second segment, index.html — is not an asset: the page itself is served only by GET /link,
// with its CSP.
const ASSET_NAME = /^[\w.-]+$/;

/** A file directly inside `dir` named `name`, or undefined when the name is not a plain asset name or missing. */
export async function readAsset(
  dir: string,
  name: string,
): Promise<{ body: Uint8Array<ArrayBuffer>; type: string } | undefined> {
  const type = TYPES[extname(name)];
  if (!ASSET_NAME.test(name) || name.startsWith(".") || !type) return undefined;
  try {
    return { body: new Uint8Array(await readFile(join(dir, name))), type };
  } catch {
    return undefined;
  }
}
