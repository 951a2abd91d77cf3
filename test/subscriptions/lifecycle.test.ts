// The subscription lifecycle: the state machine as a table, the same table through the real
// paths (mutations and the roll-over job, local provider), subscribe / cancel / resume /
// changeTier, and viewer.subscription. Stripe and RevenueCat rows are in webhooks.test.ts.
import { transition, type LifecycleEvent, type LifeState } from "../../src/domains/subscriptions/lifecycle.ts";
import { runRollover } from "../../src/domains/subscriptions/rollover.ts";
import { transaction } from "../../src/core/tx.ts";
import { consumeQuota } from "../../src/domains/subscriptions/quota.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { creditBalanceOf, DAY_MS, gid, makeFreeTier, makeSubscription, makeTier, makeUser } from "../helpers/factories/subscriptions.ts";

const SUB = `id status billingPeriod provider cancelAtPeriodEnd currentPeriodStart currentPeriodEnd trialEnd pastDueSince isEntitled
  tier { slug } pendingTier { slug }`;
const SUBSCRIBE = `mutation($tier: ID!, $period: BillingPeriod, $key: String!) {
  subscribe(tierId: $tier, billingPeriod: $period, idempotencyKey: $key) { subscription { ${SUB} } paymentClientSecret requiresPayment } }`;
const CANCEL = `mutation($id: ID, $atPeriodEnd: Boolean) { cancelSubscription(id: $id, atPeriodEnd: $atPeriodEnd) { ${SUB} } }`;
const RESUME = `mutation($id: ID) { resumeSubscription(id: $id) { ${SUB} } }`;
const CHANGE = `mutation($tier: ID!) { changeTier(tierId: $tier) { ${SUB} } }`;
const VIEWER = `{ viewer { subscription { ${SUB} quotas { kind used limit remaining resetsAt } history(first: 10) { totalCount edges { node { type fromStatus toStatus } } } } } }`;

describe("the state machine", () => {
  const s = (status: LifeState["status"], cancelAtPeriodEnd = false): LifeState => ({ status, cancelAtPeriodEnd });
  const table: [LifeState, LifecycleEvent, LifeState | null, { renewable?: boolean }?][] = [
    [s("TRIALING"), "PERIOD_END", s("ACTIVE")],
    [s("TRIALING", true), "PERIOD_END", s("EXPIRED", true)],
    [s("ACTIVE"), "PERIOD_END", s("ACTIVE")],
    [s("ACTIVE", true), "PERIOD_END", s("EXPIRED", true)],
    [s("ACTIVE"), "PERIOD_END", s("EXPIRED"), { renewable: false }],
    [s("PAST_DUE"), "PERIOD_END", s("EXPIRED")],
    [s("PAUSED"), "PERIOD_END", null],
    [s("TRIALING"), "PAYMENT_SUCCEEDED", s("ACTIVE")],
    [s("PAST_DUE"), "PAYMENT_SUCCEEDED", s("ACTIVE")],
    [s("PAST_DUE", true), "PAYMENT_SUCCEEDED", s("ACTIVE", true)],
    [s("PAUSED"), "PAYMENT_SUCCEEDED", s("ACTIVE")],
    [s("TRIALING"), "PAYMENT_FAILED", s("PAST_DUE")],
    [s("ACTIVE"), "PAYMENT_FAILED", s("PAST_DUE")],
    [s("ACTIVE"), "CANCEL_AT_PERIOD_END", s("ACTIVE", true)],
    [s("TRIALING"), "CANCEL_AT_PERIOD_END", s("TRIALING", true)],
    [s("PAST_DUE"), "CANCEL_AT_PERIOD_END", s("PAST_DUE", true)],
    [s("ACTIVE", true), "RESUME", s("ACTIVE")],
    [s("ACTIVE"), "CANCEL_NOW", s("CANCELED")],
    [s("TRIALING"), "CANCEL_NOW", s("CANCELED")],
    [s("PAUSED"), "CANCEL_NOW", s("CANCELED")],
    [s("ACTIVE"), "ENDED_EARLY", s("CANCELED")],
    [s("ACTIVE", true), "ENDED", s("EXPIRED", true)],
    [s("PAST_DUE"), "ENDED", s("EXPIRED")],
    [s("ACTIVE"), "PAUSE", s("PAUSED")],
    ...(["PERIOD_END", "PAYMENT_SUCCEEDED", "PAYMENT_FAILED", "CANCEL_AT_PERIOD_END", "RESUME", "CANCEL_NOW", "ENDED", "PAUSE"] as LifecycleEvent[]).flatMap(
      (e) => [[s("CANCELED"), e, null], [s("EXPIRED"), e, null]] as [LifeState, LifecycleEvent, null][],
    ),
  ];
  // every row has its options (jest takes a 4th parameter the row does not fill for a done callback)
  it.each(table.map(([from, event, to, opts]) => [from, event, to, opts ?? {}] as const))("%j + %s → %j", (from, event, to, opts) => {
    expect(transition(from, event, opts)).toEqual(to);
  });
});

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const now = () => app.clock.now();
async function lastHistory(subscriptionId: string) {
  return app.prisma.subscriptionEvent.findFirst({ where: { subscriptionId }, orderBy: [{ createdAt: "desc" }] });
}
const auditCount = (entityId: string) => app.prisma.auditLog.count({ where: { entityType: "Subscription", entityId } });
const historyCount = (subscriptionId: string) => app.prisma.subscriptionEvent.count({ where: { subscriptionId } });

