// Starts the e2e Finlink server after registering the console operator the console tests sign in as, through the
// CLI as an operator would (`finlink operators create`, password on stdin). Run under tsx (the CLI is TypeScript);
// the server then runs in this same process, so Playwright's stop signal reaches it.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../apps/finlink/src/cli.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/tsx/dist/cli.mjs", import.meta.url));
const username = process.env.E2E_OPERATOR_USERNAME;
const password = process.env.E2E_OPERATOR_PASSWORD;
if (username && password) {
  const created = spawnSync(process.execPath, [tsx, cli, "operators", "create", username], {
    input: `${password}\n`,
    encoding: "utf8",
  });
  // A data directory reused by a developer already holds the operator: that is fine.
  if (created.status !== 0 && !created.stderr.includes("exists already")) {
    process.stderr.write(created.stderr);
    process.exit(1);
  }
}
process.argv = [process.argv[0], cli, "start"];
await import(cli);
