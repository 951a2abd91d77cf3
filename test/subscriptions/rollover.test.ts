// The roll-over job: renew or expire at the period end, monthly credits through the ledger with
// the rollover rule, quota counters reset with RESET history rows, monthly cycles inside a yearly
// period, and idempotence (run twice — also at the same time — for the same period).
import { transaction } from "../../src/core/tx.ts";
import { applyCreditChange } from "../../src/domains/commerce/credits.ts";
import { jobs } from "../../src/app/domains.ts";
import { consumeQuota } from "../../src/domains/subscriptions/quota.ts";
import { runRollover } from "../../src/domains/subscriptions/rollover.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { creditBalanceOf, DAY_MS, gid, makeTier, makeUser } from "../helpers/factories/subscriptions.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());
afterEach(() => app.clock.reset());

const SUBSCRIBE = `mutation($tier: ID!, $period: BillingPeriod, $key: String!) { subscribe(tierId: $tier, billingPeriod: $period, idempotencyKey: $key) { subscription { id } } }`;

async function subscribed(tier: Parameters<typeof makeTier>[1], period: "MONTHLY" | "YEARLY" = "MONTHLY") {
  const t = await makeTier(app, { priceYearly: "99.00", ...tier });
  const user = await makeUser(app);
  await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", t.id), period, key: `key-${t.slug}` }, { token: await user.token() });
  const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: user.id } });
  return { user, sub, tier: t };
}

const ledger = (userId: string) =>
  app.prisma.creditTransaction.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { balanceAfter: "asc" }] }).then((rows) => rows.map((r) => [r.type, r.amount, r.balanceAfter]));
const spend = (userId: string, amount: number, type: "SPENT_OFFERING" | "EARNED_PURCHASE" = "SPENT_OFFERING") =>
  transaction(app.prisma, (tx) => applyCreditChange(tx, { userId, type, amount: type === "SPENT_OFFERING" ? -amount : amount }));
const after = (d: Date, ms = 1000) => new Date(d.getTime() + ms);

describe("monthly credits", () => {
  it("are granted once per period, even when the job runs twice (and twice at once)", async () => {
    const { user, sub } = await subscribed({ monthlyCredits: 10 });
    expect(await creditBalanceOf(app, user.id)).toBe(10);
    app.clock.set(after(sub.currentPeriodEnd));
    const [a, b] = await Promise.all([runRollover(app.runtime), runRollover(app.runtime)]);
    expect(a.renewed + b.renewed).toBe(1);
    const second = await runRollover(app.runtime);
    expect(second).toMatchObject({ renewed: 0, expired: 0, cycleResets: 0, failed: 0 });
    expect(await ledger(user.id)).toEqual([
      ["EARNED_SUBSCRIPTION", 10, 10],
      ["EXPIRED", -10, 0],
      ["EARNED_SUBSCRIPTION", 10, 10],
    ]);
    const row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row).toMatchObject({ status: "ACTIVE", currentPeriodStart: sub.currentPeriodEnd, lastRolloverPeriodEnd: sub.currentPeriodEnd, creditPool: 10 });
    expect(await app.prisma.subscriptionEvent.count({ where: { subscriptionId: sub.id, type: "renewed" } })).toBe(1);
    expect(await app.prisma.auditLog.count({ where: { entityId: sub.id, action: "subscription.renewed" } })).toBe(1);
  });

  it("roll over up to maxCreditRollover; the rest expires as one EXPIRED ledger row", async () => {
    const { user, sub } = await subscribed({ monthlyCredits: 10, creditRollover: true, maxCreditRollover: 4 });
    await spend(user.id, 3);
    app.clock.set(after(sub.currentPeriodEnd));
    await runRollover(app.runtime);
    await runRollover(app.runtime);
    expect(await ledger(user.id)).toEqual([
      ["EARNED_SUBSCRIPTION", 10, 10],
      ["SPENT_OFFERING", -3, 7],
      ["EXPIRED", -3, 4],
      ["EARNED_SUBSCRIPTION", 10, 14],
    ]);
    expect((await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).creditPool).toBe(14);
  });

  it("carry everything unspent without a cap, and spend subscription credits before purchased ones", async () => {
    const capless = await subscribed({ monthlyCredits: 5, creditRollover: true, maxCreditRollover: null });
    app.clock.set(after(capless.sub.currentPeriodEnd));
    await runRollover(app.runtime);
    expect(await creditBalanceOf(app, capless.user.id)).toBe(10);

    app.clock.reset();
    const { user, sub } = await subscribed({ monthlyCredits: 10 });
    await spend(user.id, 20, "EARNED_PURCHASE");
    await spend(user.id, 6); // taken from the 10 subscription credits first
    app.clock.set(after(sub.currentPeriodEnd));
    await runRollover(app.runtime);
    // 4 unspent subscription credits expire; the 20 purchased ones stay; 10 new ones arrive
    expect((await ledger(user.id)).slice(-2)).toEqual([
      ["EXPIRED", -4, 20],
      ["EARNED_SUBSCRIPTION", 10, 30],
    ]);
  });
});

