// `npm run bench` (= `npm run bench -- gateway`): the gateway against PostGraphile v5 and a
// hand-SQL server on the same PostgreSQL data, under the same load, in the same run.
// See docs/performance.md for what is measured and how to read it. Configuration (environment):
//   BENCH_DURATION      seconds of load per operation and server (default 10)
//   BENCH_WARMUP        seconds of unmeasured load before each measurement (default 3)
//   BENCH_CONNECTIONS   concurrent connections (default 64)
//   BENCH_OPS           operations to run (default simple,feed,node,tree,dashboard,persisted)
//   BENCH_SERVERS       servers to run (default gateway,postgraphile,hand)
//   BENCH_WORKERS       gateway worker processes, a comma list to compare (default 1; e.g. 1,2)
//   BENCH_POOL          pg pool size of every server (default 10, the gateway's DB_POOL_MAX default)
//   BENCH_DB_URL        reuse an already built bench database (skips building; kept afterwards)
//   BENCH_KEEP_DB=1     keep the database built by this run
//   BENCH_PROFILE=1     run the gateway under `node --cpu-prof` (profiles in bench/profiles/)
//   BENCH_JSON=<file>   also write the results as JSON
//   BENCH_GW_<NAME>     passed to the gateway as NAME (e.g. BENCH_GW_DB_PLAN_CACHE_SIZE=0)
//   DATABASE_URL        the PostgreSQL server to build on (default postgresql://postgres@127.0.0.1:5432/postgres)
//   BENCH_PORT_BASE     first of the ports the bench uses (default 4660; it uses 6)
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { WORKER_OLD_SPACE_MB } from "../../src/app/cluster.ts";
import { signAccessToken } from "../../src/domains/identity/tokens.ts";
import { buildDataset } from "./dataset.ts";
import { CREATOR, LISTENER, operations, type Operation, type ServerName } from "./operations.ts";
import { startStatementCounter } from "./pg-counter.ts";

const env = process.env;
const DURATION = Number(env.BENCH_DURATION ?? 10);
const WARMUP = Number(env.BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 64);
const POOL = Number(env.BENCH_POOL ?? 10);
const PORT_BASE = Number(env.BENCH_PORT_BASE ?? 4660);
const OPS = (env.BENCH_OPS ?? "simple,feed,node,tree,dashboard,persisted").split(",").map((s) => s.trim()).filter(Boolean);
const SERVERS = (env.BENCH_SERVERS ?? "gateway,postgraphile,hand").split(",").map((s) => s.trim()) as ServerName[];
const WORKERS = (env.BENCH_WORKERS ?? "1").split(",").map(Number);
const ADMIN_URL = env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const SECRET = "bench-secret-bench-secret-bench-secret-0019";
const ROOT = path.resolve(__dirname, "../..");
const COUNT_REQUESTS = 20;

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

interface Column {
  /** "gateway", "gateway×2", "postgraphile", "hand" */
  label: string;
  server: ServerName;
  workers: number;
}

interface Result {
  op: string;
  column: string;
  reqPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  statements: number | null;
  rssMb: number;
  rssAfterMb: number;
  /** CPU time (user + system) the server's processes spent per answered request. */
  cpuMsPerReq: number | null;
}

function command(server: ServerName, workers: number): { args: string[]; env: Record<string, string> } {
  const tsx = ["--import", "tsx"];
  if (server === "gateway") {
    const prof = env.BENCH_PROFILE === "1" ? ["--cpu-prof", `--cpu-prof-dir=${path.join(ROOT, "bench/profiles")}`] : [];
    return {
      args: [...prof, ...tsx, "src/main.ts"],
      env: {
        NODE_ENV: "production",
        PERSISTED_OPERATIONS_ONLY: "false", // ad-hoc documents allowed (the issue's setting)
        JWT_SECRET: SECRET,
        DB_POOL_MAX: String(POOL),
        JOBS_SCHEDULER_ENABLED: "false",
        // Production requires a secrets key with DATABASE_URL (the database secret store).
        SECRETS_KEY: "0019".repeat(16),
        // Every request comes from one IP and one viewer: the per-IP/per-viewer limits (600 and
        // 300 a minute) would answer 429 after a second. The limiter still runs (in memory).
        RATE_LIMIT_IP_PER_MINUTE: "1000000",
        RATE_LIMIT_VIEWER_PER_MINUTE: "1000000",
        // The feed (depth 9, cost 11,122) and the tree (depth 12) are ad-hoc documents past the default
        // depth (6) and cost (5,000) limits; the apps' persisted operations stay within it. The check still runs.
        QUERY_MAX_DEPTH: "16",
        QUERY_MAX_COST: "100000", // the feed costs 11,122 (limit 5,000)
        WEB_CONCURRENCY: String(workers),
        // the heap cap the production start gives its cluster workers, here for one worker too
        NODE_OPTIONS: `--max-old-space-size=${WORKER_OLD_SPACE_MB}`,
        // BENCH_GW_<NAME>=value sets the gateway's NAME (e.g. BENCH_GW_DB_PLAN_CACHE_SIZE=0)
        ...Object.fromEntries(Object.entries(env).flatMap(([k, v]) => (k.startsWith("BENCH_GW_") && v !== undefined ? [[k.slice(9), v]] : []))),
      },
    };
  }
  const file = server === "postgraphile" ? "bench/gateway/postgraphile-server.ts" : "bench/gateway/hand-sql-server.ts";
  return { args: [...tsx, file], env: { NODE_ENV: "production", GRAPHILE_ENV: "production", DB_POOL_MAX: String(POOL), JWT_SECRET: SECRET } };
}

