// The provider paths: subscribe through Stripe (an offline stand-in for Stripe's API; webhook
// signatures are real), Stripe subscription and invoice events, RevenueCat events — the
// lifecycle table for provider events, and replays that change nothing.
import { runRollover } from "../../src/domains/subscriptions/rollover.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import {
  creditBalanceOf,
  DAY_MS,
  FakeStripeBilling,
  gid,
  makeSubscription,
  makeTier,
  makeUser,
  postStripeEvent,
  STRIPE_ENV,
  stripeInvoice,
  stripeSubscription,
} from "../helpers/factories/subscriptions.ts";

const RC_SECRET = "rc-shared-secret-for-tests";
let app: TestApp;
let billing: FakeStripeBilling;
beforeAll(async () => {
  app = await createTestApp({ env: { ...STRIPE_ENV, REVENUECAT_WEBHOOK_SECRET: RC_SECRET } });
  billing = new FakeStripeBilling(app.clock.now);
  app.runtime.services.stripeBilling = billing;
});
afterAll(() => app.close());
afterEach(() => app.clock.reset());

const SUBSCRIBE = `mutation($tier: ID!, $key: String!) { subscribe(tierId: $tier, idempotencyKey: $key) {
  subscription { id status provider cancelAtPeriodEnd } paymentClientSecret requiresPayment } }`;
let seq = 0;
const evtId = () => `evt_test_${++seq}_${process.pid}`;
const now = () => app.clock.now();
const historyTypes = async (subscriptionId: string) =>
  (await app.prisma.subscriptionEvent.findMany({ where: { subscriptionId }, orderBy: { createdAt: "asc" } })).map((e) => e.type);

describe("subscribing through Stripe", () => {
  it("creates the local subscription from Stripe's answer and links the customer", async () => {
    const tier = await makeTier(app, { stripePriceIdMonthly: "price_basic_m", monthlyCredits: 3 });
    const user = await makeUser(app);
    billing.nextStatus = "active";
    const r = await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", tier.id), key: "stripe-key-0001" }, { token: await user.token() });
    expect(r.subscribe).toMatchObject({ requiresPayment: false, paymentClientSecret: null, subscription: { status: "ACTIVE", provider: "STRIPE" } });
    const created = billing.calls.find((c) => c.method === "createSubscription")!.args[0] as { priceId: string; idempotencyKey: string; metadata: Record<string, string> };
    expect(created).toMatchObject({ priceId: "price_basic_m", metadata: { userId: user.id, tierId: tier.id, billingPeriod: "MONTHLY" } });
    expect((await app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).stripeCustomerId).toMatch(/^cus_/);
    expect(await creditBalanceOf(app, user.id)).toBe(3);
  });

  it("waits for the first payment: no subscription until Stripe says it is active; replays change nothing", async () => {
    const tier = await makeTier(app, { stripePriceIdMonthly: "price_plus_m" });
    const user = await makeUser(app);
    billing.nextStatus = "incomplete";
    const r = await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", tier.id), key: "stripe-key-0002" }, { token: await user.token() });
    billing.nextStatus = "active";
    expect(r.subscribe).toEqual({ subscription: null, paymentClientSecret: "pi_secret_test", requiresPayment: true });
    expect(await app.prisma.subscription.count({ where: { userId: user.id } })).toBe(0);

    const created = billing.calls.filter((c) => c.method === "createSubscription").at(-1)!.args[0] as { metadata: Record<string, string> };
    const paid = stripeSubscription({ id: "sub_incomplete_1", status: "active", priceId: "price_plus_m", start: now(), end: new Date(now().getTime() + 30 * DAY_MS), metadata: created.metadata });
    const event = { id: evtId(), type: "customer.subscription.updated", data: { object: paid } };
    expect(await postStripeEvent(app, event)).toEqual({ status: 200, body: { received: true, outcome: "processed" } });
    const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: user.id } });
    expect(sub).toMatchObject({ status: "ACTIVE", provider: "STRIPE", providerSubscriptionId: "sub_incomplete_1", tierId: tier.id, idempotencyKey: "stripe-key-0002" });
    expect(await postStripeEvent(app, event)).toEqual({ status: 200, body: { received: true, outcome: "duplicate" } });
    // the same state again under a new event id changes nothing either
    expect((await postStripeEvent(app, { ...event, id: evtId() })).body.outcome).toBe("processed");
    expect(await historyTypes(sub.id)).toEqual(["created"]);
  });

  it("rejects an unsigned event", async () => {
    const res = await app.yoga.fetch("http://test/webhooks/stripe", { method: "POST", headers: { "stripe-signature": "t=1,v1=bad" }, body: "{}" });
    expect(res.status).toBe(400);
  });
});

