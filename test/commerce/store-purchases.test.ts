// App-store one-time purchases through RevenueCat (seed 000 mobile): NON_RENEWING_PURCHASE of a
// voice pack or content grants exactly what the web purchase grants (Purchase, Payment, access,
// the creator's earning); a replay changes nothing; the store's refund (CANCELLATION of that
// transaction) revokes it; unknown products are acknowledged and grant nothing.
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { key, makeAdmin, makeContent, makeCreator, makeUser, makeVoicePack } from "../helpers/factories/commerce.ts";

const RC_SECRET = "rc-shared-secret-for-store-tests";
let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { REVENUECAT_WEBHOOK_SECRET: RC_SECRET, PLATFORM_FEE_PERCENT: "30" } });
});
afterAll(() => app.close());

let seq = 0;
async function post(event: Record<string, unknown>) {
  const res = await app.yoga.fetch("http://test/webhooks/revenuecat", {
    method: "POST",
    headers: { authorization: `Bearer ${RC_SECRET}`, "content-type": "application/json" },
    body: JSON.stringify({ api_version: "1.0", event: { id: `rc-evt-${Date.now()}-${++seq}`, event_timestamp_ms: app.clock.now().getTime(), ...event } }),
  });
  return { status: res.status, body: (await res.json()) as { outcome?: string } };
}

const purchaseEvent = (userId: string, productId: string, transactionId: string, extra: Record<string, unknown> = {}) => ({
  type: "NON_RENEWING_PURCHASE",
  app_user_id: userId,
  product_id: productId,
  transaction_id: transactionId,
  original_transaction_id: transactionId,
  purchased_at_ms: app.clock.now().getTime(),
  store: "APP_STORE",
  environment: "PRODUCTION",
  ...extra,
});

const OWNED = `query { viewer { ownedVoicePacks { edges { node { voicePack { name } } } } purchases { edges { node { status amountPaid } } } } }`;
const ACCESS = `query($id: ID!) { node(id: $id) { ... on Content { viewerHasAccess } } }`;

describe("RevenueCat one-time purchases", () => {
  it("a voice pack bought in the app is owned like a web purchase; a replay or a re-sent transaction changes nothing", async () => {
    const admin = await makeAdmin(app);
    const pack = await makeVoicePack(app, { price: "3.99" });
    const product = `com.questpod.voices.${Date.now()}`;
    await app.ok(`mutation($id: ID!, $p: String!) { updateVoicePack(id: $id, storeProductId: $p) { storeProductId } }`, { id: pack.gid, p: product }, { token: admin.token });
    const fan = await makeUser(app);
    const txn = `store-txn-${key()}`;
    const first = await post(purchaseEvent(fan.id, product, txn, { price_in_purchased_currency: 3.99, currency: "USD" }));
    expect(first).toMatchObject({ status: 200, body: { outcome: "processed" } });
    const seen = (await app.ok(OWNED, {}, { token: fan.token })).viewer;
    expect(seen.ownedVoicePacks.edges.map((e: any) => e.node.voicePack.name)).toEqual([pack.name]);
    expect(seen.purchases.edges.map((e: any) => e.node)).toEqual([{ status: "COMPLETED", amountPaid: "3.99" }]);
    const payment = await app.prisma.payment.findFirstOrThrow({ where: { userId: fan.id } });
    expect(payment).toMatchObject({ provider: "revenuecat", providerPaymentId: `revenuecat:${txn}`, status: "COMPLETED", purpose: "VOICE_PACK" });
    expect(await app.prisma.notification.count({ where: { userId: fan.id, type: "PURCHASE_RECEIPT" } })).toBe(1);

    // RevenueCat re-sends the same purchase under a new event id: nothing new.
    expect((await post(purchaseEvent(fan.id, product, txn))).body.outcome).toBe("processed");
    expect(await app.prisma.payment.count({ where: { userId: fan.id } })).toBe(1);
    expect(await app.prisma.userVoicePack.count({ where: { userId: fan.id } })).toBe(1);
  });

  it("content bought in the app grants access and books the creator's share; the store's refund revokes both", async () => {
    const creator = await makeCreator(app);
    const content = await makeContent(app, creator.id, { price: "10.00" });
    const product = `com.questpod.content.${Date.now()}`;
    await app.prisma.content.update({ where: { id: content.id }, data: { storeProductId: product } });
    const fan = await makeUser(app);
    const txn = `store-txn-${key()}`;
    await post(purchaseEvent(fan.id, product, txn, { price_in_purchased_currency: 10, currency: "USD" }));
    expect((await app.ok(ACCESS, { id: content.gid }, { token: fan.token })).node.viewerHasAccess).toBe(true);
    const payment = await app.prisma.payment.findFirstOrThrow({ where: { userId: fan.id } });
    expect(payment.creatorPayoutAmount.toFixed(2)).toBe("7.00");
    expect(await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId: payment.id } })).toMatchObject({ creatorId: creator.id, status: "PENDING" });

    const refund = await post({ type: "CANCELLATION", app_user_id: fan.id, product_id: product, transaction_id: txn, original_transaction_id: txn, cancel_reason: "CUSTOMER_SUPPORT" });
    expect(refund.body.outcome).toBe("processed");
    expect((await app.ok(ACCESS, { id: content.gid }, { token: fan.token })).node.viewerHasAccess).toBe(false);
    const refunded = await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(refunded.status).toBe("REFUNDED");
    expect((refunded.metadata as Record<string, unknown>).providerRefund).toBeUndefined(); // the store refunded it; nothing owed
    expect((await app.prisma.creatorEarning.findUniqueOrThrow({ where: { paymentId: payment.id } })).status).toBe("CANCELED");
    expect((await app.prisma.purchase.findFirstOrThrow({ where: { paymentId: payment.id } })).status).toBe("REFUNDED");
  });

  it("unknown products and unknown users are acknowledged and grant nothing; an owned item is not charged twice", async () => {
    const fan = await makeUser(app);
    expect((await post(purchaseEvent(fan.id, "com.questpod.nothing", `t-${key()}`))).body.outcome).toBe("ignored");
    expect((await post(purchaseEvent("not-a-user", "com.questpod.nothing", `t-${key()}`))).body.outcome).toBe("ignored");
    expect(await app.prisma.payment.count({ where: { userId: fan.id } })).toBe(0);

    const pack = await makeVoicePack(app, { price: "1.99" });
    const product = `com.questpod.voices.owned.${Date.now()}`;
    await app.prisma.voicePack.update({ where: { id: pack.id }, data: { storeProductId: product } });
    await post(purchaseEvent(fan.id, product, `t-${key()}`));
    expect((await post(purchaseEvent(fan.id, product, `t-${key()}`))).body.outcome).toBe("ignored");
    expect(await app.prisma.payment.count({ where: { userId: fan.id } })).toBe(1);
  });

  it("a storeProductId is unique across voice packs (CONFLICT STORE_PRODUCT_TAKEN)", async () => {
    const admin = await makeAdmin(app);
    const product = `com.questpod.dup.${Date.now()}`;
    const C = `mutation($p: String!) { createVoicePack(name: "Dup", price: "1.00", voiceIds: ["v"], storeProductId: $p) { storeProductId } }`;
    expect((await app.ok(C, { p: product }, { token: admin.token })).createVoicePack.storeProductId).toBe(product);
    const again = await app.gql(C, { p: product }, { token: admin.token });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "STORE_PRODUCT_TAKEN" });
  });
});
