// consumeQuota: the cap is enforced (used + amount ≤ cap), every increment is a history row,
// over the cap is QUOTA_EXCEEDED with the cap and the reset time, and concurrent consumers never
// exceed the cap — on Postgres with a pool of 10 and on the embedded database (pool of 1).
import { transaction } from "../../src/core/tx.ts";
import { consumeQuota, quotaStates } from "../../src/domains/subscriptions/quota.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { DAY_MS, makeFreeTier, makeSubscription, makeTier, makeUser } from "../helpers/factories/subscriptions.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const consume = (userId: string, amount = 1, kind: "SYNC" | "AI_ANALYSIS" | "SEO_SUBMISSION" = "SYNC") =>
  transaction(app.prisma, (tx) => consumeQuota(tx, { userId, kind, amount, relatedEntityType: "test", reason: "test", now: app.clock.now() }));

async function caught(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    return e as { extensions?: Record<string, unknown> };
  }
  throw new Error("expected an error");
}

describe("quota boundary", () => {
  it("allows exactly the cap, then answers QUOTA_EXCEEDED with the cap and the reset time", async () => {
    const tier = await makeTier(app, { maxSyncsPerMonth: 3 });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: tier.id });
    expect((await consume(user.id, 2)).used).toBe(2);
    const third = await consume(user.id, 1);
    expect(third).toEqual({ used: 3, limit: 3, resetsAt: sub.currentPeriodEnd });

    const err = await caught(consume(user.id, 1));
    expect(err.extensions).toMatchObject({ code: "QUOTA_EXCEEDED", quota: "SYNC", limit: 3, used: 3, resetsAt: sub.currentPeriodEnd.toISOString() });
    // a request for more than what is left is refused whole, not partly applied
    const err2 = await caught(consume(user.id, 5, "AI_ANALYSIS"));
    expect(err2.extensions).toMatchObject({ code: "QUOTA_EXCEEDED", quota: "AI_ANALYSIS", limit: 0 });

    const row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.syncsUsed).toBe(3);
    const history = await app.prisma.quotaUsageHistory.findMany({ where: { subscriptionId: sub.id }, orderBy: { currentValue: "asc" } });
    expect(history.map((h) => [h.operation, h.amount, h.currentValue, h.maxValue, h.relatedEntityType])).toEqual([
      ["INCREMENT", 2, 2, 3, "test"],
      ["INCREMENT", 1, 3, 3, "test"],
    ]);
  });

  it("rejects a non-positive amount as BAD_USER_INPUT", async () => {
    const user = await makeUser(app);
    expect((await caught(consume(user.id, 0))).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "amount" });
  });

  it("reports every quota with the monthly reset time, also inside a yearly period", async () => {
    const tier = await makeTier(app, { maxSyncsPerMonth: 10, maxAiAnalysesPerMonth: 4, maxSeoSubmissionsPerMonth: 2, maxSocialAccounts: 3 });
    const user = await makeUser(app);
    const start = new Date(Date.UTC(2030, 0, 15));
    app.clock.set(new Date(Date.UTC(2030, 1, 20)));
    try {
      await makeSubscription(app, { userId: user.id, tierId: tier.id, billingPeriod: "YEARLY", currentPeriodStart: start, currentPeriodEnd: new Date(Date.UTC(2031, 0, 15)), lastRolloverPeriodEnd: new Date(Date.UTC(2030, 1, 15)) });
      await consume(user.id, 2, "AI_ANALYSIS");
      const states = await quotaStates(app.prisma, user.id);
      const march15 = new Date(Date.UTC(2030, 2, 15));
      expect(states).toEqual({
        SYNC: { used: 0, limit: 10, resetsAt: march15 },
        AI_ANALYSIS: { used: 2, limit: 4, resetsAt: march15 },
        SEO_SUBMISSION: { used: 0, limit: 2, resetsAt: march15 },
        SOCIAL_ACCOUNT: { used: 0, limit: 3, resetsAt: march15 },
      });
    } finally {
      app.clock.reset();
    }
  });
});

describe("concurrent consumption", () => {
  it("never exceeds the cap: 12 concurrent consumers, cap 5", async () => {
    const tier = await makeTier(app, { maxSeoSubmissionsPerMonth: 5 });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: tier.id });
    const results = await Promise.allSettled(Array.from({ length: 12 }, () => consume(user.id, 1, "SEO_SUBMISSION")));
    const ok = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(5);
    expect(refused.map((r) => r.reason.extensions?.code)).toEqual(Array(7).fill("QUOTA_EXCEEDED"));
    const row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.seoSubmissionsUsed).toBe(5);
    const values = (await app.prisma.quotaUsageHistory.findMany({ where: { subscriptionId: sub.id } })).map((h) => h.currentValue).sort();
    expect(values).toEqual([1, 2, 3, 4, 5]);
  });

  it("creates exactly one free-tier subscription when a new user's first consumptions race", async () => {
    await makeFreeTier(app, { maxSyncsPerMonth: 4 });
    const user = await makeUser(app);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => consume(user.id)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(4);
    const subs = await app.prisma.subscription.findMany({ where: { userId: user.id }, include: { tier: true } });
    expect(subs).toHaveLength(1);
    expect(subs[0]).toMatchObject({ status: "ACTIVE", provider: "LOCAL", syncsUsed: 4, tier: { slug: "free" } });
    expect(subs[0].currentPeriodEnd.getTime() - subs[0].currentPeriodStart.getTime()).toBeGreaterThanOrEqual(28 * DAY_MS);
    expect(await app.prisma.subscriptionEvent.findMany({ where: { subscriptionId: subs[0].id }, select: { type: true, toStatus: true } })).toEqual([{ type: "created", toStatus: "ACTIVE" }]);
    expect(await app.prisma.auditLog.count({ where: { entityId: subs[0].id, action: "subscription.created", actorId: user.id } })).toBe(1);
  });
});

it("runs on the database this run selected", () => {
  expect(["embedded", "postgres"]).toContain(app.kind);
  expect(app.db.pool.options.max).toBe(app.kind === "postgres" ? 10 : 1);
});
