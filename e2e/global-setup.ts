import { existsSync } from "node:fs";
import { LINK_DIST, WEB_DIST } from "./servers";

/** Fails fast when the widget is not built: otherwise every test would time out on a 503 page. */
export default function globalSetup(): void {
  if (!existsSync(`${LINK_DIST}/index.html`)) {
    throw new Error(
      `The Link widget is not built (${LINK_DIST}/index.html is missing). Run \`pnpm --filter @finlink/link build\` first.`,
    );
  }
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    throw new Error(
      `The demo SPA is not built (${WEB_DIST}/index.html is missing). Run \`pnpm --filter @finlink/web build\` first.`,
    );
  }
}
