// The distributed job queue (graphile-worker on PostgreSQL): two workers on one database — as two
// instances would be — run each cron slot once, a keyed job once, and a job that keeps failing
// ends as a dead letter admins can list. The embedded database keeps the in-process runner.
import { randomUUID } from "node:crypto";
import { startBackgroundJobs } from "../../src/app/jobs.ts";
import { cronPatternFor, startWorker, type WorkerHandle } from "../../src/app/worker.ts";
import type { Job } from "../../src/app/jobs-runner.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { makeUser } from "../helpers/factories/stories.ts";

const onPostgres = !!process.env.TEST_PG_ADMIN_URL;
if (!onPostgres) {
  // Visible, not silent: this file needs PostgreSQL (graphile-worker); CI runs it with DATABASE_URL.
  console.warn("test/operations/job-queue.test.ts: graphile-worker cases need DATABASE_URL (PostgreSQL); on the embedded database only the runner choice is checked.");
}

const waitUntil = async (pred: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe("background jobs", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("maps intervals onto cron patterns", () => {
    expect([30, 60, 300, 600, 3600, 7200, 86_400].map(cronPatternFor)).toEqual(["* * * * *", "* * * * *", "*/5 * * * *", "*/10 * * * *", "0 * * * *", "0 */2 * * *", "0 0 * * *"]);
  });

  (onPostgres ? it.skip : it)("uses the in-process runner on the embedded database", async () => {
    const bg = await startBackgroundJobs(app.runtime, [], "unused");
    expect(bg.kind).toBe("inprocess");
    await bg.stop();
  });

  (onPostgres ? describe : describe.skip)("graphile-worker on PostgreSQL", () => {
    const url = () => app.config.DATABASE_URL!;
    let a: WorkerHandle;
    let b: WorkerHandle;
    const slots: string[] = [];
    const keyed: string[] = [];
    const name = `test-cron-${randomUUID().slice(0, 8)}`;
    const jobs: Job[] = [
      { name, everySeconds: 60, run: async () => void slots.push("run") },
      { name: "test-keyed", everySeconds: 86_400, run: async () => void keyed.push("run") },
      { name: "test-always-fails", everySeconds: 86_400, run: async () => { throw new Error("provider down"); } },
    ];

    beforeAll(async () => {
      // Start once to install graphile-worker's schema, then pretend the cron was last run 3 minutes ago.
      const first = await startWorker(app.runtime, jobs, { connectionString: url(), concurrency: 1, maxAttempts: 1, backfillSeconds: 0, cron: false });
      await first.stop();
      // graphile-worker schedules cron by the machine's clock (not the app's test clock), so the
      // "3 minutes ago" it backfills from is measured on that clock too.
      const now = new Date();
      await app.prisma.$executeRawUnsafe(
        `INSERT INTO graphile_worker._private_known_crontabs (identifier, known_since, last_execution) VALUES ($1, $2, $3)
         ON CONFLICT (identifier) DO UPDATE SET known_since = EXCLUDED.known_since, last_execution = EXCLUDED.last_execution`,
        name,
        new Date(now.getTime() - 10 * 60_000),
        new Date(now.getTime() - 3 * 60_000 - 1_000),
      );
      const opts = { connectionString: url(), concurrency: 2, maxAttempts: 1, backfillSeconds: 5 * 60, pollIntervalMs: 200 };
      [a, b] = await Promise.all([startWorker(app.runtime, jobs, opts), startWorker(app.runtime, jobs, opts)]);
    });
    afterAll(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
    });

    it("catches up missed cron slots once across two workers", async () => {
      // The three missed minutes are backfilled under one job key (cronItemsFor: a slot still
      // queued is not doubled by the next), so the catch-up is one run, not one per worker.
      await waitUntil(() => slots.length >= 1);
      await new Promise((r) => setTimeout(r, 1500)); // a duplicate would have run by now
      const rows = await app.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM graphile_worker.jobs WHERE task_identifier = $1`, name);
      expect(rows[0].n).toBe(0);
      expect(slots.length).toBeLessThanOrEqual(2); // the catch-up (+ the current minute if it ticked meanwhile), never one per worker per slot
    });

    it("collapses a keyed job enqueued on both instances into one run", async () => {
      await Promise.all([a.enqueue("test-keyed", {}, { jobKey: "once", runAt: new Date(Date.now() + 500) }), b.enqueue("test-keyed", {}, { jobKey: "once", runAt: new Date(Date.now() + 500) })]);
      await waitUntil(() => keyed.length >= 1);
      await new Promise((r) => setTimeout(r, 1000));
      expect(keyed).toHaveLength(1);
    });

    it("keeps a job that used up its attempts as a dead letter, listed for admins only", async () => {
      await a.enqueue("test-always-fails");
      const admin = await makeUser(app, ["ADMIN"], "admin");
      const member = await makeUser(app, ["MEMBER"], "member");
      const Q = `{ deadJobs(first: 10) { id task attempts maxAttempts lastError } }`;
      await waitUntil(async () => ((await app.gql(Q, {}, { token: admin.token })).data?.deadJobs ?? []).length > 0);
      const dead = (await app.ok(Q, {}, { token: admin.token })).deadJobs;
      expect(dead[0]).toMatchObject({ task: "test-always-fails", attempts: 1, maxAttempts: 1, lastError: expect.stringContaining("provider down") });
      expect((await app.gql(Q, {}, { token: member.token })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const metrics = await (await app.yoga.fetch("http://test/metrics")).text();
      expect(metrics).toMatch(/gateway_job_runs_total\{job="test-always-fails",outcome="failed"\} 1/);
      expect(metrics).toMatch(/gateway_jobs_dead\{job="test-always-fails"\} 1/);
    });
  });
});
