import { execFile, execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

/** The PostgreSQL server binaries of this machine, if any (Debian's layout). */
export function postgresBin(): string | undefined {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const version = readdirSync(root).sort().at(-1);
  const bin = version && join(root, version, "bin");
  return bin && existsSync(join(bin, "pg_ctl")) ? bin : undefined;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, trust auth, loopback, a free
 * port), so a test can restart it without disturbing the shared server other tests use. PostgreSQL
 * refuses to run as root: as root, it runs as the `postgres` user.
 */
export async function startPrivatePostgres() {
  const bin = postgresBin();
  if (!bin) throw new Error("no PostgreSQL server binaries");
  const dir = mkdtempSync(join(tmpdir(), "finlink-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  const run = (tool: string, args: string[]) =>
    execFileSync(
      asRoot ? "runuser" : join(bin, tool),
      asRoot ? ["-u", "postgres", "--", join(bin, tool), ...args] : args,
      {
        stdio: "pipe",
      },
    );
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const ctlArgs = (...args: string[]) => ["-D", data, "-l", join(dir, "log"), "-o", options, "-w", ...args];
  const pgCtl = (...args: string[]) => run("pg_ctl", ctlArgs(...args));
  pgCtl("start");
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    /**
     * A fast restart: open connections are cut, new ones refused until it is back. Asynchronous, so the
     * test's own load keeps running meanwhile.
     */
    restart: async () => {
      const args = ctlArgs("-m", "fast", "restart");
      await promisify(execFile)(
        asRoot ? "runuser" : join(bin, "pg_ctl"),
        asRoot ? ["-u", "postgres", "--", join(bin, "pg_ctl"), ...args] : args,
      );
    },
    stop: () => {
      try {
        pgCtl("-m", "immediate", "stop");
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