describe("the lifecycle table through the real paths (local provider)", () => {
  type Row = {
    name: string;
    from: { status: "TRIALING" | "ACTIVE" | "PAST_DUE" | "EXPIRED"; cancelAtPeriodEnd?: boolean; ended?: boolean };
    event: "period end (job)" | "cancelSubscription" | "cancelSubscription(now)" | "resumeSubscription";
    to: { status: string; cancelAtPeriodEnd: boolean; history: string } | { error: string };
  };
  const rows: Row[] = [
    { name: "trial converts at its end", from: { status: "TRIALING", ended: true }, event: "period end (job)", to: { status: "ACTIVE", cancelAtPeriodEnd: false, history: "renewed" } },
    { name: "active renews", from: { status: "ACTIVE", ended: true }, event: "period end (job)", to: { status: "ACTIVE", cancelAtPeriodEnd: false, history: "renewed" } },
    { name: "cancelled at period end expires", from: { status: "ACTIVE", cancelAtPeriodEnd: true, ended: true }, event: "period end (job)", to: { status: "EXPIRED", cancelAtPeriodEnd: true, history: "expired" } },
    { name: "trial cancelled at period end expires", from: { status: "TRIALING", cancelAtPeriodEnd: true, ended: true }, event: "period end (job)", to: { status: "EXPIRED", cancelAtPeriodEnd: true, history: "expired" } },
    { name: "past due is not renewed", from: { status: "PAST_DUE", ended: true }, event: "period end (job)", to: { status: "EXPIRED", cancelAtPeriodEnd: false, history: "expired" } },
    { name: "cancel keeps it until the period end", from: { status: "ACTIVE" }, event: "cancelSubscription", to: { status: "ACTIVE", cancelAtPeriodEnd: true, history: "cancel_scheduled" } },
    { name: "cancel a trial at its end", from: { status: "TRIALING" }, event: "cancelSubscription", to: { status: "TRIALING", cancelAtPeriodEnd: true, history: "cancel_scheduled" } },
    { name: "cancel while past due", from: { status: "PAST_DUE" }, event: "cancelSubscription", to: { status: "PAST_DUE", cancelAtPeriodEnd: true, history: "cancel_scheduled" } },
    { name: "cancel now", from: { status: "ACTIVE" }, event: "cancelSubscription(now)", to: { status: "CANCELED", cancelAtPeriodEnd: false, history: "canceled" } },
    { name: "cancel a trial now", from: { status: "TRIALING" }, event: "cancelSubscription(now)", to: { status: "CANCELED", cancelAtPeriodEnd: false, history: "canceled" } },
    { name: "resume", from: { status: "ACTIVE", cancelAtPeriodEnd: true }, event: "resumeSubscription", to: { status: "ACTIVE", cancelAtPeriodEnd: false, history: "resumed" } },
    { name: "an expired one cannot be resumed", from: { status: "EXPIRED", cancelAtPeriodEnd: true }, event: "resumeSubscription", to: { error: "CONFLICT" } },
    { name: "an expired one cannot be cancelled", from: { status: "EXPIRED" }, event: "cancelSubscription(now)", to: { error: "CONFLICT" } },
  ];

  it.each(rows)("$from.status + $event → $to ($name)", async (row) => {
    const tier = await makeTier(app);
    const user = await makeUser(app);
    const t = now().getTime();
    // An ended period: a 14-day trial (as subscribe grants them) or a month-long paid period. A
    // trial is cycled monthly, so a trial longer than a month would rightly get a cycle_reset too.
    const endedPeriodMs = row.from.status === "TRIALING" ? 14 * DAY_MS + 60_000 : 31 * DAY_MS;
    const sub = await makeSubscription(app, {
      userId: user.id,
      tierId: tier.id,
      status: row.from.status,
      cancelAtPeriodEnd: row.from.cancelAtPeriodEnd ?? false,
      pastDueSince: row.from.status === "PAST_DUE" ? new Date(t - DAY_MS) : null,
      trialEnd: row.from.status === "TRIALING" ? new Date(t + (row.from.ended ? -60_000 : 7 * DAY_MS)) : null,
      currentPeriodStart: new Date(t - (row.from.ended ? endedPeriodMs : DAY_MS)),
      currentPeriodEnd: new Date(t + (row.from.ended ? -60_000 : 29 * DAY_MS)),
    });
    const audits = await auditCount(sub.id);
    const token = await user.token();
    const id = gid("UserSubscription", sub.id);
    let error: string | undefined;
    if (row.event === "period end (job)") await runRollover(app.runtime);
    else if (row.event === "resumeSubscription") error = errorCode(await app.gql(RESUME, { id }, { token }));
    else error = errorCode(await app.gql(CANCEL, { id, atPeriodEnd: row.event === "cancelSubscription" }, { token }));

    const after = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    if ("error" in row.to) {
      expect(error).toBe(row.to.error);
      expect(after.status).toBe(row.from.status);
      expect(await historyCount(sub.id)).toBe(0);
      return;
    }
    expect(error).toBeUndefined();
    expect({ status: after.status, cancelAtPeriodEnd: after.cancelAtPeriodEnd }).toEqual({ status: row.to.status, cancelAtPeriodEnd: row.to.cancelAtPeriodEnd });
    const h = await lastHistory(sub.id);
    expect(h).toMatchObject({ type: row.to.history, fromStatus: row.from.status, toStatus: row.to.status });
    expect(await historyCount(sub.id)).toBe(1);
    expect(await auditCount(sub.id)).toBe(audits + 1);
    if (row.to.history === "renewed") {
      expect(after.currentPeriodStart).toEqual(sub.currentPeriodEnd);
      expect(after.currentPeriodEnd.getTime()).toBeGreaterThan(now().getTime() + 27 * DAY_MS);
    }
  });
});

