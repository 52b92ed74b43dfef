import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

export interface StaticFile {
  body: Uint8Array<ArrayBuffer>;
  type: string;
}

/**
 * The file a URL path names inside `dir`, or undefined: not there, a directory, a type we do not serve, or
 * a path that is no plain file path (`..`, a dot-file, an encoded slash or NUL) — nothing outside `dir`.
 */
export async function readStaticFile(dir: string, urlPath: string): Promise<StaticFile | undefined> {
  let path: string;
  try {
    path = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const segments = path.split("/").filter(Boolean);
  if (segments.some((s) => s.startsWith(".") || s.includes("\\") || s.includes("\0"))) return undefined;
  const type = TYPES[extname(path).toLowerCase()];
  const root = resolve(dir);
  const file = resolve(join(root, ...segments));
  if (!type || !file.startsWith(root + sep)) return undefined;
  try {
    if (!(await stat(file)).isFile()) return undefined;
    return { body: new Uint8Array(await readFile(file)), type };
  } catch {
    return undefined;
  }
}
