// The Stripe path: purchases create PaymentIntents through the official SDK (on a fake
// transport: no network), completion / failure / refund arrive as signed webhook events,
// replayed and out of order.
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { key, makeAdmin, makeContent, makeCreator, makeUser } from "../helpers/factories/commerce.ts";
import { installFakeStripe, paymentIntent, refundedCharge, sendStripeEvent, WEBHOOK_SECRET, type StripeCall } from "../helpers/fake-stripe.ts";

let app: TestApp;
let calls: StripeCall[];
beforeAll(async () => {
  app = await createTestApp({ env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  calls = installFakeStripe(app).calls;
});
afterAll(() => app.close());

const BUY = `mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) {
  purchase { id status } checkout { status provider providerPaymentId clientSecret payment { id } } } }`;
const ACCESS = `query($id: ID!) { node(id: $id) { ... on Content { viewerHasAccess mediaUrl } } }`;

async function pendingPurchase(price = "12.50") {
  const creator = await makeCreator(app);
  const buyer = await makeUser(app);
  const content = await makeContent(app, creator.id, { price });
  const r = await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
  const payment = await app.prisma.payment.findFirstOrThrow({ where: { userId: buyer.id } });
  return { buyer, content, r: r.purchaseContent, payment, pi: r.purchaseContent.checkout.providerPaymentId as string };
}

const access = async (buyer: { token: string }, content: { gid: string }) => (await app.ok(ACCESS, { id: content.gid }, { token: buyer.token })).node.viewerHasAccess;

describe("Stripe checkout", () => {
  it("creates a PaymentIntent and returns what the client confirms with; nothing is granted yet", async () => {
    const { r, payment, buyer, content } = await pendingPurchase("12.50");
    expect(r.purchase.status).toBe("PENDING");
    expect(r.checkout).toMatchObject({ status: "PENDING", provider: "stripe", clientSecret: `${r.checkout.providerPaymentId}_secret_test` });
    const call = calls.find((c) => c.params.get("metadata[paymentId]") === payment.id)!;
    expect(call.path).toBe("/v1/payment_intents");
    expect(call.params.get("amount")).toBe("1250");
    expect(call.params.get("currency")).toBe("usd");
    expect(call.idempotencyKey).toBe(`payment:${payment.id}`);
    expect(await access(buyer, content)).toBe(false);
  });

  it("a retried request gets the same purchase and the same PaymentIntent", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id);
    const k = key();
    const a = await app.ok(BUY, { id: content.gid, key: k }, { token: buyer.token });
    const b = await app.ok(BUY, { id: content.gid, key: k }, { token: buyer.token });
    expect(b.purchaseContent.purchase.id).toBe(a.purchaseContent.purchase.id);
    expect(b.purchaseContent.checkout.providerPaymentId).toBe(a.purchaseContent.checkout.providerPaymentId);
    expect(b.purchaseContent.checkout.clientSecret).toBe(a.purchaseContent.checkout.clientSecret);
    // A second request with a new key while the first waits for payment is refused, not a second charge.
    const c = await app.gql(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    expect(c.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "PURCHASE_IN_PROGRESS" });
    expect(await app.prisma.payment.count({ where: { userId: buyer.id } })).toBe(1);
  });
});

