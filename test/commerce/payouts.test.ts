// Creator payouts: Connect Express onboarding (local simulation and Stripe over a fake transport),
// the account.updated webhook, the earnings ledger a fan's payment writes, the payout run
// (hold period, batching, PAYOUT_SENT), refunds cancelling or reversing, and who may see it.
import { jobs } from "../../src/domains/commerce/jobs.ts";
import { decodeGlobalId } from "../../src/core/ids.ts";
import { stripeSdk } from "../../src/app/webhooks.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, key, makeAdmin, makeContent, makeCreator, makeUser, type TestUser } from "../helpers/factories/commerce.ts";
import { installFakeStripeConnect } from "../helpers/fake-stripe-connect.ts";

const CONNECT_SECRET = "whsec_test_connect_secret";
const T0 = new Date("2027-03-01T12:00:00.000Z");
const DAY = 86_400_000;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { STRIPE_CONNECT_WEBHOOK_SECRET: CONNECT_SECRET, PUBLIC_APP_URL: "https://app.example.test", PAYOUT_HOLD_DAYS: "7", PLATFORM_FEE_PERCENT: "30" } });
});
afterAll(() => app.close());
beforeEach(() => app.clock.set(T0));

const runPayouts = () => jobs.find((j) => j.name === "commerce.creator-payouts")!.run(app.runtime) as Promise<Record<string, number>>;

const START = `mutation { startPayoutOnboarding { url expiresAt account { status provider accountId payoutsEnabled } } }`;
const REFRESH = `mutation { refreshPayoutAccount { status detailsSubmitted payoutsEnabled payoutsEnabledAt requirementsDue } }`;
const EARNINGS = `query { viewer { earnings {
  balances { currency pending available paidOut reversalPending refunded }
  payoutAccount { status }
  entries { totalCount edges { node { id status grossAmount platformFeeAmount amount currency payout { id } } } }
  payouts { totalCount edges { node { id status amount currency transferId sentAt earnings { totalCount } } } }
} } }`;
const BUY = `mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) { purchase { id } checkout { status payment { id } } } }`;
const REFUND = `mutation($id: ID!) { refundPayment(paymentId: $id, reason: "customer asked") { status } }`;

async function buy(fan: TestUser, creatorId: string, price: string) {
  const c = await makeContent(app, creatorId, { price });
  const r = await app.ok(BUY, { id: c.gid, key: key() }, await as(fan));
  return (await app.prisma.purchase.findUniqueOrThrow({ where: { id: decodeId(r.purchaseContent.purchase.id) } })).paymentId;
}

// Tokens are signed at the test clock's time: sign a fresh one after moving the clock.
const as = async (u: TestUser) => ({ token: await app.token(u.id) });
const decodeId = (globalId: string) => decodeGlobalId(globalId).id;
const earnings = async (u: TestUser) => (await app.ok(EARNINGS, {}, await as(u))).viewer.earnings;
const refund = async (admin: TestUser, paymentId: string) => app.ok(REFUND, { id: gid("Payment", paymentId) }, await as(admin));
/** The payout run's effect on one creator (other tests' creators share the database). */
const payoutsOf = (creatorId: string) => app.prisma.creatorPayout.findMany({ where: { creatorId }, orderBy: { createdAt: "asc" } });

async function enabledLocalCreator() {
  const creator = await makeCreator(app);
  await app.ok(START, {}, { token: creator.token });
  await app.ok(REFRESH, {}, { token: creator.token });
  return creator;
}