describe("the lifecycle table for provider events", () => {
  type From = { status: "TRIALING" | "ACTIVE" | "PAST_DUE" | "CANCELED"; cancelAtPeriodEnd?: boolean };
  type Event = (ctx: { providerId: string; start: Date; end: Date; priceId: string }) => { type: string; object: unknown };
  const next = (end: Date) => new Date(end.getTime() + 30 * DAY_MS);
  const rows: [string, From, Event, { status: string; cancelAtPeriodEnd: boolean; history: string[] }][] = [
    ["payment fails", { status: "ACTIVE" }, (c) => ({ type: "invoice.payment_failed", object: stripeInvoice({ id: `in_${c.providerId}`, subscription: c.providerId, billingReason: "subscription_cycle", start: c.start, end: c.end }) }), { status: "PAST_DUE", cancelAtPeriodEnd: false, history: ["past_due"] }],
    ["payment recovered", { status: "PAST_DUE" }, (c) => ({ type: "invoice.paid", object: stripeInvoice({ id: `in_${c.providerId}`, subscription: c.providerId, billingReason: "manual", start: c.start, end: c.end }) }), { status: "ACTIVE", cancelAtPeriodEnd: false, history: ["activated"] }],
    ["renewal invoice paid", { status: "ACTIVE" }, (c) => ({ type: "invoice.paid", object: stripeInvoice({ id: `in_${c.providerId}`, subscription: c.providerId, billingReason: "subscription_cycle", start: c.end, end: next(c.end) }) }), { status: "ACTIVE", cancelAtPeriodEnd: false, history: ["renewed"] }],
    ["trial converts", { status: "TRIALING" }, (c) => ({ type: "customer.subscription.updated", object: stripeSubscription({ id: c.providerId, status: "active", priceId: c.priceId, start: c.end, end: next(c.end) }) }), { status: "ACTIVE", cancelAtPeriodEnd: false, history: ["renewed"] }],
    ["renewal fails", { status: "ACTIVE" }, (c) => ({ type: "customer.subscription.updated", object: stripeSubscription({ id: c.providerId, status: "past_due", priceId: c.priceId, start: c.end, end: next(c.end) }) }), { status: "PAST_DUE", cancelAtPeriodEnd: false, history: ["renewed"] }],
    ["cancel at period end (from Stripe)", { status: "ACTIVE" }, (c) => ({ type: "customer.subscription.updated", object: stripeSubscription({ id: c.providerId, status: "active", priceId: c.priceId, start: c.start, end: c.end, cancelAtPeriodEnd: true }) }), { status: "ACTIVE", cancelAtPeriodEnd: true, history: ["cancel_scheduled"] }],
    ["ended early", { status: "ACTIVE" }, (c) => ({ type: "customer.subscription.deleted", object: stripeSubscription({ id: c.providerId, status: "canceled", priceId: c.priceId, start: c.start, end: c.end, endedAt: now() }) }), { status: "CANCELED", cancelAtPeriodEnd: false, history: ["canceled"] }],
    ["ran out", { status: "ACTIVE", cancelAtPeriodEnd: true }, (c) => ({ type: "customer.subscription.deleted", object: stripeSubscription({ id: c.providerId, status: "canceled", priceId: c.priceId, start: c.start, end: c.end, endedAt: c.end }) }), { status: "EXPIRED", cancelAtPeriodEnd: true, history: ["expired"] }],
    ["a final state ignores a late payment", { status: "CANCELED" }, (c) => ({ type: "invoice.paid", object: stripeInvoice({ id: `in_${c.providerId}`, subscription: c.providerId, billingReason: "subscription_cycle", start: c.end, end: next(c.end) }) }), { status: "CANCELED", cancelAtPeriodEnd: false, history: [] }],
  ];

  it.each(rows)("Stripe: %s — %o", async (_name, from, event, to) => {
    const tier = await makeTier(app, { stripePriceIdMonthly: `price_${seq + 1}`, monthlyCredits: 2 });
    const user = await makeUser(app);
    const providerId = `sub_table_${++seq}`;
    const start = new Date(now().getTime() - 10 * DAY_MS);
    const end = new Date(now().getTime() + 20 * DAY_MS);
    const sub = await makeSubscription(app, {
      userId: user.id,
      tierId: tier.id,
      provider: "STRIPE",
      providerSubscriptionId: providerId,
      status: from.status,
      cancelAtPeriodEnd: from.cancelAtPeriodEnd ?? false,
      pastDueSince: from.status === "PAST_DUE" ? new Date(now().getTime() - DAY_MS) : null,
      currentPeriodStart: start,
      currentPeriodEnd: end,
    });
    const e = event({ providerId, start, end, priceId: tier.stripePriceIdMonthly! });
    const posted = { id: evtId(), type: e.type, data: { object: e.object } };
    expect((await postStripeEvent(app, posted)).body.outcome).toBe("processed");
    const after = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect({ status: after.status, cancelAtPeriodEnd: after.cancelAtPeriodEnd, history: await historyTypes(sub.id) }).toEqual(to);
    const notices = await app.prisma.notification.count({ where: { userId: user.id, type: "SUBSCRIPTION_PAST_DUE", relatedEntityId: sub.id } });
    expect(notices).toBe(to.status === "PAST_DUE" && from.status !== "PAST_DUE" ? 1 : 0);
    if (to.status === "PAST_DUE") expect(after.pastDueSince).not.toBeNull();
    if (to.status === "ACTIVE") expect(after.pastDueSince).toBeNull();
    const balance = await creditBalanceOf(app, user.id);
    expect(balance).toBe(to.status === "ACTIVE" && from.status !== "ACTIVE" ? 2 : to.history.includes("renewed") && to.status === "ACTIVE" ? 2 : 0);
    // a replay of the same event changes nothing
    expect((await postStripeEvent(app, posted)).body.outcome).toBe("duplicate");
    expect(await historyTypes(sub.id)).toEqual(to.history);
    expect(await creditBalanceOf(app, user.id)).toBe(balance);
  });

  it("Stripe: a price of another tier is scheduled for the next period", async () => {
    const basic = await makeTier(app, { stripePriceIdMonthly: "price_sched_basic" });
    const pro = await makeTier(app, { stripePriceIdMonthly: "price_sched_pro" });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: basic.id, provider: "STRIPE", providerSubscriptionId: "sub_sched" });
    await postStripeEvent(app, {
      id: evtId(),
      type: "customer.subscription.updated",
      data: { object: stripeSubscription({ id: "sub_sched", status: "active", priceId: "price_sched_pro", start: sub.currentPeriodStart, end: sub.currentPeriodEnd }) },
    });
    expect(await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ tierId: basic.id, pendingTierId: pro.id });
  });
});

