// How many server processes `npm start` runs (src/app/cluster.ts): one per core only in
// production on PostgreSQL, an explicit WEB_CONCURRENCY wins, and the embedded database is
// always a single process.
import os from "node:os";
import { workerCount } from "../../src/app/cluster.ts";
import { loadConfig } from "../../src/core/config.ts";

const base = { shutdownTimeoutMs: 10_000 };

describe("workerCount", () => {
  it("is one per core in production on PostgreSQL by default", () => {
    expect(workerCount({ ...base, concurrency: 0, production: true, hasDatabaseUrl: true })).toBe(os.availableParallelism());
  });
  it("is 1 outside production unless WEB_CONCURRENCY says otherwise", () => {
    expect(workerCount({ ...base, concurrency: 0, production: false, hasDatabaseUrl: true })).toBe(1);
    expect(workerCount({ ...base, concurrency: 3, production: false, hasDatabaseUrl: true })).toBe(3);
  });
  it("is always 1 on the embedded database", () => {
    expect(workerCount({ ...base, concurrency: 4, production: true, hasDatabaseUrl: false })).toBe(1);
  });
  it("reads WEB_CONCURRENCY from the environment and rejects nonsense", () => {
    expect(loadConfig({ WEB_CONCURRENCY: "2" }).WEB_CONCURRENCY).toBe(2);
    expect(() => loadConfig({ WEB_CONCURRENCY: "-1" })).toThrow(/WEB_CONCURRENCY/);
  });
});