describe("onboarding with the local provider (offline simulation)", () => {
  it("creates the account once, links back to the return page, and enables payouts on return", async () => {
    const creator = await makeCreator(app);
    const a = (await app.ok(START, {}, { token: creator.token })).startPayoutOnboarding;
    expect(a.account).toMatchObject({ status: "ONBOARDING", provider: "local", payoutsEnabled: false });
    expect(a.url).toBe(`https://app.example.test/creator/payouts/return?account=${a.account.accountId}&simulated=1`);
    const user = await app.prisma.user.findUniqueOrThrow({ where: { id: creator.id }, include: { creatorProfile: true } });
    expect(user.stripeConnectAccountId).toBe(a.account.accountId);
    expect(user.creatorProfile!.payoutAccount).toBe(a.account.accountId);

    const again = (await app.ok(START, {}, { token: creator.token })).startPayoutOnboarding;
    expect(again.account.accountId).toBe(a.account.accountId);
    expect(await app.prisma.creatorPayoutAccount.count({ where: { userId: creator.id } })).toBe(1);

    const r = (await app.ok(REFRESH, {}, { token: creator.token })).refreshPayoutAccount;
    expect(r).toMatchObject({ status: "ENABLED", detailsSubmitted: true, payoutsEnabled: true });
    expect(Math.abs(new Date(r.payoutsEnabledAt).getTime() - T0.getTime())).toBeLessThan(60_000);
    const row = await app.prisma.creatorPayoutAccount.findUniqueOrThrow({ where: { userId: creator.id } });
    expect(await app.prisma.auditLog.count({ where: { entityId: row.id, action: { in: ["payout_account.create", "payout_account.status"] } } })).toBe(2);
  });

  it("members cannot onboard; refreshing without an account is NOT_FOUND", async () => {
    const member = await makeUser(app);
    expect(errorCode(await app.gql(START, {}, { token: member.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(START, {}, {}))).toBe("UNAUTHENTICATED");
    const creator = await makeCreator(app);
    expect(errorCode(await app.gql(REFRESH, {}, { token: creator.token }))).toBe("NOT_FOUND");
  });
});

describe("the money path: a fan's payment → the creator's earnings → a payout", () => {
  it("books the creator share, holds it, pays it out once, and tells the creator", async () => {
    const creator = await enabledLocalCreator();
    const fan = await makeUser(app);
    await buy(fan, creator.id, "10.00");
    await buy(fan, creator.id, "4.99");

    let e = await earnings(creator);
    // 30 % fee: 10.00 → 7.00, 4.99 → fee 1.50 (half-up), share 3.49.
    expect(e.balances).toEqual([{ currency: "USD", pending: "10.49", available: "0.00", paidOut: "0.00", reversalPending: "0.00", refunded: "0.00" }]);
    expect(e.entries.edges.map((x: any) => x.node.amount).sort()).toEqual(["3.49", "7.00"]);
    expect(e.entries.edges.find((x: any) => x.node.amount === "3.49").node).toMatchObject({ grossAmount: "4.99", platformFeeAmount: "1.50", status: "PENDING" });

    // Within the hold nothing is paid.
    await runPayouts();
    expect(await payoutsOf(creator.id)).toHaveLength(0);
    app.clock.set(new Date(T0.getTime() + 7 * DAY + 3_600_000));
    expect((await earnings(creator)).balances[0].available).toBe("10.49");
    await runPayouts();
    expect((await payoutsOf(creator.id)).map((p) => p.status)).toEqual(["SENT"]);

    e = await earnings(creator);
    expect(e.balances[0]).toMatchObject({ pending: "0.00", available: "0.00", paidOut: "10.49" });
    expect(e.payouts.totalCount).toBe(1);
    expect(e.payouts.edges[0].node).toMatchObject({ status: "SENT", amount: "10.49", currency: "USD", earnings: { totalCount: 2 } });
    expect(e.payouts.edges[0].node.transferId).toMatch(/^tr_local_/);
    expect(e.entries.edges.every((x: any) => x.node.status === "PAID" && x.node.payout.id === e.payouts.edges[0].node.id)).toBe(true);
    const note = await app.prisma.notification.findFirstOrThrow({ where: { userId: creator.id, type: "PAYOUT_SENT" } });
    expect(note.title).toBe("Payout sent: 10.49 USD");

    // Running again changes nothing.
    await runPayouts();
    expect(await payoutsOf(creator.id)).toHaveLength(1);
    expect(await app.prisma.notification.count({ where: { userId: creator.id, type: "PAYOUT_SENT" } })).toBe(1);
  });

  it("a refund before the payout takes the earning off the balance; after the payout it reverses the transfer", async () => {
    const creator = await enabledLocalCreator();
    const fan = await makeUser(app);
    const admin = await makeAdmin(app);
    const early = await buy(fan, creator.id, "10.00");
    const late = await buy(fan, creator.id, "20.00");
    await refund(admin, early);
    expect((await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId: early } })).status).toBe("CANCELED");

    app.clock.set(new Date(T0.getTime() + 8 * DAY));
    await runPayouts();
    const [payout] = await payoutsOf(creator.id);
    expect(payout).toMatchObject({ status: "SENT" });
    expect(payout.amount.toFixed(2)).toBe("14.00");

    await refund(admin, late);
    expect((await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId: late } })).status).toBe("REVERSAL_PENDING");
    expect((await earnings(creator)).balances[0]).toMatchObject({ paidOut: "0.00", reversalPending: "14.00", refunded: "7.00" });

    await runPayouts();
    const rev = await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId: late } });
    expect(rev).toMatchObject({ status: "REVERSED", reversalId: `trr_local_${rev.id}` });
    expect((await earnings(creator)).balances[0]).toMatchObject({ pending: "0.00", paidOut: "0.00", reversalPending: "0.00", refunded: "21.00" });
    await runPayouts();
    expect(await payoutsOf(creator.id)).toHaveLength(1);
    expect(await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId: late } })).toMatchObject({ reversalAttempts: 1 });
  });

  it("waits for creators who have not onboarded, and books nothing for platform items", async () => {
    const creator = await makeCreator(app);
    const fan = await makeUser(app);
    await buy(fan, creator.id, "5.00");
    app.clock.set(new Date(T0.getTime() + 30 * DAY));
    await runPayouts();
    expect(await payoutsOf(creator.id)).toHaveLength(0);
    expect((await earnings(creator)).balances[0]).toMatchObject({ pending: "3.50", available: "3.50" });
    // Onboarding later releases it with the next run.
    await app.ok(START, {}, await as(creator));
    await app.ok(REFRESH, {}, await as(creator));
    await runPayouts();
    expect((await payoutsOf(creator.id)).map((p) => [p.status, p.amount.toFixed(2)])).toEqual([["SENT", "3.50"]]);

    const admin = await makeAdmin(app);
    const c = await makeContent(app, admin.id, { price: "9.00" });
    const r = await app.ok(BUY, { id: c.gid, key: key() }, await as(fan));
    const p = (await app.prisma.purchase.findUniqueOrThrow({ where: { id: decodeId(r.purchaseContent.purchase.id) } })).paymentId;
    expect(await app.prisma.creatorEarning.count({ where: { paymentId: p } })).toBe(0);
  });

  it("earnings are private: others get FORBIDDEN on the field and null from node(id)", async () => {
    const creator = await enabledLocalCreator();
    const fan = await makeUser(app);
    await buy(fan, creator.id, "6.00");
    const entryId = (await earnings(creator)).entries.edges[0].node.id;
    const other = await makeUser(app);
    const r = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: entryId }, { token: other.token });
    expect(r.data.node).toBeNull();
    const field = await app.gql(`query($id: ID!) { node(id: $id) { ... on User { earnings { balances { pending } } } } }`, { id: creator.gid }, { token: other.token });
    expect(errorCode(field)).toBe("FORBIDDEN");
    const admin = await makeAdmin(app);
    const seen = await app.ok(`query($id: ID!) { node(id: $id) { ... on User { earnings { balances { pending } } } } }`, { id: creator.gid }, { token: admin.token });
    expect(seen.node.earnings.balances[0].pending).toBe("4.20");
  });
});