describe("quota counters", () => {
  it("reset at the period end with one RESET row per used quota", async () => {
    const { user, sub } = await subscribed({ maxSyncsPerMonth: 5, maxAiAnalysesPerMonth: 5 });
    await transaction(app.prisma, (tx) => consumeQuota(tx, { userId: user.id, kind: "SYNC", amount: 3, now: app.clock.now() }));
    await transaction(app.prisma, (tx) => consumeQuota(tx, { userId: user.id, kind: "AI_ANALYSIS", amount: 5, now: app.clock.now() }));
    app.clock.set(after(sub.currentPeriodEnd));
    await runRollover(app.runtime);
    await runRollover(app.runtime);
    const row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect([row.syncsUsed, row.aiAnalysesUsed, row.seoSubmissionsUsed]).toEqual([0, 0, 0]);
    const resets = await app.prisma.quotaUsageHistory.findMany({ where: { subscriptionId: sub.id, operation: "RESET" }, orderBy: { quotaKind: "asc" } });
    expect(resets.map((r) => [r.quotaKind, r.amount, r.currentValue, r.maxValue, r.billingCycleStart])).toEqual([
      ["SYNC", 3, 0, 5, sub.currentPeriodEnd],
      ["AI_ANALYSIS", 5, 0, 5, sub.currentPeriodEnd],
    ]);
    const next = await transaction(app.prisma, (tx) => consumeQuota(tx, { userId: user.id, kind: "AI_ANALYSIS", amount: 5, now: app.clock.now() }));
    expect(next).toMatchObject({ used: 5, limit: 5, resetsAt: row.currentPeriodEnd });
  });
});

describe("yearly billing", () => {
  it("runs monthly cycles inside the year: credits and counters each month, the period once a year", async () => {
    const { user, sub } = await subscribed({ monthlyCredits: 5, maxSyncsPerMonth: 2 }, "YEARLY");
    expect(sub.currentPeriodEnd.getUTCFullYear()).toBe(sub.currentPeriodStart.getUTCFullYear() + 1);
    await transaction(app.prisma, (tx) => consumeQuota(tx, { userId: user.id, kind: "SYNC", amount: 2, now: app.clock.now() }));
    const firstBoundary = new Date(sub.currentPeriodStart);
    firstBoundary.setUTCMonth(firstBoundary.getUTCMonth() + 1);
    app.clock.set(after(firstBoundary));
    await runRollover(app.runtime);
    await runRollover(app.runtime);
    expect(await app.prisma.subscriptionEvent.count({ where: { subscriptionId: sub.id, type: "cycle_reset" } })).toBe(1);
    let row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row).toMatchObject({ syncsUsed: 0, currentPeriodEnd: sub.currentPeriodEnd, lastRolloverPeriodEnd: firstBoundary });
    expect(await creditBalanceOf(app, user.id)).toBe(5);
    expect((await ledger(user.id)).length).toBe(3);

    // a whole year later: the ten remaining monthly boundaries, then the renewal, in one run
    app.clock.set(after(sub.currentPeriodEnd));
    await runRollover(app.runtime); // (other tests' subscriptions roll too: count this one's history)
    const types = (await app.prisma.subscriptionEvent.findMany({ where: { subscriptionId: sub.id } })).map((e) => e.type);
    expect(types.filter((t) => t === "cycle_reset")).toHaveLength(11);
    expect(types.filter((t) => t === "renewed")).toHaveLength(1);
    row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.currentPeriodStart).toEqual(sub.currentPeriodEnd);
    expect(await app.prisma.creditTransaction.count({ where: { userId: user.id, type: "EARNED_SUBSCRIPTION" } })).toBe(13);
  });
});

describe("renewal and expiry", () => {
  it("catches up several missed periods in one run, each boundary once", async () => {
    const { sub } = await subscribed({ monthlyCredits: 1 });
    app.clock.set(new Date(sub.currentPeriodEnd.getTime() + 65 * DAY_MS));
    await runRollover(app.runtime);
    expect(await app.prisma.subscriptionEvent.count({ where: { subscriptionId: sub.id, type: "renewed" } })).toBe(3);
    const row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.currentPeriodEnd.getTime()).toBeGreaterThan(app.clock.now().getTime());
    expect(row.currentPeriodStart.getTime()).toBeLessThanOrEqual(app.clock.now().getTime());
  });

  it("a retired tier keeps its subscribers until the period ends, then expires them (unless a pending tier continues)", async () => {
    const retiring = await subscribed({});
    const moving = await makeUser(app);
    const successor = await makeTier(app);
    const mover = await app.prisma.subscription.create({
      data: { userId: moving.id, tierId: retiring.tier.id, pendingTierId: successor.id, status: "ACTIVE", provider: "LOCAL", currentPeriodStart: retiring.sub.currentPeriodStart, currentPeriodEnd: retiring.sub.currentPeriodEnd },
    });
    const admin = await makeUser(app, { admin: true });
    await app.ok(`mutation($id: ID!) { updateSubscriptionTier(id: $id, input: { isActive: false }) { isActive } }`, { id: gid("SubscriptionTier", retiring.tier.id) }, { token: await admin.token() });
    const v = await app.ok(`{ viewer { subscription { status isEntitled tier { isActive } } } }`, {}, { token: await retiring.user.token() });
    expect(v.viewer.subscription).toEqual({ status: "ACTIVE", isEntitled: true, tier: { isActive: false } });

    app.clock.set(after(retiring.sub.currentPeriodEnd));
    await runRollover(app.runtime);
    expect(await app.prisma.subscription.findUniqueOrThrow({ where: { id: retiring.sub.id } })).toMatchObject({ status: "EXPIRED", cancellationReason: "tier retired" });
    expect(await app.prisma.subscription.findUniqueOrThrow({ where: { id: mover.id } })).toMatchObject({ status: "ACTIVE", tierId: successor.id, pendingTierId: null });
  });

  it("is registered with the jobs runner (npm run jobs)", async () => {
    expect(jobs.map((j) => j.name)).toContain("subscriptions.rollover");
    const results = await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "subscriptions.rollover"));
    expect(results["subscriptions.rollover"]).toMatchObject({ failed: 0, retired: 0 });
  });
});