interface Running {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

async function waitReady(port: number, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server on port ${port} exited with ${child.exitCode}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }", operationName: "Simple" }) });
      await r.text();
      return;
    } catch {
      if (Date.now() - t0 > timeoutMs) throw new Error(`server on port ${port} did not start`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function start(server: ServerName, workers: number, dbUrl: string, port: number): Promise<Running & { startupMs: number }> {
  const { args, env: extra } = command(server, workers);
  const t0 = performance.now();
  const stderr: string[] = [];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: env.PATH ?? "", HOME: env.HOME ?? "", ...extra, DATABASE_URL: dbUrl, PORT: String(port), HOST: "127.0.0.1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.on("data", (c: Buffer) => {
    stderr.push(c.toString());
    if (stderr.length > 50) stderr.shift();
  });
  try {
    await waitReady(port, child);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\n${stderr.join("")}`);
  }
  const startupMs = Math.round(performance.now() - t0);
  return {
    child,
    port,
    startupMs,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}

/** The process and its descendants (cluster workers are separate processes). */
function treeOf(pid: number): number[] {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    try {
      for (const t of fs.readdirSync(`/proc/${pids[i]}/task`)) {
        const kids = fs.readFileSync(`/proc/${pids[i]}/task/${t}/children`, "utf8").trim();
        if (kids) pids.push(...kids.split(/\s+/).map(Number));
      }
    } catch {
      /* gone */
    }
  }
  return pids;
}

const CLK_TCK = 100; // Linux USER_HZ: /proc/<pid>/stat times are in 1/100 s

/** CPU ms (user + system) used so far by a process and its descendants. */
function cpuMsOf(pid: number): number {
  let ticks = 0;
  for (const p of treeOf(pid)) {
    try {
      const stat = fs.readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      /* gone */
    }
  }
  return (ticks * 1000) / CLK_TCK;
}

/** RSS in MB of a process and its descendants' largest member (cluster workers are separate processes). */
function rssOf(pid: number): { max: number; total: number } {
  const pids = treeOf(pid);
  let max = 0;
  let total = 0;
  for (const p of pids) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${p}/status`, "utf8"));
      const mb = m ? Number(m[1]) / 1024 : 0;
      total += mb;
      // with workers, the primary only forwards sockets: report the largest worker
      if (p !== pid || pids.length === 1) max = Math.max(max, mb);
    } catch {
      /* gone */
    }
  }
  return { max, total };
}

function headers(op: Operation, tokens: Record<string, string>): Record<string, string> {
  const h: Record<string, string> = { "content-type": "application/json" };
  if (op.auth) h.authorization = `Bearer ${tokens[op.auth]}`;
  return h;
}

async function post(port: number, op: Operation, server: ServerName, tokens: Record<string, string>): Promise<{ status: number; body: string }> {
  const r = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: headers(op, tokens), body: op.body[server]! });
  return { status: r.status, body: await r.text() };
}

function load(port: number, op: Operation, server: ServerName, tokens: Record<string, string>, seconds: number) {
  return autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    method: "POST",
    headers: headers(op, tokens),
    body: op.body[server]!,
    connections: CONNECTIONS,
    duration: seconds,
  });
}

