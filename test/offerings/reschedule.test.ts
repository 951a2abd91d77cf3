// Rescheduling: a booked slot of a bookable service moves to another free slot, keeping its seat;
// the customer within the notice window, the host until the session starts; audited, idempotent,
// race-free, the other party notified and the reminder re-armed.
import { bookingJobs } from "../../src/domains/offerings/lifecycle.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { futureDate, key, makeConsultation, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";

const BOOK = `mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id status scheduledAt } } }`;
const MOVE = `mutation($id: ID!, $input: RescheduleBookingInput!) { rescheduleBooking(id: $id, input: $input) { id status scheduledAt durationMinutes bookingDetails portalAccess { grantedAt } } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());
beforeEach(() => app.clock.set(new Date()));

const slot = (days: number, hh: string) => `${futureDate(days, app.clock.now())}T${hh}:00.000Z`;
const reasonOf = (r: { errors?: { extensions?: Record<string, unknown> }[] }) => [errorCode(r as never), r.errors?.[0]?.extensions?.reason ?? r.errors?.[0]?.extensions?.field];

async function consultation(extra: Record<string, unknown> = {}) {
  const host = await makeCreator(app);
  const offering = await makeConsultation(app, host.id, extra, { portalConfig: { access_before_days: 1 } });
  return { host, offering };
}
async function book(offeringGid: string, at: string) {
  const fan = await makeUser(app);
  const r = await app.ok(BOOK, { input: { offeringId: offeringGid, paymentMethod: "PURCHASE", idempotencyKey: key(), scheduledAt: at } }, { token: fan.token });
  expect(r.bookOffering.booking.status).toBe("CONFIRMED");
  return { fan, booking: r.bookOffering.booking.id as string };
}

it("the customer moves a booking to a free slot: same seat and payment, portal and session follow, host notified, audited once per key", async () => {
  const { host, offering } = await consultation();
  const { fan, booking } = await book(offering.gid, slot(3, "10:00"));
  const before = await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: fan.id } });
  const k = key();
  const r = (await app.ok(MOVE, { id: booking, input: { scheduledAt: slot(4, "11:00"), idempotencyKey: k, reason: "Train delayed" } }, { token: fan.token })).rescheduleBooking;
  expect(r).toMatchObject({ status: "CONFIRMED", scheduledAt: slot(4, "11:00"), durationMinutes: 60 });
  expect(r.bookingDetails.booked_sessions).toEqual([{ date: futureDate(4, app.clock.now()), time: "11:00" }]);
  expect(r.bookingDetails.reschedules).toHaveLength(1);
  expect(r.portalAccess.grantedAt).toBe(new Date(new Date(slot(4, "11:00")).getTime() - 86_400_000).toISOString());
  const after = await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: fan.id } });
  expect(after).toMatchObject({ paymentId: before.paymentId, amountPaid: before.amountPaid });
  expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(1);
  const note = await app.prisma.notification.findFirstOrThrow({ where: { userId: host.id, relatedEntityId: before.id } });
  expect(note.title).toBe(`Booking moved: ${offering.title}`);
  expect(note.message).toContain("Train delayed");

  // A retry with the same key changes nothing; the same key for another slot is refused.
  const again = (await app.ok(MOVE, { id: booking, input: { scheduledAt: slot(4, "11:00"), idempotencyKey: k } }, { token: fan.token })).rescheduleBooking;
  expect(again.bookingDetails.reschedules).toHaveLength(1);
  expect(reasonOf(await app.gql(MOVE, { id: booking, input: { scheduledAt: slot(5, "11:00"), idempotencyKey: k } }, { token: fan.token }))).toEqual(["CONFLICT", "IDEMPOTENCY_KEY_REUSED"]);
  expect(await app.prisma.auditLog.count({ where: { action: "booking.reschedule", entityId: before.id } })).toBe(1);
  // The old slot is free again for someone else.
  await book(offering.gid, slot(3, "10:00"));
});

it("refuses a taken slot, an off-grid time, a fixed-date offering and someone else's booking", async () => {
  const { offering } = await consultation();
  const { fan, booking } = await book(offering.gid, slot(3, "10:00"));
  await book(offering.gid, slot(3, "12:00"));
  const move = (at: string, token = fan.token, id = booking) => app.gql(MOVE, { id, input: { scheduledAt: at, idempotencyKey: key() } }, { token });
  expect(reasonOf(await move(slot(3, "12:00")))).toEqual(["CONFLICT", "SLOT_TAKEN"]);
  expect(reasonOf(await move(slot(3, "12:30")))).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
  expect(reasonOf(await move(slot(20, "10:00")))).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
  expect(reasonOf(await move(slot(3, "10:00")))).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
  const stranger = await makeUser(app);
  expect(reasonOf(await move(slot(3, "14:00"), stranger.token))).toEqual(["NOT_FOUND", undefined]);

  const host = await makeCreator(app);
  const event = await makeOffering(app, host.id, { price: "20.00" });
  const fan2 = await makeUser(app);
  const t = await app.ok(`mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id } } }`, { input: { offeringId: event.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: fan2.token });
  expect(reasonOf(await move(slot(3, "14:00"), fan2.token, t.bookOffering.booking.id))).toEqual(["CONFLICT", "NOT_RESCHEDULABLE"]); // a dated event cannot be moved
  expect(await app.prisma.auditLog.count({ where: { action: "booking.reschedule" } })).toBe(1); // only the first test's
});

it("inside the notice window the customer is refused; the host may still move it (customer notified, reminder re-armed)", async () => {
  const { host, offering } = await consultation({ reschedule_notice_hours: 48 });
  const { fan, booking } = await book(offering.gid, slot(3, "10:00"));
  app.clock.set(new Date(new Date(slot(3, "10:00")).getTime() - 20 * 3_600_000));
  await bookingJobs[0].run(app.runtime); // the reminder goes out (within 24 h)
  const row = await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: fan.id } });
  expect(row.reminderSentAt).not.toBeNull();

  const refused = await app.gql(MOVE, { id: booking, input: { scheduledAt: slot(5, "10:00"), idempotencyKey: key() } }, { token: await app.token(fan.id) });
  expect(reasonOf(refused)).toEqual(["CONFLICT", "TOO_LATE_TO_RESCHEDULE"]);
  expect(refused.errors![0].extensions).toMatchObject({ noticeHours: 48 });

  const moved = (await app.ok(MOVE, { id: booking, input: { scheduledAt: slot(5, "10:00"), idempotencyKey: key(), reason: "Host is ill" } }, { token: await app.token(host.id) })).rescheduleBooking;
  expect(moved.scheduledAt).toBe(slot(5, "10:00"));
  expect((await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: fan.id } })).reminderSentAt).toBeNull();
  const note = await app.prisma.notification.findFirstOrThrow({ where: { userId: fan.id, title: `Booking moved: ${offering.title}` } });
  expect(note.message).toContain("Your host moved your booking");

  // Once the session has started nobody moves it.
  app.clock.set(new Date(new Date(slot(5, "10:00")).getTime() + 60_000));
  expect(reasonOf(await app.gql(MOVE, { id: booking, input: { scheduledAt: slot(6, "10:00"), idempotencyKey: key() } }, { token: await app.token(host.id) }))).toEqual(["CONFLICT", "TOO_LATE_TO_RESCHEDULE"]);
});

it("two customers moving into the same free slot at once: one gets it", async () => {
  const { offering } = await consultation();
  const a = await book(offering.gid, slot(3, "10:00"));
  const b = await book(offering.gid, slot(3, "11:00"));
  const target = slot(4, "15:00");
  const results = await Promise.all([a, b].map((x) => app.gql(MOVE, { id: x.booking, input: { scheduledAt: target, idempotencyKey: key() } }, { token: x.fan.token })));
  expect(results.filter((r) => !r.errors)).toHaveLength(1);
  expect(results.filter((r) => r.errors).map(reasonOf)).toEqual([["CONFLICT", "SLOT_TAKEN"]]);
  expect(await app.prisma.offeringBooking.count({ where: { offeringId: offering.id, scheduledAt: new Date(target) } })).toBe(1);
});