describe("POST /webhooks/stripe", () => {
  it("payment_intent.succeeded completes the purchase and grants access; a replay changes nothing", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase("12.50");
    const sent = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    expect(sent).toMatchObject({ status: 200, body: { received: true, outcome: "processed" } });
    expect(await access(buyer, content)).toBe(true);
    const purchase = await app.prisma.purchase.findFirstOrThrow({ where: { customerId: buyer.id } });
    expect(purchase).toMatchObject({ status: "COMPLETED", stripePaymentIntentId: pi });
    expect((await app.prisma.webhookEvent.findUniqueOrThrow({ where: { provider_eventId: { provider: "stripe", eventId: sent.eventId } } })).status).toBe("PROCESSED");

    const audits = await app.prisma.auditLog.count();
    const replay = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }), { id: sent.eventId });
    expect(replay).toMatchObject({ status: 200, body: { outcome: "duplicate" } });
    // The same fact under a new event id (Stripe retries with new ids too) is also harmless.
    const again = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    expect(again.body.outcome).toBe("processed");
    expect(await app.prisma.auditLog.count()).toBe(audits);
    expect(await app.prisma.contentAccess.count({ where: { userId: buyer.id } })).toBe(1);
    expect(await app.prisma.notification.count({ where: { userId: buyer.id, type: "PURCHASE_RECEIPT" } })).toBe(1);
  });

  it("refuses a bad or missing signature with 400 and writes nothing", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase();
    const before = await app.prisma.webhookEvent.count();
    const wrongSecret = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }), { secret: "whsec_someone_else" });
    expect(wrongSecret.status).toBe(400);
    const garbage = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }), { signature: "t=1,v1=deadbeef" });
    expect(garbage.status).toBe(400);
    const missing = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }), { signature: null });
    expect(missing.status).toBe(400);
    expect(await app.prisma.webhookEvent.count()).toBe(before);
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PENDING");
    expect(await access(buyer, content)).toBe(false);
  });

  it("finds the payment by our id in the metadata when the event overtakes our own bookkeeping", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase();
    await app.prisma.payment.update({ where: { id: payment.id }, data: { providerPaymentId: null } });
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    expect(await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "COMPLETED", providerPaymentId: pi });
    expect(await access(buyer, content)).toBe(true);
  });

  it("payment_intent.payment_failed fails the purchase; a late success still completes it", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase();
    await sendStripeEvent(app, "payment_intent.payment_failed", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250, status: "requires_payment_method", error: "Your card was declined." }));
    expect(await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "FAILED", failureReason: "Your card was declined." });
    expect((await app.prisma.purchase.findFirstOrThrow({ where: { paymentId: payment.id } })).status).toBe("FAILED");
    expect(await access(buyer, content)).toBe(false);
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("COMPLETED");
    expect(await access(buyer, content)).toBe(true);
  });

  it("a failure arriving after the success changes nothing", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase();
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    await sendStripeEvent(app, "payment_intent.payment_failed", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250, status: "requires_payment_method", error: "late" }));
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("COMPLETED");
    expect(await access(buyer, content)).toBe(true);
  });

  it("charge.refunded revokes the access; a refund that overtakes the success never grants", async () => {
    const first = await pendingPurchase();
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: first.pi, paymentId: first.payment.id, amount: 1250 }));
    expect(await access(first.buyer, first.content)).toBe(true);
    await sendStripeEvent(app, "charge.refunded", refundedCharge({ paymentIntentId: first.pi, amount: 1250 }));
    expect(await app.prisma.payment.findUniqueOrThrow({ where: { id: first.payment.id } })).toMatchObject({ status: "REFUNDED", refundReason: "requested_by_customer" });
    expect((await app.ok(ACCESS, { id: first.content.gid }, { token: first.buyer.token })).node).toEqual({ viewerHasAccess: false, mediaUrl: null });

    const second = await pendingPurchase();
    await sendStripeEvent(app, "charge.refunded", refundedCharge({ paymentIntentId: second.pi, amount: 1250 }));
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: second.pi, paymentId: second.payment.id, amount: 1250 }));
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: second.payment.id } })).status).toBe("REFUNDED");
    expect((await app.prisma.purchase.findFirstOrThrow({ where: { paymentId: second.payment.id } })).status).toBe("REFUNDED");
    expect(await app.prisma.contentAccess.count({ where: { userId: second.buyer.id } })).toBe(0);
    expect(await access(second.buyer, second.content)).toBe(false);
  });

  it("a partial refund is recorded but keeps the access", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase();
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    await sendStripeEvent(app, "charge.refunded", refundedCharge({ paymentIntentId: pi, amount: 1250, full: false }));
    const p = await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(p.status).toBe("COMPLETED");
    expect((p.metadata as Record<string, unknown>).partialRefundMinorUnits).toBe(625);
    expect(await access(buyer, content)).toBe(true);
  });

  it("an admin refund of a Stripe payment revokes at once and sends the refund to Stripe; the refund event confirms it", async () => {
    const admin = await makeAdmin(app);
    const { buyer, content, pi, payment } = await pendingPurchase();
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 1250 }));
    const paymentGid = (await app.ok(`{ viewer { payments { edges { node { id } } } } }`, {}, { token: buyer.token })).viewer.payments.edges[0].node.id;
    await app.ok(`mutation($id: ID!) { refundPayment(paymentId: $id, reason: "duplicate order") { status } }`, { id: paymentGid }, { token: admin.token });
    expect(await access(buyer, content)).toBe(false);
    const refundCall = calls.find((c) => c.path === "/v1/refunds" && c.params.get("payment_intent") === pi)!;
    expect(refundCall.idempotencyKey).toBe(`refund:${payment.id}`);
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).metadata).toMatchObject({ providerRefund: "SENT" });
    await sendStripeEvent(app, "charge.refunded", refundedCharge({ paymentIntentId: pi, amount: 1250 }));
    const p = await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(p).toMatchObject({ status: "REFUNDED", refundReason: "duplicate order" });
    expect(p.metadata).toMatchObject({ providerRefund: "CONFIRMED" });
    expect(await app.prisma.auditLog.count({ where: { action: "payment.refund", entityId: payment.id } })).toBe(1);
  });

  it("never grants when the amount paid differs from the price", async () => {
    const { buyer, content, pi, payment } = await pendingPurchase("12.50");
    await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: pi, paymentId: payment.id, amount: 100 }));
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("FAILED");
    expect(await access(buyer, content)).toBe(false);
  });

  it("leaves payments it does not settle (subscriptions) to their domain", async () => {
    const user = await makeUser(app);
    const p = await app.prisma.payment.create({ data: { userId: user.id, purpose: "SUBSCRIPTION", amount: "9.00", provider: "stripe", providerPaymentId: "pi_subscription_invoice", idempotencyKey: "sub-invoice-1" } });
    const r = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: "pi_subscription_invoice", amount: 900 }));
    expect(r.status).toBe(200);
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: p.id } })).status).toBe("PENDING");
  });

  it("accepts events about unknown payments without changing anything", async () => {
    const before = await app.prisma.payment.count({ where: { status: "COMPLETED" } });
    const r = await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: "pi_someone_elses", amount: 500 }));
    expect(r).toMatchObject({ status: 200, body: { outcome: "processed" } });
    expect(await app.prisma.payment.count({ where: { status: "COMPLETED" } })).toBe(before);
  });
});
