// Offerings: creating and publishing the six types with validated schedules; booking by
// purchase, credits and subscription; cancelling; portal access and resource visibility over time.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { futureDate, gid, giveCredits, key, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const CREATE = `mutation($input: CreateOfferingInput!) { createOffering(input: $input) { id status offeringType maxParticipants schedule slug } }`;
const BOOK = `mutation($input: BookOfferingInput!) { bookOffering(input: $input) {
  booking { id status paymentMethod amountPaid creditsUsed scheduledAt durationMinutes bookingDetails portalAccess { grantedAt expiresAt isActive } }
  checkout { status provider } } }`;
const DAY = 86_400_000;
/** YYYY-MM-DD `days` after the app's clock (UTC). */
const inDays = (days: number) => futureDate(days, app.clock.now());

const schedules = (): Record<string, unknown> => ({
  ONE_TIME_EVENT: { date: inDays(30), start_time: "19:00", duration_minutes: 120 },
  MULTI_DAY_PROGRAM: { start_date: inDays(30), end_date: inDays(33), daily_start_time: "09:00", daily_duration_minutes: 240, timezone: "Europe/Berlin" },
  RECURRING_FIXED: { pattern: "weekly", day: "tuesday", time: "18:00", duration_minutes: 60 },
  RECURRING_BOOKABLE: { availability: { monday: [{ start: "09:00", end: "12:00" }] }, session_minutes: 60, booking_window_days: 14, buffer_minutes: 15 },
  COHORT_COURSE: { cohorts: [{ start_date: inDays(20), end_date: inDays(60) }], sessions_per_week: 2 },
  RETREAT: { start_date: inDays(40), end_date: inDays(44) },
});

