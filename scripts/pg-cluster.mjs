// A throwaway PostgreSQL cluster on loopback for tests and benches: initdb
// into a folder, start it on a free port, hand back its URL. Leaves the
// machine's own cluster alone. Run as root, the server runs as `postgres`
// (PostgreSQL refuses to run as root). Debian's postgresql package
// (PostgreSQL 15) provides the binaries; .ci/run installs it.
//   node scripts/pg-cluster.mjs start <dir> [port]   → prints the URL
//   node scripts/pg-cluster.mjs stop <dir>
import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";

function binDir() {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) throw new Error("PostgreSQL is not installed (apt-get install -y postgresql).");
  const versions = readdirSync(base).filter((v) => existsSync(path.join(base, v, "bin", "initdb"))).sort((a, b) => Number(b) - Number(a));
  if (!versions.length) throw new Error("No PostgreSQL server binaries under /usr/lib/postgresql.");
  return path.join(base, versions[0], "bin");
}

const asRoot = typeof process.getuid === "function" && process.getuid() === 0;
function run(bin, args) {
  const exe = path.join(binDir(), bin);
  return asRoot ? execFileSync("runuser", ["-u", "postgres", "--", exe, ...args], { stdio: ["ignore", "pipe", "pipe"] }) : execFileSync(exe, args, { stdio: ["ignore", "pipe", "pipe"] });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts (creating if needed) a cluster in `dir`; resolves with a superuser URL to its `postgres` database. */
export async function startCluster(dir, port) {
  dir = path.resolve(dir);
  port ??= await freePort();
  const data = path.join(dir, "data");
  if (!existsSync(path.join(data, "PG_VERSION"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(data, { recursive: true });
    if (asRoot) {
      const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
      chownSync(dir, uid, gid);
      chownSync(data, uid, gid);
    }
    chmodSync(data, 0o700);
    run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]);
    // Tests create a database per file: fsync off and small buffers keep a throwaway cluster quick.
    writeFileSync(path.join(data, "postgresql.auto.conf"), "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 200\n", { flag: "a" });
    if (asRoot) execFileSync("chown", ["postgres:postgres", path.join(data, "postgresql.auto.conf")]);
  }
  run("pg_ctl", ["-D", data, "-l", path.join(dir, "server.log"), "-w", "-o", `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1`, "start"]);
  return `postgresql://postgres@127.0.0.1:${port}/postgres`;
}

export function stopCluster(dir) {
  const data = path.join(path.resolve(dir), "data");
  if (!existsSync(path.join(data, "postmaster.pid"))) return;
  run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [cmd, dir, port] = process.argv.slice(2);
  if (cmd === "start" && dir) console.log(await startCluster(dir, port ? Number(port) : undefined));
  else if (cmd === "stop" && dir) stopCluster(dir);
  else {
    console.error("usage: node scripts/pg-cluster.mjs start|stop <dir> [port]");
    process.exit(2);
  }
}