describe("mutations on Stripe subscriptions go through Stripe", () => {
  it("cancel, resume, change tier, cancel now", async () => {
    const basic = await makeTier(app, { stripePriceIdMonthly: "price_mut_basic" });
    const pro = await makeTier(app, { stripePriceIdMonthly: "price_mut_pro" });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: basic.id, provider: "STRIPE", providerSubscriptionId: "sub_mut" });
    const token = await user.token();
    billing.calls = [];
    await app.ok(`mutation { cancelSubscription { cancelAtPeriodEnd } }`, {}, { token });
    await app.ok(`mutation { resumeSubscription { cancelAtPeriodEnd } }`, {}, { token });
    await app.ok(`mutation($t: ID!) { changeTier(tierId: $t) { pendingTier { id } } }`, { t: gid("SubscriptionTier", pro.id) }, { token });
    await app.ok(`mutation { cancelSubscription(atPeriodEnd: false) { status } }`, {}, { token });
    expect(billing.calls.map((c) => [c.method, ...c.args.slice(0, 2)])).toEqual([
      ["setCancelAtPeriodEnd", "sub_mut", true],
      ["setCancelAtPeriodEnd", "sub_mut", false],
      ["changePrice", "sub_mut", "price_mut_pro"],
      ["cancelNow", "sub_mut"],
    ]);
    expect(await historyTypes(sub.id)).toEqual(["cancel_scheduled", "resumed", "tier_change_scheduled", "canceled"]);
  });

  it("the job asks Stripe to end subscriptions of a retired tier at their period end", async () => {
    const tier = await makeTier(app, { stripePriceIdMonthly: "price_retired" });
    const user = await makeUser(app);
    const sub = await makeSubscription(app, { userId: user.id, tierId: tier.id, provider: "STRIPE", providerSubscriptionId: "sub_retired" });
    await app.prisma.subscriptionTier.update({ where: { id: tier.id }, data: { isActive: false } });
    billing.calls = [];
    await runRollover(app.runtime);
    const { retireStripeSubscriptions } = await import("../../src/domains/subscriptions/rollover.ts");
    expect(await retireStripeSubscriptions(app.runtime)).toMatchObject({ retired: 1, failed: 0 });
    expect(await retireStripeSubscriptions(app.runtime)).toMatchObject({ retired: 0 });
    expect(billing.calls).toEqual([{ method: "setCancelAtPeriodEnd", args: ["sub_retired", true] }]);
    expect(await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).toMatchObject({ status: "ACTIVE", cancelAtPeriodEnd: true, cancellationReason: "tier retired" });
  });
});