describe("subscribe", () => {
  it("activates a paid tier at once without a payment provider, grants the month's credits, and replays a retried key", async () => {
    const tier = await makeTier(app, { monthlyCredits: 10 });
    const user = await makeUser(app);
    const token = await user.token();
    const vars = { tier: gid("SubscriptionTier", tier.id), key: "subscribe-key-0001" };
    const first = await app.ok(SUBSCRIBE, vars, { token });
    expect(first.subscribe).toMatchObject({
      paymentClientSecret: null,
      requiresPayment: false,
      subscription: { status: "ACTIVE", provider: "LOCAL", billingPeriod: "MONTHLY", isEntitled: true, cancelAtPeriodEnd: false, tier: { slug: tier.slug } },
    });
    const s = first.subscribe.subscription;
    expect(new Date(s.currentPeriodEnd).getUTCMonth()).toBe((new Date(s.currentPeriodStart).getUTCMonth() + 1) % 12);
    expect(await creditBalanceOf(app, user.id)).toBe(10);

    const again = await app.ok(SUBSCRIBE, vars, { token });
    expect(again.subscribe.subscription.id).toBe(s.id);
    expect(await app.prisma.subscription.count({ where: { userId: user.id } })).toBe(1);
    expect(await creditBalanceOf(app, user.id)).toBe(10);

    const other = await makeTier(app);
    expect(errorCode(await app.gql(SUBSCRIBE, { ...vars, tier: gid("SubscriptionTier", other.id) }, { token }))).toBe("CONFLICT");
    const second = await app.gql(SUBSCRIBE, { tier: gid("SubscriptionTier", other.id), key: "subscribe-key-0002" }, { token });
    expect(second.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_SUBSCRIBED" });

    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "subscription.subscribe", actorId: user.id } });
    expect(audit.newValues).toMatchObject({ status: "ACTIVE", tierId: tier.id });
  });

  it("starts a trial once per user; the trial grants no credits", async () => {
    const tier = await makeTier(app, { trialDays: 14, monthlyCredits: 5 });
    const user = await makeUser(app);
    const token = await user.token();
    const r = await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", tier.id), key: "trial-key-0001" }, { token });
    const s = r.subscribe.subscription;
    expect(s).toMatchObject({ status: "TRIALING", isEntitled: true });
    expect(new Date(s.trialEnd).getTime() - new Date(s.currentPeriodStart).getTime()).toBe(14 * DAY_MS);
    expect(s.currentPeriodEnd).toBe(s.trialEnd);
    expect(await creditBalanceOf(app, user.id)).toBe(0);

    await app.ok(CANCEL, { atPeriodEnd: false }, { token });
    const again = await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", tier.id), key: "trial-key-0002" }, { token });
    expect(again.subscribe.subscription).toMatchObject({ status: "ACTIVE", trialEnd: null });
    expect(await creditBalanceOf(app, user.id)).toBe(5);
  });

  it("replaces a free-tier subscription", async () => {
    await app.prisma.subscriptionTier.deleteMany({ where: { slug: "free", subscriptions: { none: {} } } });
    const free = (await app.prisma.subscriptionTier.findUnique({ where: { slug: "free" } })) ?? (await makeFreeTier(app, { maxSyncsPerMonth: 3 }));
    const user = await makeUser(app);
    await transaction(app.prisma, (tx) => consumeQuota(tx, { userId: user.id, kind: "SYNC", now: now() }));
    const freeSub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: user.id, tierId: free.id } });
    const tier = await makeTier(app);
    const r = await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", tier.id), key: "replace-free-01" }, { token: await user.token() });
    expect(r.subscribe.subscription.status).toBe("ACTIVE");
    expect(await app.prisma.subscription.findUniqueOrThrow({ where: { id: freeSub.id } })).toMatchObject({ status: "CANCELED", cancellationReason: "replaced" });
  });

  it("answers concurrent subscribes with one subscription", async () => {
    const tier = await makeTier(app);
    const user = await makeUser(app);
    const token = await user.token();
    const tierId = gid("SubscriptionTier", tier.id);
    const sameKey = await Promise.all([1, 2, 3].map(() => app.gql(SUBSCRIBE, { tier: tierId, key: "same-key-00001" }, { token })));
    expect(sameKey.map((r) => r.errors)).toEqual([undefined, undefined, undefined]);
    expect(new Set(sameKey.map((r) => r.data.subscribe.subscription.id)).size).toBe(1);

    const other = await makeUser(app);
    const otherToken = await other.token();
    const differentKeys = await Promise.all(["k-000000001", "k-000000002", "k-000000003"].map((key) => app.gql(SUBSCRIBE, { tier: tierId, key }, { token: otherToken })));
    expect(differentKeys.filter((r) => !r.errors)).toHaveLength(1);
    expect(differentKeys.filter((r) => r.errors).map((r) => r.errors![0].extensions?.reason)).toEqual(["ALREADY_SUBSCRIBED", "ALREADY_SUBSCRIBED"]);
    expect(await app.prisma.subscription.count({ where: { userId: other.id } })).toBe(1);
  });

  it("refuses bad input, unknown and retired tiers, and anonymous callers", async () => {
    const user = await makeUser(app);
    const token = await user.token();
    const monthlyOnly = await makeTier(app, { priceYearly: null });
    const bad = await app.gql(SUBSCRIBE, { tier: gid("SubscriptionTier", monthlyOnly.id), period: "YEARLY", key: "bad-period-01" }, { token });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "billingPeriod" });
    const shortKey = await app.gql(SUBSCRIBE, { tier: gid("SubscriptionTier", monthlyOnly.id), key: "x" }, { token });
    expect(shortKey.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
    const retired = await makeTier(app, { isActive: false });
    expect(errorCode(await app.gql(SUBSCRIBE, { tier: gid("SubscriptionTier", retired.id), key: "retired-key-1" }, { token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(SUBSCRIBE, { tier: "bm90LWFuLWlk", key: "garbage-id-01" }, { token }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await app.gql(SUBSCRIBE, { tier: gid("SubscriptionTier", monthlyOnly.id), key: "anonymous-01" }))).toBe("UNAUTHENTICATED");
    expect(await app.prisma.subscription.count({ where: { userId: user.id } })).toBe(0);
  });
});

