import { createRequire } from "node:module";
import { dirname } from "node:path";
import { defineProject } from "vitest/config";
import { shared } from "./vitest.config.ts";

const require = createRequire(import.meta.url);
const react18 = dirname(require.resolve("react-18/package.json"));
const reactDom18 = dirname(require.resolve("react-dom-18/package.json"));

/**
 * The same tests on React 18 (react-18 and react-dom-18 are npm aliases). pnpm pairs react-dom-18 with this
 * package's own `react`, which is 19, and a CommonJS `require("react")` inside react-dom is Node's: the aliases
 * never see it. So react-dom and Testing Library are pre-bundled into ESM, whose imports of react do go through
 * the aliases, and the bundles are run by vitest (inlined) rather than by Node. Testing Library's dom and
 * user-event share that pre-bundle, so user-event drives the @testing-library/dom that RTL set up to wrap in act().
 */
export default defineProject({
  ...shared,
  resolve: {
    alias: [
      { find: /^react$/, replacement: react18 },
      { find: /^react\/(.*)$/, replacement: `${react18}/$1` },
      { find: /^react-dom$/, replacement: reactDom18 },
      { find: /^react-dom\/(.*)$/, replacement: `${reactDom18}/$1` },
    ],
  },
  test: {
    ...shared.test,
    name: "link-react (React 18)",
    provide: { reactMajor: "18" },
    server: { deps: { inline: [/\/node_modules\/\.vite\//] } },
    deps: {
      optimizer: {
        client: {
          enabled: true,
          include: [
            "react-dom",
            "react-dom/client",
            "@testing-library/dom",
            "@testing-library/react",
            "@testing-library/user-event",
          ],
        },
      },
    },
  },
});