describe("RevenueCat", () => {
  async function post(event: Record<string, unknown>, auth: string | null = RC_SECRET) {
    const res = await app.yoga.fetch("http://test/webhooks/revenuecat", {
      method: "POST",
      headers: { "content-type": "application/json", ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ api_version: "1.0", event }),
    });
    return { status: res.status, body: (await res.json()) as { outcome?: string } };
  }
  const rc = (type: string, p: { userId: string; txn: string; start?: Date; end?: Date; entitlements?: string[]; extra?: Record<string, unknown> }) => ({
    id: `rc_${++seq}`,
    type,
    app_user_id: p.userId,
    original_transaction_id: p.txn,
    transaction_id: `${p.txn}_${seq}`,
    product_id: "questpod_premium_monthly",
    entitlement_ids: p.entitlements ?? ["premium"],
    period_type: "NORMAL",
    purchased_at_ms: (p.start ?? now()).getTime(),
    expiration_at_ms: (p.end ?? new Date(now().getTime() + 30 * DAY_MS)).getTime(),
    event_timestamp_ms: now().getTime(),
    store: "APP_STORE",
    environment: "PRODUCTION",
    ...p.extra,
  });

  let tierId: string;
  beforeAll(async () => {
    tierId = (await makeTier(app, { revenueCatEntitlement: "premium", monthlyCredits: 4 })).id;
  });

  it("authenticates with the shared secret and rejects malformed bodies", async () => {
    const user = await makeUser(app);
    expect((await post(rc("TEST", { userId: user.id, txn: "t0" }), null)).status).toBe(401);
    expect((await post(rc("TEST", { userId: user.id, txn: "t0" }), "wrong-secret-wrong-secret")).status).toBe(401);
    const res = await app.yoga.fetch("http://test/webhooks/revenuecat", { method: "POST", headers: { authorization: RC_SECRET }, body: "not json" });
    expect(res.status).toBe(400);
    expect((await post({ type: "RENEWAL" })).status).toBe(400);
    expect((await post(rc("TEST", { userId: user.id, txn: "t0" }))).body.outcome).toBe("ignored");
  });

  it("walks a store subscription through trial, renewal, billing issue, cancellation and expiry; replays change nothing", async () => {
    const user = await makeUser(app);
    const trialEnd = new Date(now().getTime() + 7 * DAY_MS);
    const initial = rc("INITIAL_PURCHASE", { userId: user.id, txn: "txn_1", end: trialEnd, extra: { period_type: "TRIAL" } });
    expect((await post(initial)).body.outcome).toBe("processed");
    expect((await post(initial)).body.outcome).toBe("duplicate");
    let sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: user.id } });
    expect(sub).toMatchObject({ status: "TRIALING", provider: "REVENUECAT", tierId, providerSubscriptionId: "txn_1", trialEnd });
    expect(sub.entitlements).toMatchObject({ premium: { productId: "questpod_premium_monthly", store: "APP_STORE", expiresAt: trialEnd.toISOString() } });
    expect(errorCode(await app.gql(`mutation { cancelSubscription { id } }`, {}, { token: await user.token() }))).toBe("CONFLICT");

    const renewal = rc("RENEWAL", { userId: user.id, txn: "txn_1", start: trialEnd, end: new Date(trialEnd.getTime() + 30 * DAY_MS) });
    expect((await post(renewal)).body.outcome).toBe("processed");
    expect((await post(renewal)).body.outcome).toBe("duplicate");
    expect(await creditBalanceOf(app, user.id)).toBe(4);

    await post(rc("BILLING_ISSUE", { userId: user.id, txn: "txn_1" }));
    expect((await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).status).toBe("PAST_DUE");
    await post(rc("RENEWAL", { userId: user.id, txn: "txn_1", start: trialEnd, end: new Date(trialEnd.getTime() + 30 * DAY_MS) }));
    await post(rc("CANCELLATION", { userId: user.id, txn: "txn_1", end: new Date(trialEnd.getTime() + 30 * DAY_MS), extra: { cancel_reason: "UNSUBSCRIBE" } }));
    sub = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(sub).toMatchObject({ status: "ACTIVE", cancelAtPeriodEnd: true, cancellationReason: "UNSUBSCRIBE" });
    await post(rc("UNCANCELLATION", { userId: user.id, txn: "txn_1" }));
    await post(rc("EXPIRATION", { userId: user.id, txn: "txn_1", end: sub.currentPeriodEnd, extra: { expiration_reason: "BILLING_ERROR" } }));
    sub = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(sub.status).toBe("EXPIRED");
    expect(await historyTypes(sub.id)).toEqual(["created", "renewed", "past_due", "activated", "cancel_scheduled", "resumed", "expired"]);
    expect(await creditBalanceOf(app, user.id)).toBe(0);

    // the lapsed subscriber buys again: a new row; the old one keeps its history
    app.clock.set(new Date(sub.currentPeriodEnd.getTime() + 5 * DAY_MS));
    await post(rc("RENEWAL", { userId: user.id, txn: "txn_1" }));
    const rows = await app.prisma.subscription.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows.map((r) => [r.status, r.providerSubscriptionId])).toEqual([
      ["EXPIRED", null],
      ["ACTIVE", "txn_1"],
    ]);
  });

  it("ignores events for unknown users and entitlements without a tier", async () => {
    expect((await post(rc("INITIAL_PURCHASE", { userId: "$RCAnonymousID:abc", txn: "txn_anon" }))).body.outcome).toBe("processed");
    expect(await app.prisma.subscription.count({ where: { providerSubscriptionId: "txn_anon" } })).toBe(0);
    const user = await makeUser(app);
    await post(rc("INITIAL_PURCHASE", { userId: user.id, txn: "txn_other", entitlements: ["unknown"] }));
    expect(await app.prisma.subscription.count({ where: { userId: user.id } })).toBe(0);
  });
});