describe("creating offerings", () => {
  it("creators create DRAFT offerings of all six types; members cannot", async () => {
    const creator = await makeCreator(app);
    const member = await makeUser(app);
    const input = (offeringType: string) => ({
      title: `My ${offeringType}`,
      offeringType,
      capacityType: offeringType === "RECURRING_BOOKABLE" ? "ONE_ON_ONE" : "SMALL_GROUP",
      maxParticipants: offeringType === "RECURRING_BOOKABLE" ? null : 12,
      deliveryMethod: "ONLINE",
      schedule: schedules()[offeringType],
      price: "49.00",
    });
    for (const type of Object.keys(schedules())) {
      const r = await app.ok(CREATE, { input: input(type) }, { token: creator.token });
      expect(r.createOffering).toMatchObject({ status: "DRAFT", offeringType: type });
    }
    const retreat = await app.ok(CREATE, { input: input("RETREAT") }, { token: creator.token });
    expect(retreat.createOffering.schedule).toMatchObject({ check_in_time: "15:00", check_out_time: "11:00", timezone: "UTC" });
    expect(errorCode(await app.gql(CREATE, { input: input("RETREAT") }, { token: member.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(CREATE, { input: input("RETREAT") }))).toBe("UNAUTHENTICATED");
  });

  it("validates the schedule per type and the capacity rules, naming the field", async () => {
    const creator = await makeCreator(app);
    const base = { title: "Bad", offeringType: "ONE_TIME_EVENT", capacityType: "SMALL_GROUP", maxParticipants: 5, deliveryMethod: "ONLINE" };
    const fieldOf = async (input: Record<string, unknown>) => {
      const r = await app.gql(CREATE, { input }, { token: creator.token });
      return [errorCode(r), r.errors?.[0]?.extensions?.field];
    };
    expect(await fieldOf({ ...base, schedule: { date: "2026-02-30", start_time: "19:00", duration_minutes: 60 } })).toEqual(["BAD_USER_INPUT", "schedule.date"]);
    expect(await fieldOf({ ...base, schedule: { date: inDays(5), start_time: "25:00", duration_minutes: 60 } })).toEqual(["BAD_USER_INPUT", "schedule.start_time"]);
    expect(await fieldOf({ ...base, schedule: { date: inDays(5), start_time: "19:00", duration_minutes: 60, colour: "red" } })).toEqual(["BAD_USER_INPUT", "schedule"]);
    expect(await fieldOf({ ...base, schedule: schedules().RETREAT })).toEqual(["BAD_USER_INPUT", "schedule.date"]);
    expect(await fieldOf({ ...base, schedule: { ...(schedules().ONE_TIME_EVENT as object), timezone: "Mars/Olympus" } })).toEqual(["BAD_USER_INPUT", "schedule.timezone"]);
    expect(await fieldOf({ ...base, offeringType: "MULTI_DAY_PROGRAM", schedule: { ...(schedules().MULTI_DAY_PROGRAM as object), end_date: inDays(1) } })).toEqual(["BAD_USER_INPUT", "schedule.end_date"]);
    expect(await fieldOf({ ...base, offeringType: "RECURRING_BOOKABLE", capacityType: "ONE_ON_ONE", maxParticipants: null, schedule: { ...(schedules().RECURRING_BOOKABLE as object), availability: {} } })).toEqual(["BAD_USER_INPUT", "schedule.availability"]);
    expect(await fieldOf({ ...base, offeringType: "RECURRING_BOOKABLE", capacityType: "ONE_ON_ONE", maxParticipants: 3, schedule: schedules().RECURRING_BOOKABLE })).toEqual(["BAD_USER_INPUT", "maxParticipants"]);
    expect(await fieldOf({ ...base, maxParticipants: null, schedule: schedules().ONE_TIME_EVENT })).toEqual(["BAD_USER_INPUT", "maxParticipants"]);
    expect(await fieldOf({ ...base, deliveryMethod: "IN_PERSON", schedule: schedules().ONE_TIME_EVENT })).toEqual(["BAD_USER_INPUT", "locationDetails"]);
    expect(await fieldOf({ ...base, price: "0", schedule: schedules().ONE_TIME_EVENT })).toEqual(["BAD_USER_INPUT", "price"]);
    expect(await fieldOf({ ...base, schedule: schedules().ONE_TIME_EVENT, portalConfig: { access_after_days: -1 } })).toEqual(["BAD_USER_INPUT", "portalConfig.access_after_days"]);
    expect(await app.prisma.offering.count({ where: { creatorId: creator.id } })).toBe(0);
  });

  it("drafts are private; publishing lists them; only the creator changes them", async () => {
    const creator = await makeCreator(app);
    const other = await makeUser(app);
    const created = await app.ok(CREATE, { input: { title: "Sunrise yoga", offeringType: "RECURRING_FIXED", capacityType: "LARGE_GROUP", maxParticipants: 40, deliveryMethod: "ONLINE", schedule: schedules().RECURRING_FIXED, creditCost: 2 } }, { token: creator.token });
    const id = created.createOffering.id;
    const NODE = `query($id: ID!) { node(id: $id) { ... on Offering { title status } } }`;
    expect((await app.ok(NODE, { id }, { token: other.token })).node).toBeNull();
    expect(errorCode(await app.gql(`mutation($id: ID!) { publishOffering(id: $id) { status } }`, { id }, { token: other.token }))).toBe("NOT_FOUND");
    expect((await app.ok(`mutation($id: ID!) { publishOffering(id: $id) { status publishedAt } }`, { id }, { token: creator.token })).publishOffering.status).toBe("PUBLISHED");
    expect((await app.ok(NODE, { id }, { token: other.token })).node).toEqual({ title: "Sunrise yoga", status: "PUBLISHED" });
    const listed = await app.ok(`query($c: ID!) { offerings(creatorId: $c) { totalCount edges { node { id } } } }`, { c: creator.gid });
    expect(listed.offerings).toEqual({ totalCount: 1, edges: [{ node: { id } }] });
    const UPDATE = `mutation($id: ID!, $input: UpdateOfferingInput!) { updateOffering(id: $id, input: $input) { title maxParticipants creditCost } }`;
    expect(errorCode(await app.gql(UPDATE, { id, input: { title: "Mine now" } }, { token: other.token }))).toBe("FORBIDDEN");
    expect((await app.ok(UPDATE, { id, input: { title: "Sunset yoga", creditCost: null } }, { token: creator.token })).updateOffering).toEqual({ title: "Sunset yoga", maxParticipants: 40, creditCost: null });
    expect((await app.ok(`mutation($id: ID!) { archiveOffering(id: $id) { status } }`, { id }, { token: creator.token })).archiveOffering.status).toBe("ARCHIVED");
    expect((await app.ok(NODE, { id }, { token: other.token })).node).toBeNull();
    expect(await app.prisma.auditLog.count({ where: { entityId: (await app.prisma.offering.findFirstOrThrow({ where: { creatorId: creator.id } })).id } })).toBe(4);
  });
});

describe("booking", () => {
  it("by purchase (local provider): confirmed with a portal whose expiry comes from portalConfig", async () => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const offering = await makeOffering(app, creator.id, { price: "25.00", portalConfig: { access_after_days: 7 }, schedule: { date: inDays(10), start_time: "18:00", duration_minutes: 90, timezone: "UTC" } });
    const r = await app.ok(BOOK, { input: { offeringId: offering.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: customer.token });
    const start = new Date(`${inDays(10)}T18:00:00.000Z`);
    expect(r.bookOffering.checkout).toEqual({ status: "COMPLETED", provider: "local" });
    expect(r.bookOffering.booking).toMatchObject({ status: "CONFIRMED", paymentMethod: "PURCHASE", amountPaid: "25.00", scheduledAt: start.toISOString(), durationMinutes: 90 });
    expect(r.bookOffering.booking.portalAccess.expiresAt).toBe(new Date(start.getTime() + 90 * 60_000 + 7 * DAY).toISOString());
    expect(r.bookOffering.booking.portalAccess.isActive).toBe(true);
    expect(await app.prisma.notification.count({ where: { userId: customer.id, type: "BOOKING_CONFIRMED" } })).toBe(1);
    const pay = await app.prisma.payment.findFirstOrThrow({ where: { userId: customer.id } });
    expect(pay).toMatchObject({ purpose: "OFFERING_BOOKING", status: "COMPLETED", offeringId: offering.id });
    expect(pay.platformFeeAmount.toFixed(2)).toBe("7.50");

    // Same key → the same booking; another key → ALREADY_BOOKED.
    const again = await app.ok(BOOK, { input: { offeringId: offering.gid, paymentMethod: "PURCHASE", idempotencyKey: (await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: customer.id } })).idempotencyKey } }, { token: customer.token });
    expect(again.bookOffering.booking.id).toBe(r.bookOffering.booking.id);
    const dup = await app.gql(BOOK, { input: { offeringId: offering.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: customer.token });
    expect(dup.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_BOOKED" });

    // Cancelling refunds the payment through the state machine and frees the seat.
    const cancelled = await app.ok(`mutation($id: ID!) { cancelBooking(id: $id, reason: "sick") { status cancellationReason portalAccess { revokedAt isActive } } }`, { id: r.bookOffering.booking.id }, { token: customer.token });
    expect(cancelled.cancelBooking).toMatchObject({ status: "CANCELED", cancellationReason: "cancelled by the customer: sick", portalAccess: { isActive: false } });
    expect((await app.prisma.payment.findUniqueOrThrow({ where: { id: pay.id } })).status).toBe("REFUNDED");
    expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(0);
  });

  it("by credits: spent at once; cancelling returns them; not enough credits → CONFLICT", async () => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const offering = await makeOffering(app, creator.id, { creditCost: 3 });
    const poor = await app.gql(BOOK, { input: { offeringId: offering.gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: customer.token });
    expect(poor.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "INSUFFICIENT_CREDITS" });
    expect(await app.prisma.offeringBooking.count({ where: { customerId: customer.id } })).toBe(0);
    expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(0);

    await giveCredits(app, customer.id, 5);
    const r = await app.ok(BOOK, { input: { offeringId: offering.gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: customer.token });
    expect(r.bookOffering.booking).toMatchObject({ status: "CONFIRMED", creditsUsed: 3 });
    expect(r.bookOffering.checkout).toBeNull();
    const LEDGER = `{ viewer { creditBalance creditTransactions { edges { node { type amount balanceAfter offeringBooking { id } } } } } }`;
    expect((await app.ok(LEDGER, {}, { token: customer.token })).viewer.creditBalance).toBe(2);
    await app.ok(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id: r.bookOffering.booking.id }, { token: customer.token });
    const ledger = await app.ok(LEDGER, {}, { token: customer.token });
    expect(ledger.viewer.creditBalance).toBe(5);
    expect(ledger.viewer.creditTransactions.edges[0].node).toEqual({ type: "REFUND_OFFERING", amount: 3, balanceAfter: 5, offeringBooking: { id: r.bookOffering.booking.id } });
    const twice = await app.gql(`mutation($id: ID!) { cancelBooking(id: $id) { status } }`, { id: r.bookOffering.booking.id }, { token: customer.token });
    expect(twice.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_CANCELABLE" });
    expect(errorCode(await app.gql(BOOK, { input: { offeringId: (await makeOffering(app, creator.id)).gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: customer.token }))).toBe("BAD_USER_INPUT");
  });

  it("by subscription: only a tier whose offeringAccessRules include the type", async () => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const event = await makeOffering(app, creator.id, { price: "30.00" });
    const retreat = await makeOffering(app, creator.id, { offeringType: "RETREAT", schedule: { start_date: inDays(50), end_date: inDays(53) }, price: "900.00" });
    const book = (o: { gid: string }) => app.gql(BOOK, { input: { offeringId: o.gid, paymentMethod: "SUBSCRIPTION", idempotencyKey: key() } }, { token: customer.token });
    expect((await book(event)).errors![0].extensions).toMatchObject({ code: "PAYMENT_REQUIRED", reason: "NO_ENTITLING_SUBSCRIPTION" });
    const tier = await app.prisma.subscriptionTier.create({ data: { name: "Events", slug: `events-${key()}`, offeringAccessRules: [{ type: "one_time_event", included: true }, { type: "retreat", included: false }] } });
    const now = app.clock.now();
    await app.prisma.subscription.create({ data: { userId: customer.id, tierId: tier.id, status: "ACTIVE", provider: "LOCAL", currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + 30 * DAY) } });
    const ok = await book(event);
    expect(ok.data.bookOffering.booking).toMatchObject({ status: "CONFIRMED", paymentMethod: "SUBSCRIPTION", amountPaid: "0.00" });
    expect((await book(retreat)).errors![0].extensions!.code).toBe("PAYMENT_REQUIRED");
  });

  it("refuses drafts, own offerings, closed registration and full offerings", async () => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const book = async (o: { gid: string }, token = customer.token) => app.gql(BOOK, { input: { offeringId: o.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token });
    expect(errorCode(await book(await makeOffering(app, creator.id, { status: "DRAFT" })))).toBe("NOT_FOUND");
    expect((await book(await makeOffering(app, creator.id), creator.token)).errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "OWN_OFFERING" });
    const past = await makeOffering(app, creator.id, { schedule: { date: inDays(-1), start_time: "10:00", duration_minutes: 60 } });
    expect((await book(past)).errors![0].extensions!.reason).toBe("REGISTRATION_CLOSED");
    const deadline = await makeOffering(app, creator.id, { registrationDeadline: new Date(app.clock.now().getTime() - 1000) });
    expect((await book(deadline)).errors![0].extensions!.reason).toBe("REGISTRATION_CLOSED");
    const tiny = await makeOffering(app, creator.id, { capacityType: "ONE_ON_ONE", maxParticipants: 1 });
    await book(tiny);
    const other = await makeUser(app);
    expect((await book(tiny, other.token)).errors![0].extensions!.reason).toBe("SOLD_OUT");
    expect(errorCode(await app.gql(BOOK, { input: { offeringId: tiny.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }))).toBe("UNAUTHENTICATED");
  });

  it("cohort courses book one cohort", async () => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const course = await makeOffering(app, creator.id, { offeringType: "COHORT_COURSE", schedule: { cohorts: [{ start_date: inDays(10), end_date: inDays(40) }, { start_date: inDays(50), end_date: inDays(80) }], timezone: "UTC" } });
    const missing = await app.gql(BOOK, { input: { offeringId: course.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: customer.token });
    expect([errorCode(missing), missing.errors![0].extensions!.field]).toEqual(["BAD_USER_INPUT", "cohortStartDate"]);
    const r = await app.ok(BOOK, { input: { offeringId: course.gid, paymentMethod: "PURCHASE", idempotencyKey: key(), cohortStartDate: inDays(50) } }, { token: customer.token });
    expect(r.bookOffering.booking.bookingDetails).toMatchObject({ cohort_start_date: inDays(50) });
    expect(r.bookOffering.booking.scheduledAt).toBe(`${inDays(50)}T00:00:00.000Z`);
    // The other cohort is a separate booking.
    await app.ok(BOOK, { input: { offeringId: course.gid, paymentMethod: "PURCHASE", idempotencyKey: key(), cohortStartDate: inDays(10) } }, { token: customer.token });
  });
});

