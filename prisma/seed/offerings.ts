// Offerings: one of each type with a schedule shaped for that type, bookings paid by purchase,
// subscription and credits (and canceled ones), portal access, resources unlocked before / during /
// after / always, and a free "consultation" service whose bookings are 001's `bookings`.
import type { BookingPaymentMethod, BookingStatus, CapacityType, DeliveryMethod, OfferingType, Prisma, PublishStatus, ResourceAvailability, ResourceType } from "../../src/generated/prisma/client.ts";
import { paymentRow, providerPaymentId } from "./commerce.ts";
import { contentId } from "./content.ts";
import { stamps, ymd, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { USERS, userId } from "./identity.ts";

export const offeringId = (key: string) => sid("offering", key);
export const bookingId = (key: string) => sid("offering-booking", key);

interface OfferingSpec {
  key: string;
  creator: string;
  title: string;
  description: string;
  type: OfferingType;
  capacity: CapacityType;
  max: number | null;
  delivery: DeliveryMethod;
  location?: string;
  video?: string;
  price: string | null;
  creditCost: number | null;
  status: PublishStatus;
  /** days from the seed day */
  created: number;
  /** first and last day of the offering (days from the seed day), for portal access */
  span: [number, number];
  schedule: (ctx: SeedContext) => Record<string, unknown>;
  paymentOptions: Record<string, unknown>;
}

const PORTAL = { access_before_days: 7, access_after_days: 30, tabs: ["overview", "schedule", "resources"] };

const sessions = (ctx: SeedContext, first: number, count: number, everyDays: number, time: string, minutes: number, titles: string[]) =>
  Array.from({ length: count }, (_, i) => ({
    session: i + 1,
    date: ymd(ctx.live(first + i * everyDays)),
    start_time: time,
    duration_minutes: minutes,
    title: titles[i] ?? `Session ${i + 1}`,
  }));

export const OFFERINGS: OfferingSpec[] = [
  {
    key: "live-watercolor-jam", creator: "ada", title: "Live Watercolor Jam",
    description: "Paint along live: a misty harbour in 90 minutes, with Q&A.", type: "ONE_TIME_EVENT", capacity: "LARGE_GROUP", max: 100,
    delivery: "ONLINE", video: "zoom", price: "15.00", creditCost: 10, status: "PUBLISHED", created: -20, span: [12, 12],
    schedule: (ctx) => ({ date: ymd(ctx.live(12)), start_time: "18:00", duration_minutes: 90, timezone: "UTC" }),
    paymentOptions: { purchase: true, credits: true, subscription_tiers: ["premium"] },
  },
  {
    key: "weekly-sound-lab", creator: "ben", title: "Weekly Sound Lab",
    description: "Every Thursday: a one-hour live sound-design workout.", type: "RECURRING_FIXED", capacity: "SMALL_GROUP", max: 12,
    delivery: "ONLINE", video: "jitsi", price: "20.00", creditCost: 8, status: "PUBLISHED", created: -40, span: [-28, 56],
    schedule: () => ({ pattern: "weekly", day: "thursday", time: "19:00", duration_minutes: 60, timezone: "UTC" }),
    paymentOptions: { purchase: true, credits: true, subscription_tiers: ["premium"] },
  },
  {
    key: "manuscript-review", creator: "cleo", title: "1:1 Manuscript Review",
    description: "Fifty minutes on your first chapter, with written notes.", type: "RECURRING_BOOKABLE", capacity: "ONE_ON_ONE", max: null,
    delivery: "ONLINE", video: "google_meet", price: "60.00", creditCost: null, status: "PUBLISHED", created: -50, span: [0, 30],
    schedule: () => ({
      availability: { monday: [{ start: "09:00", end: "12:00" }], wednesday: [{ start: "14:00", end: "17:00" }] },
      session_duration_minutes: 50, booking_window_days: 30, buffer_minutes: 10, timezone: "UTC",
    }),
    paymentOptions: { purchase: true, credits: false },
  },
  {
    key: "consultation", creator: "ada", title: "Creative Career Consultation",
    description: "A free 30-minute call about portfolios, pricing and getting commissions.", type: "RECURRING_BOOKABLE", capacity: "ONE_ON_ONE", max: null,
    delivery: "ONLINE", video: "zoom", price: null, creditCost: null, status: "PUBLISHED", created: -60, span: [-10, 21],
    schedule: () => ({
      availability: { tuesday: [{ start: "10:00", end: "12:00" }], thursday: [{ start: "15:00", end: "17:00" }] },
      session_duration_minutes: 30, booking_window_days: 21, buffer_minutes: 15, timezone: "UTC",
    }),
    paymentOptions: { free: true },
  },
  {
    key: "watercolor-intensive", creator: "ada", title: "Watercolor Foundations: 3-Day Intensive",
    description: "Three mornings in the studio (or online): washes, colour and a finished painting.", type: "MULTI_DAY_PROGRAM", capacity: "SMALL_GROUP", max: 15,
    delivery: "HYBRID", location: "Ada's studio, Bristol (and online)", video: "zoom", price: "120.00", creditCost: null, status: "PUBLISHED", created: -15, span: [20, 22],
    schedule: (ctx) => ({
      start_date: ymd(ctx.live(20)), end_date: ymd(ctx.live(22)), timezone: "UTC",
      sessions: sessions(ctx, 20, 3, 1, "10:00", 180, ["Washes and water control", "Colour mixing", "A finished harbour painting"]),
    }),
    paymentOptions: { purchase: true },
  },
  {
    key: "novel-cohort", creator: "cleo", title: "Novel in Six Weeks (cohort)",
    description: "A six-week cohort: outline, draft and revise the first act of your novel together.", type: "COHORT_COURSE", capacity: "LARGE_GROUP", max: 40,
    delivery: "ONLINE", video: "zoom", price: "199.00", creditCost: null, status: "PUBLISHED", created: -45, span: [-14, 21],
    schedule: (ctx) => ({
      start_date: ymd(ctx.live(-14)), end_date: ymd(ctx.live(21)), timezone: "UTC",
      sessions: sessions(ctx, -14, 6, 7, "17:00", 90, ["Premise", "Characters", "Outline", "Drafting sprints", "Revision", "Pitching"]),
    }),
    paymentOptions: { purchase: true, installments: 2 },
  },
  {
    key: "coastal-retreat", creator: "ben", title: "Coastal Sound Retreat",
    description: "Five days recording the Cornish coast: cliffs, caves and a working lighthouse.", type: "RETREAT", capacity: "SMALL_GROUP", max: 10,
    delivery: "IN_PERSON", location: "Porthcurno, Cornwall, UK", price: "850.00", creditCost: null, status: "DRAFT", created: -7, span: [60, 64],
    schedule: (ctx) => ({
      start_date: ymd(ctx.live(60)), end_date: ymd(ctx.live(64)), timezone: "Europe/London",
      sessions: sessions(ctx, 60, 5, 1, "09:00", 240, ["Arrival and gear check", "Cliffs at dawn", "Sea caves", "The lighthouse", "Mixing and farewell"]),
    }),
    paymentOptions: { purchase: true, deposit: "250.00" },
  },
];

interface BookingSpec {
  key: string;
  offering: string;
  customer: string;
  method: BookingPaymentMethod;
  status: BookingStatus;
  created: number;
  credits?: number;
  scheduledAt?: [day: number, hour: number];
  duration?: number;
  notes?: string;
  canceled?: [day: number, reason: string];
  details?: (ctx: SeedContext) => Record<string, unknown>;
  contact?: boolean;
}

export const BOOKINGS: BookingSpec[] = [
  { key: "jam-fan1", offering: "live-watercolor-jam", customer: "fan1", method: "CREDITS", credits: 10, status: "CONFIRMED", created: -4 },
  { key: "jam-fan2", offering: "live-watercolor-jam", customer: "fan2", method: "PURCHASE", status: "CONFIRMED", created: -3 },
  { key: "jam-fan4", offering: "live-watercolor-jam", customer: "fan4", method: "SUBSCRIPTION", status: "CONFIRMED", created: -2 },
  { key: "lab-fan4", offering: "weekly-sound-lab", customer: "fan4", method: "CREDITS", credits: 8, status: "CANCELED", created: -22, canceled: [-20, "Schedule conflict"] },
  { key: "lab-fan1", offering: "weekly-sound-lab", customer: "fan1", method: "SUBSCRIPTION", status: "CONFIRMED", created: -25 },
  {
    key: "review-fan3", offering: "manuscript-review", customer: "fan3", method: "PURCHASE", status: "CONFIRMED", created: -6,
    scheduledAt: [6, 9], duration: 50, details: (ctx) => ({ booked_sessions: [{ date: ymd(ctx.live(6)), time: "09:00" }] }),
    notes: "Chapter one of a fantasy novel, 4,800 words.",
  },
  // 001 bookings: consultations with a contact, a time and notes.
  { key: "consult-fan2", offering: "consultation", customer: "fan2", method: "PURCHASE", status: "CONFIRMED", created: -5, scheduledAt: [3, 10], duration: 30, notes: "Portfolio review before applying to illustration agencies.", contact: true },
  { key: "consult-fan5", offering: "consultation", customer: "fan5", method: "PURCHASE", status: "CONFIRMED", created: -1, scheduledAt: [8, 15], duration: 30, notes: "How to price my first commission?", contact: true },
  { key: "consult-fan1", offering: "consultation", customer: "fan1", method: "PURCHASE", status: "COMPLETED", created: -12, scheduledAt: [-5, 10], duration: 30, notes: "Setting up a Patreon-style membership.", contact: true },
  { key: "consult-fan4", offering: "consultation", customer: "fan4", method: "PURCHASE", status: "CANCELED", created: -6, scheduledAt: [2, 11], duration: 30, canceled: [-1, "Found the answer in the FAQ"], contact: true },
  { key: "consult-fan3", offering: "consultation", customer: "fan3", method: "PURCHASE", status: "NO_SHOW", created: -15, scheduledAt: [-9, 10], duration: 30, contact: true },
  { key: "intensive-fan1", offering: "watercolor-intensive", customer: "fan1", method: "PURCHASE", status: "CONFIRMED", created: -9 },
  {
    key: "cohort-fan2", offering: "novel-cohort", customer: "fan2", method: "PURCHASE", status: "CONFIRMED", created: -20,
    details: (ctx) => ({ cohort_start_date: ymd(ctx.live(-14)) }),
  },
];

const RESOURCES: Array<{ key: string; offering: string; type: ResourceType; when: ResourceAvailability; title: string; description?: string; content?: string; file?: string; link?: string; text?: string; unlockDay?: number }> = [
  { key: "jam-bring", offering: "live-watercolor-jam", type: "TEXT", when: "BEFORE", title: "What to bring", text: "Cold-press paper (300 gsm), a size 10 round brush, ultramarine, burnt sienna and a jar of clean water." },
  { key: "jam-join", offering: "live-watercolor-jam", type: "LINK", when: "DURING", title: "Join the live session", link: "https://zoom.demo.test/j/5550101" },
  { key: "jam-replay", offering: "live-watercolor-jam", type: "CONTENT", when: "AFTER", title: "Warm-up replay: Watercolor Basics", content: "ada-watercolor-basics" },
  { key: "lab-kit", offering: "weekly-sound-lab", type: "FILE", when: "ALWAYS", title: "Session sample pack (ZIP)", file: "https://cdn.demo.test/offerings/sound-lab/samples.zip" },
  { key: "review-guidelines", offering: "manuscript-review", type: "LINK", when: "BEFORE", title: "Submission guidelines", link: "https://cleo.demo.test/manuscript-guidelines" },
  { key: "intensive-supplies", offering: "watercolor-intensive", type: "FILE", when: "ALWAYS", title: "Supply list (PDF)", file: "https://cdn.demo.test/offerings/intensive/supplies.pdf" },
  { key: "intensive-theory", offering: "watercolor-intensive", type: "CONTENT", when: "DURING", title: "Colour theory lesson", content: "ada-color-theory", unlockDay: 20 },
  { key: "cohort-handbook", offering: "novel-cohort", type: "CONTENT", when: "DURING", title: "Course text: The Worldbuilding Handbook", content: "cleo-worldbuilding-handbook" },
  { key: "cohort-next", offering: "novel-cohort", type: "TEXT", when: "AFTER", title: "After the cohort", text: "Keep your weekly writing slot. Alumni critique circles meet on the first Monday of each month." },
];

export async function seedOfferings(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;
  const live = (b: BookingSpec) => b.status !== "CANCELED";

  await ctx.add(
    "Offering",
    prisma.offering.createMany({
      data: OFFERINGS.map((o) => ({
        id: offeringId(o.key),
        creatorId: userId(o.creator),
        title: o.title,
        slug: o.key,
        description: o.description,
        offeringType: o.type,
        capacityType: o.capacity,
        maxParticipants: o.max,
        deliveryMethod: o.delivery,
        locationDetails: o.location ?? null,
        videoConferenceProvider: o.video ?? null,
        schedule: o.schedule(ctx) as Prisma.InputJsonValue,
        price: o.price,
        currency: "USD",
        creditCost: o.creditCost,
        paymentOptions: o.paymentOptions as Prisma.InputJsonValue,
        status: o.status,
        publishedAt: o.status === "PUBLISHED" ? ctx.live(o.created + 1, 9) : null,
        registrationDeadline: o.type === "ONE_TIME_EVENT" || o.type === "MULTI_DAY_PROGRAM" || o.type === "RETREAT" ? ctx.live(o.span[0] - 1) : null,
        portalConfig: PORTAL,
        bookingCount: BOOKINGS.filter((b) => b.offering === o.key && live(b)).length,
        ...stamps(ctx.live(o.created, 9), ctx.live(o.created + 1, 9)),
      })),
      skipDuplicates: true,
    }),
  );

  const payments: Prisma.PaymentCreateManyInput[] = [];
  const bookings: Prisma.OfferingBookingCreateManyInput[] = [];
  const portal: Prisma.OfferingPortalAccessCreateManyInput[] = [];
  for (const b of BOOKINGS) {
    const o = OFFERINGS.find((x) => x.key === b.offering)!;
    const created = ctx.live(b.created, 19);
    let payId: string | null = null;
    let intent: string | null = null;
    let paid = "0.00";
    if (b.method === "PURCHASE" && o.price) {
      const pay = paymentRow({
        key: `booking-${b.key}`, user: b.customer, purpose: "OFFERING_BOOKING", status: "COMPLETED", amount: o.price, at: created,
        creatorShare: true, description: `Booking: ${o.title}`, offeringId: offeringId(o.key),
      });
      payments.push(pay);
      payId = pay.id!;
      intent = providerPaymentId(`booking-${b.key}`);
      paid = o.price;
    }
    const customer = USERS.find((u) => u.key === b.customer)!;
    bookings.push({
      id: bookingId(b.key),
      customerId: userId(b.customer),
      offeringId: offeringId(o.key),
      paymentMethod: b.method,
      amountPaid: paid,
      currency: "USD",
      creditsUsed: b.credits ?? 0,
      stripePaymentIntentId: intent,
      paymentId: payId,
      bookingDetails: (b.details?.(ctx) ?? {}) as Prisma.InputJsonValue,
      status: b.status,
      canceledAt: b.canceled ? ctx.live(b.canceled[0], 9) : null,
      cancellationReason: b.canceled?.[1] ?? null,
      scheduledAt: b.scheduledAt ? ctx.live(b.scheduledAt[0], b.scheduledAt[1]) : null,
      durationMinutes: b.duration ?? null,
      notes: b.notes ?? null,
      contactName: b.contact ? customer.fullName : null,
      contactEmail: b.contact ? customer.email : null,
      idempotencyKey: `seed:${b.key}`,
      ...stamps(created, b.canceled ? ctx.live(b.canceled[0], 9) : created),
    });
    if (live(b)) {
      const lastDay = b.scheduledAt ? b.scheduledAt[0] : o.span[1];
      portal.push({
        id: sid("offering-portal-access", b.key),
        bookingId: bookingId(b.key),
        userId: userId(b.customer),
        offeringId: offeringId(o.key),
        grantedAt: created,
        expiresAt: ctx.live(lastDay + PORTAL.access_after_days),
        lastAccessedAt: b.status === "COMPLETED" || b.customer === "fan1" ? ctx.live(Math.min(-1, lastDay), 20) : null,
        ...stamps(created),
      });
    }
  }
  await ctx.add("Payment", prisma.payment.createMany({ data: payments, skipDuplicates: true }));
  await ctx.add("OfferingBooking", prisma.offeringBooking.createMany({ data: bookings, skipDuplicates: true }));
  await ctx.add("OfferingPortalAccess", prisma.offeringPortalAccess.createMany({ data: portal, skipDuplicates: true }));

  await ctx.add(
    "OfferingResource",
    prisma.offeringResource.createMany({
      data: RESOURCES.map((r) => {
        const o = OFFERINGS.find((x) => x.key === r.offering)!;
        return {
          id: sid("offering-resource", r.key),
          offeringId: offeringId(r.offering),
          resourceType: r.type,
          contentId: r.content ? contentId(r.content) : null,
          fileUrl: r.file ?? null,
          linkUrl: r.link ?? null,
          textContent: r.text ?? null,
          title: r.title,
          description: r.description ?? null,
          availableWhen: r.when,
          unlockAt: r.unlockDay !== undefined ? ctx.live(r.unlockDay) : null,
          displayOrder: RESOURCES.filter((x) => x.offering === r.offering).indexOf(r),
          ...stamps(ctx.live(o.created, 10)),
        };
      }),
      skipDuplicates: true,
    }),
  );
}
