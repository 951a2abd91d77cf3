// `npx tsx bench/gateway/cpu.ts [ops] [requests]`: CPU time the gateway spends per request, in
// process (yoga.fetch, no HTTP socket), for the benchmark operations against a built bench
// database (BENCH_DB_URL). CPU per request is what a loaded machine divides among requests, and
// unlike req/s it barely moves with what else the machine is doing. Env as for the gateway
// (e.g. DB_PLAN_CACHE_SIZE=0 to compare without the plan cache).
import pino from "pino";
import { loadConfig } from "../../src/core/config.ts";
import { createDb } from "../../src/db/client.ts";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/core/logger.ts";
import { signAccessToken } from "../../src/domains/identity/tokens.ts";
import { CREATOR, LISTENER, operations } from "./operations.ts";

const SECRET = "bench-secret-bench-secret-bench-secret-0019";

async function main() {
  const url = process.env.BENCH_DB_URL;
  if (!url) throw new Error("set BENCH_DB_URL to a database built by the bench (BENCH_KEEP_DB=1)");
  const ops = (process.argv[2] ?? "simple,feed,node,tree").split(",");
  const n = Number(process.argv[3] ?? 300);
  const concurrency = Number(process.env.BENCH_CPU_CONCURRENCY ?? 8);
  const config = loadConfig({
    NODE_ENV: "production",
    SECRETS_KEY: "0019".repeat(16),
    JWT_SECRET: SECRET,
    DATABASE_URL: url,
    PERSISTED_OPERATIONS_ONLY: "false",
    QUERY_MAX_DEPTH: "16",
    QUERY_MAX_COST: "100000",
    RATE_LIMIT_IP_PER_MINUTE: "1000000",
    RATE_LIMIT_VIEWER_PER_MINUTE: "1000000",
    JOBS_SCHEDULER_ENABLED: "false",
    ...process.env,
  } as Record<string, string>);
  const db = createDb({ url, poolMax: config.DB_POOL_MAX, planCacheSize: config.DB_PLAN_CACHE_SIZE, countStatements: !config.production });
  // the production access log, written to /dev/null as in the benchmark
  const app = createApp({ config, db, log: createLogger(config.LOG_LEVEL, pino.destination("/dev/null")), databaseKind: "postgres" });
  const tokens: Record<string, string> = {
    listener: await signAccessToken({ userId: LISTENER, sessionId: null }, SECRET, 86_400, new Date()),
    creator: await signAccessToken({ userId: CREATOR, sessionId: null }, SECRET, 86_400, new Date()),
  };
  for (const op of operations().filter((o) => ops.includes(o.name) && o.body.gateway)) {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (op.auth) headers.authorization = `Bearer ${tokens[op.auth]}`;
    const once = async () => {
      const r = await app.yoga.fetch("http://127.0.0.1/graphql", { method: "POST", headers, body: op.body.gateway! });
      const text = await r.text();
      if (r.status !== 200 || text.includes('"errors"')) throw new Error(`${op.name}: ${r.status} ${text.slice(0, 300)}`);
    };
    const run = async (count: number) => {
      let next = 0;
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (next++ < count) await once();
      }));
    };
    await run(Math.min(100, n)); // warm-up
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await run(n);
    const cpu = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    process.stdout.write(`${op.name.padEnd(8)} ${((cpu.user + cpu.system) / 1000 / n).toFixed(2).padStart(6)} ms CPU/request  (wall ${(wall / n).toFixed(2)} ms/request at ${concurrency} in flight, ${n} requests)\n`);
  }
  await app.close();
  await db.close();
}

main().catch((e) => {
  process.stderr.write(`${(e as Error)?.stack ?? e}\n`);
  process.exit(1);
});