describe("cancel, resume, change tier", () => {
  it("cancel twice writes one change; resume brings renewal back; another user's subscription is NOT_FOUND", async () => {
    const tier = await makeTier(app);
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: tier.id });
    const token = await user.token();
    await app.ok(CANCEL, {}, { token });
    const twice = await app.ok(CANCEL, {}, { token });
    expect(twice.cancelSubscription).toMatchObject({ cancelAtPeriodEnd: true, status: "ACTIVE", isEntitled: true });
    expect(await historyCount(sub.id)).toBe(1);

    const stranger = await makeUser(app);
    const id = gid("UserSubscription", sub.id);
    expect(errorCode(await app.gql(RESUME, { id }, { token: await stranger.token() }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(RESUME, {}, { token: await stranger.token() }))).toBe("NOT_FOUND");

    const resumed = await app.ok(RESUME, { id }, { token });
    expect(resumed.resumeSubscription.cancelAtPeriodEnd).toBe(false);
    const admin = await makeUser(app, { admin: true });
    const byAdmin = await app.ok(CANCEL, { id, atPeriodEnd: false }, { token: await admin.token() });
    expect(byAdmin.cancelSubscription.status).toBe("CANCELED");
    expect(await app.prisma.auditLog.findFirst({ where: { entityId: sub.id, actorId: admin.id } })).not.toBeNull();
  });

  it("changeTier takes effect at the next period (upgrades too); the current tier again withdraws it", async () => {
    const basic = await makeTier(app, { maxSyncsPerMonth: 2, monthlyCredits: 1 });
    const premium = await makeTier(app, { maxSyncsPerMonth: 20, monthlyCredits: 7, priceMonthly: "19.99" });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: basic.id });
    let token = await user.token();
    const scheduled = await app.ok(CHANGE, { tier: gid("SubscriptionTier", premium.id) }, { token });
    expect(scheduled.changeTier).toMatchObject({ tier: { slug: basic.slug }, pendingTier: { slug: premium.slug } });
    const withdrawn = await app.ok(CHANGE, { tier: gid("SubscriptionTier", basic.id) }, { token });
    expect(withdrawn.changeTier.pendingTier).toBeNull();
    await app.ok(CHANGE, { tier: gid("SubscriptionTier", premium.id) }, { token });
    const v = await app.ok(VIEWER, {}, { token });
    expect(v.viewer.subscription.quotas.find((q: { kind: string }) => q.kind === "SYNC")).toMatchObject({ limit: 2 });
    expect(v.viewer.subscription.history.edges.map((e: { node: { type: string } }) => e.node.type)).toEqual(["tier_change_scheduled", "tier_change_cleared", "tier_change_scheduled"]);

    app.clock.set(new Date(sub.currentPeriodEnd.getTime() + 1000));
    try {
      await runRollover(app.runtime);
      token = await user.token();
      const after = await app.ok(VIEWER, {}, { token });
      expect(after.viewer.subscription).toMatchObject({ status: "ACTIVE", tier: { slug: premium.slug }, pendingTier: null });
      expect(after.viewer.subscription.quotas.find((q: { kind: string }) => q.kind === "SYNC")).toMatchObject({ used: 0, limit: 20 });
      expect(await creditBalanceOf(app, user.id)).toBe(7);
      await app.ok(CANCEL, {}, { token });
      const refused = await app.gql(CHANGE, { tier: gid("SubscriptionTier", basic.id) }, { token });
      expect(refused.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "CANCEL_SCHEDULED" });
    } finally {
      app.clock.reset();
    }
  });
});

