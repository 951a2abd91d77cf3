// Paid bookings on the Stripe path: the PENDING booking holds a seat until its payment settles.
import { jobs } from "../../src/domains/commerce/jobs.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { key, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";
import { installFakeStripe, paymentIntent, sendStripeEvent, WEBHOOK_SECRET } from "../helpers/fake-stripe.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET } });
  installFakeStripe(app);
});
afterAll(() => app.close());

const BOOK = `mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id status portalAccess { id } } checkout { status clientSecret providerPaymentId } } }`;

it("a pending booking holds the last seat; a failed payment frees it; a paid one is confirmed", async () => {
  const creator = await makeCreator(app);
  const offering = await makeOffering(app, creator.id, { price: "40.00", capacityType: "SMALL_GROUP", maxParticipants: 1 });
  const first = await makeUser(app);
  const second = await makeUser(app);
  const book = (u: { token: string }) => app.gql(BOOK, { input: { offeringId: offering.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: u.token });

  const a = await book(first);
  expect(a.data.bookOffering.booking).toMatchObject({ status: "PENDING", portalAccess: null });
  expect(a.data.bookOffering.checkout.clientSecret).toMatch(/_secret_test$/);
  expect((await book(second)).errors![0].extensions!.reason).toBe("SOLD_OUT");

  const paymentA = await app.prisma.payment.findFirstOrThrow({ where: { userId: first.id } });
  await sendStripeEvent(app, "payment_intent.payment_failed", paymentIntent({ id: a.data.bookOffering.checkout.providerPaymentId, paymentId: paymentA.id, amount: 4000, status: "requires_payment_method", error: "declined" }));
  expect((await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: first.id } })).status).toBe("CANCELED");
  expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(0);

  const b = await book(second);
  expect(b.data.bookOffering.booking.status).toBe("PENDING");
  const paymentB = await app.prisma.payment.findFirstOrThrow({ where: { userId: second.id } });
  await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: b.data.bookOffering.checkout.providerPaymentId, paymentId: paymentB.id, amount: 4000 }));
  const booked = await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: second.id }, include: { portalAccess: true } });
  expect(booked.status).toBe("CONFIRMED");
  expect(booked.portalAccess).not.toBeNull();

  // The first customer's card works after all: the seat is gone, so the late payment is refunded at once.
  await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: a.data.bookOffering.checkout.providerPaymentId, paymentId: paymentA.id, amount: 4000 }));
  const late = await app.prisma.payment.findUniqueOrThrow({ where: { id: paymentA.id } });
  expect(late).toMatchObject({ status: "REFUNDED", refundReason: "UNFULFILLABLE: BOOKING_CANCELED" });
  expect(late.metadata).toMatchObject({ providerRefund: "PENDING" });
  // The refund owed to Stripe goes out with the provider-refunds job.
  expect(await jobs.find((j) => j.name === "commerce.provider-refunds")!.run(app.runtime)).toEqual({ sent: 1, failed: 0 });
  expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: paymentA.id } })).metadata).toMatchObject({ providerRefund: "SENT" });
  expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(1);
});

it("a payment left PENDING past PAYMENT_PENDING_TTL_MINUTES fails and frees its seat; a late success is refunded", async () => {
  const creator = await makeCreator(app);
  const offering = await makeOffering(app, creator.id, { price: "15.00", maxParticipants: 3 });
  const customer = await makeUser(app);
  const r = await app.ok(BOOK, { input: { offeringId: offering.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: customer.token });
  expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(1);
  const expire = jobs.find((j) => j.name === "commerce.expire-pending-payments")!;
  const before = app.clock.now();
  app.clock.advance(23 * 60 * 60_000);
  expect(await expire.run(app.runtime)).toEqual({ failed: 0 });
  app.clock.advance(2 * 60 * 60_000);
  const result = (await expire.run(app.runtime)) as { failed: number };
  expect(result.failed).toBeGreaterThanOrEqual(1);
  const payment = await app.prisma.payment.findFirstOrThrow({ where: { userId: customer.id } });
  expect(payment).toMatchObject({ status: "FAILED", failureReason: "EXPIRED: not confirmed in time" });
  expect((await app.prisma.offeringBooking.findUniqueOrThrow({ where: { paymentId: payment.id } })).status).toBe("CANCELED");
  expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(0);
  await sendStripeEvent(app, "payment_intent.succeeded", paymentIntent({ id: r.bookOffering.checkout.providerPaymentId, paymentId: payment.id, amount: 1500 }));
  expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
  app.clock.set(before);
});