describe("Stripe Connect (official SDK over a fake transport)", () => {
  let fake: ReturnType<typeof installFakeStripeConnect>;
  beforeAll(() => {
    fake = installFakeStripeConnect(app);
  });
  afterAll(() => {
    // Back to the local simulation for any later test in this file.
    app.runtime.services.connect = { active: app.runtime.services.connect.byName("local")!, byName: app.runtime.services.connect.byName };
  });

  async function sendConnectEvent(type: string, object: Record<string, unknown>, opts: { id?: string; created?: number; secret?: string } = {}) {
    const event = { id: opts.id ?? `evt_connect_${Math.random().toString(36).slice(2)}`, object: "event", api_version: "2025-01-01", created: opts.created ?? Math.floor(T0.getTime() / 1000), type, account: object.id, data: { object } };
    const payload = JSON.stringify(event);
    const signature = stripeSdk().webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? CONNECT_SECRET });
    const res = await app.yoga.fetch("http://test/webhooks/stripe/connect", { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: payload });
    return { status: res.status, body: (await res.json()) as { outcome?: string }, id: event.id };
  }

  it("onboards through an Express account and account links; account.updated enables payouts, replay-safe and order-tolerant", async () => {
    const creator = await makeCreator(app);
    const s = (await app.ok(START, {}, { token: creator.token })).startPayoutOnboarding;
    expect(s.account).toMatchObject({ provider: "stripe", status: "ONBOARDING" });
    expect(s.url).toMatch(new RegExp(`^https://connect\\.stripe\\.test/setup/${s.account.accountId}/`));
    const create = fake.calls.find((c) => c.path === "/v1/accounts" && c.idempotencyKey === `connect-account:${creator.id}`)!;
    expect(create.params.get("type")).toBe("express");
    expect(create.params.get("capabilities[transfers][requested]")).toBe("true");
    const link = fake.calls.filter((c) => c.path === "/v1/account_links").at(-1)!;
    expect(link.params.get("return_url")).toBe("https://app.example.test/creator/payouts/return");
    expect(link.params.get("refresh_url")).toBe("https://app.example.test/creator/payouts/refresh");
    expect(link.params.get("type")).toBe("account_onboarding");

    // Returning before finishing: still onboarding, requirements listed.
    expect((await app.ok(REFRESH, {}, { token: creator.token })).refreshPayoutAccount).toMatchObject({ status: "ONBOARDING", requirementsDue: ["external_account", "tos_acceptance.date"] });

    const acct = fake.accounts.get(s.account.accountId)!;
    const enabled = { ...acct, details_submitted: true, charges_enabled: true, payouts_enabled: true, requirements: { currently_due: [] } };
    const t = Math.floor(T0.getTime() / 1000);
    const sent = await sendConnectEvent("account.updated", enabled, { created: t + 60 });
    expect(sent).toMatchObject({ status: 200, body: { outcome: "processed" } });
    let row = await app.prisma.creatorPayoutAccount.findUniqueOrThrow({ where: { userId: creator.id } });
    expect(row).toMatchObject({ status: "ENABLED", payoutsEnabled: true });
    expect((await sendConnectEvent("account.updated", enabled, { id: sent.id, created: t + 60 })).body.outcome).toBe("duplicate");
    // An older snapshot delivered late does not undo the newer state.
    expect((await sendConnectEvent("account.updated", acct as unknown as Record<string, unknown>, { created: t + 10 })).status).toBe(200);
    row = await app.prisma.creatorPayoutAccount.findUniqueOrThrow({ where: { userId: creator.id } });
    expect(row.status).toBe("ENABLED");
    // A newer one that pauses payouts is applied.
    await sendConnectEvent("account.updated", { ...enabled, payouts_enabled: false, requirements: { currently_due: ["individual.verification.document"] } }, { created: t + 120 });
    expect((await app.prisma.creatorPayoutAccount.findUniqueOrThrow({ where: { userId: creator.id } })).status).toBe("RESTRICTED");
    // Signed with another secret → 400, nothing stored.
    expect((await sendConnectEvent("account.updated", enabled, { secret: "whsec_wrong" })).status).toBe(400);
  });

  it("transfers the payout with an idempotency key, survives an outage, and reverses a later refund", async () => {
    const creator = await makeCreator(app);
    const s = (await app.ok(START, {}, { token: creator.token })).startPayoutOnboarding;
    const acct = fake.accounts.get(s.account.accountId)!;
    Object.assign(acct, { details_submitted: true, charges_enabled: true, payouts_enabled: true, requirements: { currently_due: [] } });
    await app.ok(REFRESH, {}, { token: creator.token });
    const fan = await makeUser(app);
    const admin = await makeAdmin(app);
    const paymentId = await buy(fan, creator.id, "12.50");

    app.clock.set(new Date(T0.getTime() + 8 * DAY));
    fake.state.fail = (c) => c.path === "/v1/transfers";
    await runPayouts();
    const [payout] = await payoutsOf(creator.id);
    expect(payout).toMatchObject({ status: "PENDING", attempts: 1 });
    expect(payout.lastError).toContain("down");
    fake.state.fail = null;
    await runPayouts();
    expect(await payoutsOf(creator.id)).toHaveLength(1);
    const transfers = fake.calls.filter((c) => c.path === "/v1/transfers");
    expect(new Set(transfers.map((c) => c.idempotencyKey))).toEqual(new Set([`payout:${payout.id}`]));
    const last = transfers.at(-1)!;
    expect(last.params.get("amount")).toBe("875");
    expect(last.params.get("currency")).toBe("usd");
    expect(last.params.get("destination")).toBe(s.account.accountId);
    const sentPayout = await app.prisma.creatorPayout.findUniqueOrThrow({ where: { id: payout.id } });
    expect(sentPayout.status).toBe("SENT");

    await refund(admin, paymentId);
    await runPayouts();
    const earning = await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId } });
    const reversal = fake.calls.find((c) => c.path === `/v1/transfers/${sentPayout.transferId}/reversals`)!;
    expect(reversal.params.get("amount")).toBe("875");
    expect(reversal.idempotencyKey).toBe(`reversal:${earning.id}`);
    expect(earning).toMatchObject({ status: "REVERSED", reversalId: expect.stringMatching(/^trr_test_/) });
  });

  it("a provider outage while onboarding answers SERVICE_UNAVAILABLE and writes nothing", async () => {
    const creator = await makeCreator(app);
    fake.state.fail = (c) => c.path === "/v1/accounts";
    const r = await app.gql(START, {}, { token: creator.token });
    fake.state.fail = null;
    expect(errorCode(r)).toBe("SERVICE_UNAVAILABLE");
    expect(await app.prisma.creatorPayoutAccount.count({ where: { userId: creator.id } })).toBe(0);
  });
});
