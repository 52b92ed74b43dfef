import { readFile } from "node:fs/promises";
import { extname, resolve, sep } from "node:path";

const TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** A file under `root`, or undefined when it is missing or the path tries to leave `root`. */
export async function readStatic(
  root: string,
  path: string,
): Promise<{ body: Uint8Array<ArrayBuffer>; type: string } | undefined> {
  const base = resolve(root);
  const file = resolve(base, `.${decodeURIComponent(path)}`);
  if (!file.startsWith(base + sep)) return undefined;
  try {
    const body = new Uint8Array(await readFile(file));
    return { body, type: TYPES[extname(file)] ?? "application/octet-stream" };
  } catch {
    return undefined;
  }
}