describe("viewer.subscription", () => {
  it("shows tier, status, period, pending tier and every quota; only to the user and admins", async () => {
    const tier = await makeTier(app, { maxSyncsPerMonth: 5, maxAiAnalysesPerMonth: 2, maxSeoSubmissionsPerMonth: 1, maxSocialAccounts: 3 });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: tier.id, syncsUsed: 4 });
    const token = await user.token();
    const r = await app.ok(VIEWER, {}, { token });
    expect(r.viewer.subscription).toMatchObject({ id: gid("UserSubscription", sub.id), status: "ACTIVE", tier: { slug: tier.slug }, pendingTier: null, cancelAtPeriodEnd: false });
    const resetsAt = sub.currentPeriodEnd.toISOString();
    expect(r.viewer.subscription.quotas).toEqual([
      { kind: "SYNC", used: 4, limit: 5, remaining: 1, resetsAt },
      { kind: "AI_ANALYSIS", used: 0, limit: 2, remaining: 2, resetsAt },
      { kind: "SEO_SUBMISSION", used: 0, limit: 1, remaining: 1, resetsAt },
      { kind: "SOCIAL_ACCOUNT", used: 0, limit: 3, remaining: 3, resetsAt: null },
    ]);

    const stranger = await makeUser(app);
    const q = `query($id: ID!) { node(id: $id) { id ... on User { subscription { id } } ... on UserSubscription { status } } }`;
    const viaUser = await app.gql(q, { id: user.gid }, { token: await stranger.token() });
    expect(errorCode(viaUser)).toBe("FORBIDDEN");
    const viaNode = await app.gql(q, { id: gid("UserSubscription", sub.id) }, { token: await stranger.token() });
    expect(viaNode.errors).toBeUndefined();
    expect(viaNode.data.node).toBeNull();
    const admin = await makeUser(app, { admin: true });
    const byAdmin = await app.ok(q, { id: user.gid }, { token: await admin.token() });
    expect(byAdmin.node.subscription.id).toBe(gid("UserSubscription", sub.id));
    expect((await app.ok(`{ viewer { subscription { id } } }`, {}, { token: await stranger.token() })).viewer.subscription).toBeNull();
  });
});