describe("consultations (001 bookings) on a RECURRING_BOOKABLE offering", () => {
  const everyDay = Object.fromEntries(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((d) => [d, [{ start: "09:00", end: "17:00" }]]));
  const slot = (days: number, hh: string) => `${inDays(days)}T${hh}:00.000Z`;

  it("books a free slot with contact details; the slot is then taken; off-grid and out-of-window times are refused", async () => {
    const creator = await makeCreator(app);
    const consultation = await makeOffering(app, creator.id, {
      offeringType: "RECURRING_BOOKABLE",
      capacityType: "ONE_ON_ONE",
      maxParticipants: null,
      price: "80.00",
      schedule: { availability: everyDay, session_minutes: 60, booking_window_days: 14, buffer_minutes: 0, timezone: "UTC" },
    });
    const a = await makeUser(app);
    const b = await makeUser(app);
    const r = await app.ok(
      BOOK,
      { input: { offeringId: consultation.gid, paymentMethod: "PURCHASE", idempotencyKey: key(), scheduledAt: slot(2, "10:00"), notes: "Landing page review", contactName: "Ada", contactEmail: "ADA@example.test" } },
      { token: a.token },
    );
    expect(r.bookOffering.booking).toMatchObject({ status: "CONFIRMED", scheduledAt: slot(2, "10:00"), durationMinutes: 60, bookingDetails: { booked_sessions: [{ date: inDays(2), time: "10:00" }] } });
    const stored = await app.prisma.offeringBooking.findFirstOrThrow({ where: { customerId: a.id } });
    expect(stored).toMatchObject({ notes: "Landing page review", contactName: "Ada", contactEmail: "ada@example.test" });
    // The same customer may book another slot.
    await app.ok(BOOK, { input: { offeringId: consultation.gid, paymentMethod: "PURCHASE", idempotencyKey: key(), scheduledAt: slot(2, "11:00") } }, { token: a.token });

    const fieldOf = async (scheduledAt: string | null) => {
      const res = await app.gql(BOOK, { input: { offeringId: consultation.gid, paymentMethod: "PURCHASE", idempotencyKey: key(), scheduledAt } }, { token: b.token });
      return [errorCode(res), res.errors?.[0]?.extensions?.reason ?? res.errors?.[0]?.extensions?.field];
    };
    expect(await fieldOf(slot(2, "10:00"))).toEqual(["CONFLICT", "SLOT_TAKEN"]);
    expect(await fieldOf(slot(2, "10:30"))).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
    expect(await fieldOf(slot(2, "17:00"))).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
    expect(await fieldOf(slot(20, "10:00"))).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
    expect(await fieldOf(null)).toEqual(["BAD_USER_INPUT", "scheduledAt"]);
    expect(await fieldOf(slot(2, "12:00"))).toEqual([undefined, undefined]);
  });

  it("ten customers racing for one slot: one gets it", async () => {
    const creator = await makeCreator(app);
    const consultation = await makeOffering(app, creator.id, {
      offeringType: "RECURRING_BOOKABLE",
      capacityType: "ONE_ON_ONE",
      maxParticipants: null,
      creditCost: 1,
      schedule: { availability: everyDay, session_minutes: 30, booking_window_days: 7, timezone: "UTC" },
    });
    const customers = await Promise.all(Array.from({ length: 10 }, () => makeUser(app)));
    for (const c of customers) await giveCredits(app, c.id, 1);
    const results = await Promise.all(customers.map((c) => app.gql(BOOK, { input: { offeringId: consultation.gid, paymentMethod: "CREDITS", idempotencyKey: key(), scheduledAt: slot(3, "14:30") } }, { token: c.token })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions!.reason).toBe("SLOT_TAKEN");
    expect(await app.prisma.creditBalance.count({ where: { userId: { in: customers.map((c) => c.id) }, currentBalance: 0 } })).toBe(1);
  });
});

describe("portal access and resources over time", () => {
  it("shows each resource by its availableWhen / unlockAt rule while the portal is open", async () => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const outsider = await makeUser(app);
    const date = inDays(30);
    const start = new Date(`${date}T18:00:00.000Z`);
    const offering = await makeOffering(app, creator.id, { creditCost: 1, schedule: { date, start_time: "18:00", duration_minutes: 120 }, portalConfig: { access_before_days: 2, access_after_days: 7 } });
    const ADD = `mutation($o: ID!, $input: OfferingResourceInput!) { addOfferingResource(offeringId: $o, input: $input) { id title } }`;
    const add = (title: string, availableWhen: string, extra: Record<string, unknown> = {}) =>
      app.ok(ADD, { o: offering.gid, input: { resourceType: "TEXT", textContent: `${title} text`, title, availableWhen, ...extra } }, { token: creator.token });
    await add("Welcome", "ALWAYS");
    await add("Prep", "BEFORE");
    await add("Live link", "DURING");
    await add("Slides", "DURING", { unlockAt: new Date(start.getTime() + 60 * 60_000).toISOString(), displayOrder: 1 });
    await add("Recording", "AFTER");
    const badRes = await app.gql(ADD, { o: offering.gid, input: { resourceType: "LINK", title: "No link", availableWhen: "ALWAYS" } }, { token: creator.token });
    expect([errorCode(badRes), badRes.errors![0].extensions!.field]).toEqual(["BAD_USER_INPUT", "linkUrl"]);
    expect(errorCode(await app.gql(ADD, { o: offering.gid, input: { resourceType: "TEXT", textContent: "x", title: "Hijack" } }, { token: outsider.token }))).toBe("FORBIDDEN");

    await giveCredits(app, customer.id, 1);
    const booked = await app.ok(BOOK, { input: { offeringId: offering.gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: customer.token });
    expect(booked.bookOffering.booking.portalAccess).toEqual({ grantedAt: new Date(start.getTime() - 2 * DAY).toISOString(), expiresAt: new Date(start.getTime() + 120 * 60_000 + 7 * DAY).toISOString(), isActive: false });

    const RES = `query($id: ID!) { node(id: $id) { ... on Offering { resources { totalCount edges { node { title } } } } } }`;
    const titles = async (userId: string) => {
      const r = await app.ok(RES, { id: offering.gid }, { token: await app.token(userId) });
      return r.node.resources.edges.map((e: any) => e.node.title).sort();
    };
    const at = (ms: number) => app.clock.set(new Date(ms));
    const base = app.clock.now();

    expect(await titles(creator.id)).toEqual(["Live link", "Prep", "Recording", "Slides", "Welcome"]);
    expect(await titles(customer.id)).toEqual([]); // the portal opens two days before the start
    at(start.getTime() - DAY);
    expect(await titles(customer.id)).toEqual(["Prep", "Welcome"]);
    expect(await titles(outsider.id)).toEqual([]);
    at(start.getTime() + 30 * 60_000);
    expect(await titles(customer.id)).toEqual(["Live link", "Welcome"]);
    at(start.getTime() + 90 * 60_000);
    expect(await titles(customer.id)).toEqual(["Live link", "Slides", "Welcome"]);
    at(start.getTime() + 3 * 60 * 60_000);
    expect(await titles(customer.id)).toEqual(["Recording", "Welcome"]);
    const resourceId = (await app.prisma.offeringResource.findFirstOrThrow({ where: { title: "Recording" } })).id;
    expect((await app.ok(`query($id: ID!) { node(id: $id) { ... on OfferingResource { textContent } } }`, { id: gid("OfferingResource", resourceId) }, { token: await app.token(customer.id) })).node).toEqual({ textContent: "Recording text" });
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: gid("OfferingResource", resourceId) }, { token: await app.token(outsider.id) })).node).toBeNull();
    at(start.getTime() + 8 * DAY);
    expect(await titles(customer.id)).toEqual([]); // expired with the portal
    app.clock.set(base);

    const removed = await app.ok(`mutation($id: ID!) { removeOfferingResource(id: $id) }`, { id: gid("OfferingResource", resourceId) }, { token: await app.token(creator.id) });
    expect(removed.removeOfferingResource).toBe(gid("OfferingResource", resourceId));
    expect(await app.prisma.offeringResource.count({ where: { offeringId: offering.id } })).toBe(4);
  });
});