/** Canonical JSON (keys sorted) for comparing the gateway's answer with the hand server's. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (x && typeof x === "object") return `{${Object.keys(x).sort().map((k) => `${JSON.stringify(k)}:${canonical((x as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(x);
}

async function main() {
  const ops = operations().filter((o) => OPS.includes(o.name));
  const columns: Column[] = [];
  for (const s of SERVERS) {
    if (s === "gateway") for (const w of WORKERS) columns.push({ label: w === 1 ? "gateway" : `gateway×${w}`, server: s, workers: w });
    else columns.push({ label: s, server: s, workers: 1 });
  }
  const reuse = env.BENCH_DB_URL;
  const t0 = performance.now();
  const dataset = reuse ? { url: reuse, name: new URL(reuse).pathname.slice(1), drop: async () => undefined } : await buildDataset(ADMIN_URL, `${process.pid}`, log);
  log(`database ${dataset.name} ready (${Math.round((performance.now() - t0) / 1000)} s)`);
  const tokens = {
    listener: await signAccessToken({ userId: LISTENER, sessionId: null }, SECRET, 86_400, new Date()),
    creator: await signAccessToken({ userId: CREATOR, sessionId: null }, SECRET, 86_400, new Date()),
  };
  const results: Result[] = [];
  const answers = new Map<string, string>();
  const startups: Record<string, number> = {};
  const failed = new Set<string>();
  const servers = new Map<string, Running>();
  // Ctrl-C: stop the servers and drop the database before leaving.
  let interrupted = false;
  process.once("SIGINT", () => (interrupted = true));
  process.once("SIGTERM", () => (interrupted = true));
  const dbPort = Number(new URL(dataset.url).port || 5432);
  const dbHost = new URL(dataset.url).hostname;
  try {
    // 1. Counting pass, one server at a time through the statement-counting proxy: answers
    //    checked, statements per request.
    const statements: Record<string, Record<string, number>> = {};
    for (const col of columns) {
      const port = PORT_BASE + 1 + columns.indexOf(col);
      const counter = await startStatementCounter({ host: dbHost, port: dbPort }, PORT_BASE);
      const viaProxy = new URL(dataset.url);
      viaProxy.hostname = "127.0.0.1";
      viaProxy.port = String(counter.port);
      if (interrupted) throw new Error("interrupted");
      const counts: Record<string, number> = (statements[col.label] = {});
      const running = await start(col.server, col.workers, viaProxy.toString(), port);
      try {
        for (const op of ops) {
          if (!op.body[col.server]) continue;
          const first = await post(port, op, col.server, tokens);
          const parsed = JSON.parse(first.body) as { data?: unknown; errors?: unknown };
          if (first.status !== 200 || parsed.errors) {
            log(`SKIPPED ${col.label} ${op.name}: HTTP ${first.status} ${first.body.slice(0, 500)}`);
            failed.add(`${col.label}:${op.name}`);
            continue;
          }
          if (col.server !== "postgraphile") answers.set(`${col.label}:${op.name}`, canonical(parsed));
          for (let i = 0; i < 3; i++) await post(port, op, col.server, tokens);
          const before = counter.count();
          for (let i = 0; i < COUNT_REQUESTS; i++) await post(port, op, col.server, tokens);
          counts[op.name] = (counter.count() - before) / COUNT_REQUESTS;
        }
      } finally {
        await running.stop();
        await counter.close();
      }
    }
    // 2. Load: every server up at once, connected to PostgreSQL directly; for each operation the
    //    servers are measured back to back (in a rotating order), so a busy minute of the shared
    //    machine falls on all of them rather than on one column.
    for (const col of columns) {
      const r = await start(col.server, col.workers, dataset.url, PORT_BASE + 1 + columns.indexOf(col));
      servers.set(col.label, r);
      startups[col.label] = r.startupMs;
      log(`${col.label} started in ${r.startupMs} ms`);
    }
    for (const [k, op] of ops.entries()) {
      const order = columns.map((_, i) => columns[(i + k) % columns.length]);
      for (const col of order) {
        if (interrupted) throw new Error("interrupted");
        const running = servers.get(col.label)!;
        const port = running.port;
        if (!op.body[col.server] || failed.has(`${col.label}:${op.name}`)) continue;
        if (WARMUP > 0) await load(port, op, col.server, tokens, WARMUP);
        let rssMax = 0;
        const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssOf(running.child.pid!).max)), 250);
        const cpu0 = cpuMsOf(running.child.pid!);
        const r = await load(port, op, col.server, tokens, DURATION);
        const cpuMs = cpuMsOf(running.child.pid!) - cpu0;
        clearInterval(sampler);
        const rss = rssOf(running.child.pid!);
        const result: Result = {
          op: op.name,
          column: col.label,
          // answered requests with a 2xx status only (a 429 or 5xx is not a served request)
          reqPerSec: Math.max(0, r.requests.total - r.non2xx) / (r.duration || DURATION),
          p50: r.latency.p50,
          p99: r.latency.p99,
          errors: r.errors + r.timeouts + r.non2xx,
          statements: statements[col.label]?.[op.name] ?? null,
          rssMb: Math.round(Math.max(rssMax, rss.max)),
          rssAfterMb: Math.round(rss.max),
          cpuMsPerReq: r.requests.total - r.non2xx > 0 ? cpuMs / (r.requests.total - r.non2xx) : null,
        };
        results.push(result);
        log(`${op.name.padEnd(10)} ${col.label.padEnd(13)} ${result.reqPerSec.toFixed(0).padStart(6)} req/s  p50 ${result.p50} ms  p99 ${result.p99} ms  ${result.statements} stmt/req  RSS ${result.rssMb} MB  CPU ${result.cpuMsPerReq?.toFixed(2)} ms/req${result.errors ? `  ERRORS ${result.errors}` : ""}`);
      }
    }
  } finally {
    await Promise.all([...servers.values()].map((r) => r.stop()));
    if (!reuse && env.BENCH_KEEP_DB !== "1") await dataset.drop();
    else log(`kept database ${dataset.url}`);
  }

  // Same JSON from the gateway and the hand-SQL server?
  const same: Record<string, boolean | null> = {};
  for (const op of ops) {
    const g = answers.get(`gateway:${op.name}`);
    const h = answers.get(`hand:${op.name}`);
    same[op.name] = op.compareHand && g && h ? g === h : null;
    if (same[op.name] === false) {
      let i = 0;
      while (g![i] === h![i]) i++;
      const at = Math.max(0, i - 150);
      log(`${op.name}: the gateway and the hand server answer differently at character ${i}:\n  gateway …${g!.slice(at, i + 150)}\n  hand    …${h!.slice(at, i + 150)}`);
    }
  }
  print(ops, columns, results, same, startups);
  if (env.BENCH_JSON) fs.writeFileSync(env.BENCH_JSON, JSON.stringify({ at: new Date().toISOString(), duration: DURATION, connections: CONNECTIONS, pool: POOL, startups, results, same }, null, 2));
}

function print(ops: Operation[], columns: Column[], results: Result[], same: Record<string, boolean | null>, startups: Record<string, number>) {
  const get = (op: string, col: string) => results.find((r) => r.op === op && r.column === col);
  const out: string[] = [];
  out.push(`\n${CONNECTIONS} connections, ${DURATION} s per measurement after ${WARMUP} s warm-up, pg pool ${POOL} per server.`);
  out.push(`Read the ratios (same run, same machine); absolute numbers move with whatever else the machine is doing.\n`);
  out.push(`| operation | server | req/s | p50 ms | p99 ms | SQL stmts/req | CPU ms/req | RSS max MB | errors |`);
  out.push(`|---|---|---:|---:|---:|---:|---:|---:|---:|`);
  for (const op of ops) {
    for (const c of columns) {
      const r = get(op.name, c.label);
      if (!r) continue;
      out.push(`| ${op.name} | ${c.label} | ${r.reqPerSec.toFixed(0)} | ${r.p50} | ${r.p99} | ${r.statements ?? "—"} | ${r.cpuMsPerReq?.toFixed(2) ?? "—"} | ${r.rssMb} | ${r.errors} |`);
    }
  }
  const gwCols = columns.filter((c) => c.server === "gateway");
  out.push(`\n| operation | ${gwCols.map((c) => `${c.label} / PostGraphile | ${c.label} / hand SQL`).join(" | ")} | CPU per request, PostGraphile / gateway | same JSON as hand SQL |`);
  out.push(`|---|${gwCols.map(() => "---:|---:").join("|")}|---:|---|`);
  for (const op of ops) {
    const cells = gwCols.map((c) => {
      const g = get(op.name, c.label);
      const p = get(op.name, "postgraphile");
      const h = get(op.name, "hand");
      const ratio = (x?: Result) => (g && x && x.reqPerSec > 0 ? `${(g.reqPerSec / x.reqPerSec).toFixed(2)}×` : "—");
      return `${ratio(p)} | ${ratio(h)}`;
    });
    const g1 = get(op.name, "gateway");
    const pg = get(op.name, "postgraphile");
    const cpuRatio = g1?.cpuMsPerReq && pg?.cpuMsPerReq ? `${(pg.cpuMsPerReq / g1.cpuMsPerReq).toFixed(2)}×` : "—";
    out.push(`| ${op.name} | ${cells.join(" | ")} | ${cpuRatio} | ${same[op.name] === null ? "—" : same[op.name] ? "yes" : "NO"} |`);
  }
  out.push(`\nStart-up to first answer (ms): ${Object.entries(startups).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  process.stdout.write(out.join("\n") + "\n");
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
