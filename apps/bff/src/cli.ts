import { loadConfig } from "./config";
import { serveBff } from "./server";

const USAGE = `Usage: bff <command>

  start     the BFF (API under /api, the built SPA around it) on APP_PORT
`;

async function main(argv: string[]): Promise<void> {
  const [command] = argv;
  if (command === "start") return serveBff(loadConfig());
  process.stderr.write(USAGE);
  process.exitCode = command ? 2 : 0;
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`bff: ${error.message}\n`);
  process.exit(1);
});
