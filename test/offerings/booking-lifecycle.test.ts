// Booking lifecycle after booking: one reminder before the session (idempotent job, obeys the
// customer's notification settings), and the host's completed / no-show marks once it started.
import { bookingJobs } from "../../src/domains/offerings/lifecycle.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, key, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";

const BOOK = `mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id status } } }`;
const COMPLETE = `mutation($id: ID!) { markBookingCompleted(id: $id) { id status } }`;
const NO_SHOW = `mutation($id: ID!) { markBookingNoShow(id: $id) { id status } }`;
const CANCEL = `mutation($id: ID!) { cancelBooking(id: $id) { id status } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());
// The offerings are dated from today (the factory); each test starts with the clock at now.
beforeEach(() => app.clock.set(new Date()));

const runReminders = () => bookingJobs[0].run(app.runtime);
const tok = (id: string) => app.token(id);

async function booked(opts: { muted?: boolean } = {}) {
  const host = await makeCreator(app);
  const offering = await makeOffering(app, host.id);
  const fan = await makeUser(app);
  if (opts.muted) await app.prisma.userSettings.create({ data: { userId: fan.id, notificationPreferences: { BOOKING_REMINDER: { inApp: false } } } });
  const r = await app.ok(BOOK, { input: { offeringId: gid("Offering", offering.id), paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: await tok(fan.id) });
  const access = await app.prisma.offeringPortalAccess.findFirstOrThrow({ where: { userId: fan.id } });
  return { host, fan, bookingGid: r.bookOffering.booking.id as string, start: access.startsAt! };
}

describe("booking reminders", () => {
  it("sends one BOOKING_REMINDER within 24 h of the start, however often the job runs", async () => {
    const { fan, start } = await booked();
    await runReminders();
    expect(await app.prisma.notification.count({ where: { userId: fan.id, type: "BOOKING_REMINDER" } })).toBe(0); // 30 days ahead
    app.clock.set(new Date(start.getTime() - 12 * 3_600_000));
    await runReminders();
    await runReminders();
    const notes = await app.prisma.notification.findMany({ where: { userId: fan.id, type: "BOOKING_REMINDER" } });
    expect(notes).toHaveLength(1);
    expect(notes[0].message).toContain(start.toISOString().slice(0, 10));
  });

  it("respects a customer who switched booking reminders off", async () => {
    const { fan, start } = await booked({ muted: true });
    app.clock.set(new Date(start.getTime() - 3_600_000));
    await runReminders();
    expect(await app.prisma.notification.count({ where: { userId: fan.id, type: "BOOKING_REMINDER" } })).toBe(0);
    expect((await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: fan.id } })).reminderSentAt).not.toBeNull();
  });
});

describe("completed / no-show", () => {
  it("the host marks a started session completed (audited); not before it starts; not someone else", async () => {
    const { host, fan, bookingGid, start } = await booked();
    app.clock.set(new Date(start.getTime() - 60_000));
    const early = await app.gql(COMPLETE, { id: bookingGid }, { token: await tok(host.id) });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_STARTED" });
    app.clock.set(new Date(start.getTime() + 60_000));
    expect(errorCode(await app.gql(COMPLETE, { id: bookingGid }, { token: await tok(fan.id) }))).toBe("NOT_FOUND");
    const stranger = await makeCreator(app);
    expect(errorCode(await app.gql(NO_SHOW, { id: bookingGid }, { token: await tok(stranger.id) }))).toBe("NOT_FOUND");
    expect((await app.ok(COMPLETE, { id: bookingGid }, { token: await tok(host.id) })).markBookingCompleted.status).toBe("COMPLETED");
    expect(await app.prisma.auditLog.count({ where: { action: "booking.complete", actorId: host.id } })).toBe(1);
    // Marking again is a no-op; a completed booking is not turned into a no-show.
    await app.ok(COMPLETE, { id: bookingGid }, { token: await tok(host.id) });
    expect((await app.gql(NO_SHOW, { id: bookingGid }, { token: await tok(host.id) })).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_CONFIRMED" });
  });

  it("a no-show is recorded; a canceled booking cannot be marked", async () => {
    const a = await booked();
    const b = await booked();
    await app.ok(CANCEL, { id: b.bookingGid }, { token: await tok(b.host.id) });
    app.clock.set(new Date(a.start.getTime() + 60_000));
    expect((await app.ok(NO_SHOW, { id: a.bookingGid }, { token: await tok(a.host.id) })).markBookingNoShow.status).toBe("NO_SHOW");
    app.clock.set(new Date(b.start.getTime() + 60_000));
    expect((await app.gql(COMPLETE, { id: b.bookingGid }, { token: await tok(b.host.id) })).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_CONFIRMED" });
  });
});
