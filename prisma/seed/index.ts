// The demo-data seed: `runSeed` writes every domain's demo rows in dependency order. Every row has
// a fixed id derived from a name and is written with createMany({ skipDuplicates: true }), so the
// seed is idempotent: a second run inserts nothing. History is anchored to a fixed date; what must
// look current (the last 30 days of analytics, live subscription periods, upcoming bookings) is
// anchored to the UTC day of the first seed, stored in cache_store under `seed:anchor`.
import type { DbClient, PrismaClient } from "../../src/db/client.ts";
import { Prisma } from "../../src/generated/prisma/client.ts";
import type { Logger } from "../../src/core/logger.ts";
import { seedAnalytics } from "./analytics.ts";
import { seedCommerce, seedVoicePacks } from "./commerce.ts";
import { seedCommunication } from "./communication.ts";
import { seedContent } from "./content.ts";
import { SeedContext, utcDay, ymd, type ModelName } from "./context.ts";
import { DEMO_ACCOUNTS, seedIdentity } from "./identity.ts";
import { seedIntegrations } from "./integrations.ts";
import { seedOfferings } from "./offerings.ts";
import { seedPayouts } from "./payouts.ts";
import { seedCreditPacks } from "./credit-packs.ts";
import { seedSite } from "./site.ts";
import { seedStories } from "./stories.ts";
import { seedSubscriptions } from "./subscriptions.ts";

export { DEMO_ACCOUNTS, type DemoAccount } from "./identity.ts";
export { seedId } from "./ids.ts";

export const SEED_ANCHOR_KEY = "seed:anchor";

export interface SeedSummary {
  /** UTC day (YYYY-MM-DD) the time-relative demo data is anchored to */
  anchorDay: string;
  /** rows inserted by this run (0 on a re-run) */
  inserted: number;
  /** per model: rows in the table after the run, and how many this run inserted */
  models: Record<string, { rows: number; inserted: number }>;
  durationMs: number;
}

const STEPS: Array<[name: string, run: (ctx: SeedContext) => Promise<void>]> = [
  ["identity", seedIdentity],
  ["content", seedContent],
  ["voice packs", seedVoicePacks],
  ["stories", seedStories],
  ["subscriptions", seedSubscriptions],
  ["offerings", seedOfferings],
  ["commerce", seedCommerce],
  ["payouts", seedPayouts],
  ["credit packs", seedCreditPacks],
  ["site", seedSite],
  ["communication", seedCommunication],
  ["integrations", seedIntegrations],
  ["analytics", seedAnalytics],
];

/** The seed day: stored on the first run, reused afterwards. */
async function resolveAnchor(db: DbClient, now: Date): Promise<{ day: Date; inserted: number }> {
  const today = utcDay(now);
  const { count } = await db.cacheEntry.createMany({
    data: [{ key: SEED_ANCHOR_KEY, value: { day: ymd(today) }, category: "seed", createdAt: now, updatedAt: now }],
    skipDuplicates: true,
  });
  const row = await db.cacheEntry.findUniqueOrThrow({ where: { key: SEED_ANCHOR_KEY } });
  const stored = (row.value as { day?: unknown } | null)?.day;
  const day = typeof stored === "string" && /^\d{4}-\d{2}-\d{2}$/.test(stored) ? new Date(`${stored}T00:00:00.000Z`) : today;
  return { day, inserted: count };
}

function delegate(db: DbClient, model: ModelName): { count(): Promise<number> } {
  const key = (model.charAt(0).toLowerCase() + model.slice(1)) as keyof DbClient;
  return db[key] as unknown as { count(): Promise<number> };
}

/**
 * Writes the demo data (deterministic and idempotent: a second run inserts nothing) in one
 * transaction, so a failure leaves the database as it was.
 */
export async function runSeed(prisma: PrismaClient, log?: Logger, now: Date = new Date()): Promise<SeedSummary> {
  const started = Date.now();
  const { ctx, anchor } = await prisma.$transaction(
    async (tx) => {
      const anchor = await resolveAnchor(tx, now);
      const ctx = new SeedContext(tx, anchor.day, log);
      if (anchor.inserted) ctx.inserted.set("CacheEntry", anchor.inserted);
      for (const [name, run] of STEPS) {
        const t = Date.now();
        await run(ctx);
        log?.debug({ step: name, ms: Date.now() - t }, "seed step done");
      }
      return { ctx, anchor };
    },
    { timeout: 300_000, maxWait: 30_000 },
  );

  const models: SeedSummary["models"] = {};
  const names = Object.values(Prisma.ModelName) as ModelName[];
  for (const name of names) {
    const d = delegate(prisma, name);
    if (typeof d?.count !== "function") continue;
    models[name] = { rows: await d.count(), inserted: ctx.inserted.get(name) ?? 0 };
  }
  const inserted = [...ctx.inserted.values()].reduce((a, b) => a + b, 0);
  const summary: SeedSummary = { anchorDay: ymd(anchor.day), inserted, models, durationMs: Date.now() - started };
  log?.info({ anchorDay: summary.anchorDay, inserted, durationMs: summary.durationMs }, inserted ? "demo data seeded" : "demo data already complete: nothing inserted");
  return summary;
}

/** Seeds the demo data when the database has no users yet (first start of the embedded database). */
export async function seedIfEmpty(prisma: PrismaClient, log: Logger): Promise<void> {
  const users = await prisma.user.count();
  if (users > 0) {
    log.info({ users }, "demo data already present");
    return;
  }
  log.info("seeding demo data");
  await runSeed(prisma, log);
  for (const a of DEMO_ACCOUNTS) {
    log.info({ email: a.email, roles: a.roles }, `demo account: ${a.email} / ${a.password} (${a.roles.join(", ")}) ${a.description}`);
  }
}

/** Human-readable summary (for the CLI). */
export function formatSummary(summary: SeedSummary): string {
  const rows = Object.entries(summary.models).filter(([, v]) => v.rows > 0 || v.inserted > 0);
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `  ${k.padEnd(width)}  ${String(v.rows).padStart(5)} rows  (+${v.inserted})`);
  const empty = Object.entries(summary.models).filter(([, v]) => v.rows === 0 && v.inserted === 0).map(([k]) => k);
  return [
    `Seed anchor day: ${summary.anchorDay}; inserted ${summary.inserted} row(s) in ${summary.durationMs} ms.`,
    ...lines,
    ...(empty.length ? [`  (empty: ${empty.join(", ")})`] : []),
  ].join("\n");
}
