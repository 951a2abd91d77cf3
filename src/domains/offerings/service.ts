// Offerings (events, programs, bookable services, courses, retreats) and their bookings.
//
// Booking: the offering row is locked (SELECT … FOR UPDATE) for the whole booking transaction,
// so capacity (max_participants, or the per-slot capacity of a bookable service), "one live
// booking per customer" and slot clashes are decided race-free; booking_count never exceeds
// max_participants (also a CHECK). Payment:
//  - PURCHASE: a PENDING booking holds the seat while its Payment (purpose OFFERING_BOOKING) goes
//    through the commerce state machine; completion confirms it and opens the portal, failure or
//    refund cancels it and frees the seat. A free offering (no price, no credit cost) books with
//    PURCHASE and pays nothing.
//  - CREDITS: credit_cost is spent from the ledger in the same transaction (never below zero).
//  - SUBSCRIPTION: an entitling subscription whose tier's offeringAccessRules include the type.
// Cancelling refunds: credits back to the ledger, a completed payment through the state machine.
import { requireVerifiedEmail } from "../identity/index.ts";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx } from "../../core/tx.ts";
import type { BookingPaymentMethod, CapacityType, DeliveryMethod, Offering, OfferingBooking, OfferingType, Payment, Prisma, ResourceAvailability, ResourceType } from "../../generated/prisma/client.ts";
import { isAdmin, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { isPlatformOwner, requireViewer, sendReceipt } from "../commerce/index.ts";
import { idempotencyKeySchema } from "../../core/validation.ts";
import { applyCreditChange } from "../commerce/index.ts";
import { Decimal, money, revenueSplit } from "../commerce/index.ts";
import { CURRENCY_RE } from "../../core/validation.ts";
import { checkout, createPendingPayment, failPayment, lockPayment, refundPayment, registerFulfiller, requestProviderRefund, type CheckoutResult, type TransitionEnv } from "../commerce/index.ts";
import { advisoryLock } from "../../core/locks.ts";
import { contentWhereFor } from "../content/index.ts";
import { emailSchema, parseInput } from "../../core/validation.ts";
import { entitlingSubscriptionWhere } from "../subscriptions/index.ts";
import { bookingWindow, portalConfigSchema, portalWindow, scheduleSchema, type BookingWindow, type PortalConfig } from "./schedule.ts";
import { bookingWhereFor, offeringWhereFor } from "./visibility.ts";

const OFFERING_TYPES = ["ONE_TIME_EVENT", "MULTI_DAY_PROGRAM", "RECURRING_FIXED", "RECURRING_BOOKABLE", "COHORT_COURSE", "RETREAT"] as const;
const CAPACITY_TYPES = ["ONE_ON_ONE", "SMALL_GROUP", "LARGE_GROUP", "UNLIMITED"] as const;
const DELIVERY = ["ONLINE", "IN_PERSON", "HYBRID", "SELF_GUIDED"] as const;

const amount = z
  .string()
  .regex(/^\d{1,10}(\.\d{1,2})?$/, "must be an amount with at most two decimals, e.g. \"25.00\"")
  .refine((p) => new Decimal(p).gt(0), "must be greater than 0");

const offeringSchema = z
  .object({
    title: z.string().trim().min(1, "must not be empty").max(500),
    slug: z.string().trim().toLowerCase().max(200).regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "may only contain a-z, 0-9 and single dashes"),
    description: z.string().max(20_000).nullable(),
    offeringType: z.enum(OFFERING_TYPES),
    capacityType: z.enum(CAPACITY_TYPES),
    maxParticipants: z.number().int().min(1, "must be at least 1").max(1_000_000).nullable(),
    deliveryMethod: z.enum(DELIVERY),
    locationDetails: z.string().trim().max(2000).nullable(),
    videoConferenceProvider: z.string().trim().max(50).nullable(),
    schedule: z.unknown(),
    price: amount.nullable(),
    currency: z.string().trim().toUpperCase().regex(CURRENCY_RE, "must be a 3-letter ISO currency code"),
    creditCost: z.number().int().min(1, "must be at least 1").max(1_000_000).nullable(),
    paymentOptions: z.record(z.string().max(50), z.boolean()),
    registrationDeadline: z.date().nullable(),
    portalConfig: portalConfigSchema,
  })
  .superRefine((o, ctx) => {
    const bookable = o.offeringType === "RECURRING_BOOKABLE";
    if (bookable && o.maxParticipants !== null) {
      ctx.addIssue({ code: "custom", path: ["maxParticipants"], message: "must be empty for RECURRING_BOOKABLE (capacity is per slot: schedule.slot_capacity)" });
    }
    if (!bookable && o.capacityType === "ONE_ON_ONE" && o.maxParticipants !== null && o.maxParticipants !== 1) {
      ctx.addIssue({ code: "custom", path: ["maxParticipants"], message: "must be 1 for ONE_ON_ONE" });
    }
    if (!bookable && o.capacityType === "UNLIMITED" && o.maxParticipants !== null) {
      ctx.addIssue({ code: "custom", path: ["maxParticipants"], message: "must be empty for UNLIMITED" });
    }
    if (!bookable && (o.capacityType === "SMALL_GROUP" || o.capacityType === "LARGE_GROUP") && o.maxParticipants === null) {
      ctx.addIssue({ code: "custom", path: ["maxParticipants"], message: `is required for ${o.capacityType}` });
    }
    if ((o.deliveryMethod === "IN_PERSON" || o.deliveryMethod === "HYBRID") && !o.locationDetails) {
      ctx.addIssue({ code: "custom", path: ["locationDetails"], message: `is required for ${o.deliveryMethod} offerings` });
    }
  });

type OfferingData = z.infer<typeof offeringSchema>;

export interface OfferingInput {
  title?: string | null;
  slug?: string | null;
  description?: string | null;
  offeringType?: OfferingType | null;
  capacityType?: CapacityType | null;
  maxParticipants?: number | null;
  deliveryMethod?: DeliveryMethod | null;
  locationDetails?: string | null;
  videoConferenceProvider?: string | null;
  schedule?: unknown;
  price?: string | null;
  currency?: string | null;
  creditCost?: number | null;
  paymentOptions?: unknown;
  registrationDeadline?: Date | null;
  portalConfig?: unknown;
}

/** The keys of `input` that carry a value: undefined (and, with `dropNull`, null) ones are left out so defaults apply. */
function given<T extends object>(input: T, dropNull: boolean): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined && !(dropNull && v === null))) as Partial<T>;
}

const OFFERING_DEFAULTS = {
  description: null,
  maxParticipants: null,
  locationDetails: null,
  videoConferenceProvider: null,
  price: null,
  currency: "USD",
  creditCost: null,
  paymentOptions: {},
  registrationDeadline: null,
  portalConfig: {},
};

function slugFrom(title: string): string {
  const base = title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "offering"}-${randomBytes(3).toString("hex")}`;
}

/** Validates the whole offering (the per-type schedule included) and returns what to store. */
function validateOffering(candidate: Record<string, unknown>): OfferingData & { schedule: Prisma.InputJsonValue } {
  const data = parseInput(offeringSchema, candidate);
  const { schedule } = parseInput(z.object({ schedule: scheduleSchema(data.offeringType) }), { schedule: candidate.schedule });
  const s = schedule as { slot_capacity?: number };
  if (data.offeringType === "RECURRING_BOOKABLE" && (data.capacityType === "SMALL_GROUP" || data.capacityType === "LARGE_GROUP") && !s.slot_capacity) {
    throw errors.badInput("schedule.slot_capacity", `is required for a ${data.capacityType} bookable service`);
  }
  return { ...data, schedule: schedule as Prisma.InputJsonValue };
}

function toRow(d: ReturnType<typeof validateOffering>) {
  return {
    title: d.title,
    slug: d.slug,
    description: d.description,
    offeringType: d.offeringType,
    capacityType: d.capacityType,
    maxParticipants: d.offeringType === "RECURRING_BOOKABLE" ? null : d.capacityType === "ONE_ON_ONE" ? 1 : d.maxParticipants,
    deliveryMethod: d.deliveryMethod,
    locationDetails: d.locationDetails,
    videoConferenceProvider: d.videoConferenceProvider,
    schedule: d.schedule,
    price: d.price === null ? null : new Decimal(d.price),
    currency: d.currency,
    creditCost: d.creditCost,
    paymentOptions: d.paymentOptions,
    registrationDeadline: d.registrationDeadline,
    portalConfig: d.portalConfig as Prisma.InputJsonValue,
  };
}

function auditable(o: Pick<Offering, "title" | "status" | "price" | "currency" | "creditCost" | "maxParticipants" | "offeringType">) {
  return { title: o.title, status: o.status, offeringType: o.offeringType, price: o.price ? money(o.price) : null, currency: o.currency, creditCost: o.creditCost, maxParticipants: o.maxParticipants };
}

export async function createOffering(ctx: Context, input: OfferingInput): Promise<string> {
  const viewer = requireViewer(ctx);
  const d = validateOffering({ ...OFFERING_DEFAULTS, slug: slugFrom(input.title ?? ""), ...given(input, true) });
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const o = await tx.offering.create({ data: { ...toRow(d), creatorId: viewer.id, status: "DRAFT" } });
      await recordAudit(tx, ctx, { action: "offering.create", entityType: "Offering", entityId: o.id, newValues: auditable(o) });
      return o.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict("SLUG_TAKEN", "Another offering already uses this slug.");
    throw e;
  }
}

/** Loads an offering the viewer may change: NOT_FOUND if they cannot see it, FORBIDDEN if they only see it. */
async function ownedOffering(ctx: Context, id: string): Promise<Offering> {
  const viewer = requireViewer(ctx);
  const o = await ctx.prisma.offering.findFirst({ where: { id, AND: [offeringWhereFor(viewer, "read")] } });
  if (!o) throw errors.notFound("Offering", id);
  if (o.creatorId !== viewer.id && !isAdmin(viewer)) throw errors.forbidden("Only the offering's creator can change it.");
  return o;
}

export async function updateOffering(ctx: Context, id: string, input: OfferingInput): Promise<string> {
  const before = await ownedOffering(ctx, id);
  if (before.deletedAt) throw errors.conflict("DELETED", "This offering was deleted.");
  // Omitted fields keep their value; null clears a nullable one (and fails validation on a required one).
  const current = { ...before, price: before.price ? money(before.price) : null };
  const d = validateOffering({ ...current, ...given(input, false) });
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const [locked] = await tx.$queryRaw<{ booking_count: number }[]>`SELECT booking_count FROM offerings WHERE id = ${id}::uuid FOR UPDATE`;
      const row = toRow(d);
      if (row.offeringType !== before.offeringType && (await tx.offeringBooking.count({ where: { offeringId: id } })) > 0) {
        throw errors.conflict("HAS_BOOKINGS", "The type of an offering that has bookings cannot change.");
      }
      if (row.maxParticipants !== null && row.maxParticipants < locked.booking_count) {
        throw errors.conflict("CAPACITY_BELOW_BOOKINGS", `maxParticipants cannot go below the ${locked.booking_count} live bookings.`, { bookingCount: locked.booking_count });
      }
      const after = await tx.offering.update({ where: { id }, data: row });
      await recordAudit(tx, ctx, { action: "offering.update", entityType: "Offering", entityId: id, oldValues: auditable(before), newValues: auditable(after) });
      return id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict("SLUG_TAKEN", "Another offering already uses this slug.");
    throw e;
  }
}

export async function setOfferingStatus(ctx: Context, id: string, status: "PUBLISHED" | "ARCHIVED"): Promise<string> {
  const before = await ownedOffering(ctx, id);
  if (before.deletedAt) throw errors.conflict("DELETED", "This offering was deleted.");
  if (before.status === status) return id;
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const after = await tx.offering.update({ where: { id }, data: { status, ...(status === "PUBLISHED" && !before.publishedAt ? { publishedAt: now } : {}) } });
    await recordAudit(tx, ctx, { action: status === "PUBLISHED" ? "offering.publish" : "offering.archive", entityType: "Offering", entityId: id, oldValues: { status: before.status }, newValues: { status: after.status } });
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// Resources
// ---------------------------------------------------------------------------------------------

const url = z.string().trim().max(2000).url("must be a URL").refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

const resourceSchema = z
  .object({
    resourceType: z.enum(["CONTENT", "FILE", "LINK", "TEXT"]),
    contentId: z.string().uuid().nullable(),
    fileUrl: url.nullable(),
    linkUrl: url.nullable(),
    textContent: z.string().max(50_000).nullable(),
    title: z.string().trim().min(1, "must not be empty").max(500),
    description: z.string().max(5000).nullable(),
    availableWhen: z.enum(["BEFORE", "DURING", "AFTER", "ALWAYS"]),
    unlockAt: z.date().nullable(),
    displayOrder: z.number().int().min(0).max(100_000),
  })
  .superRefine((r, ctx) => {
    const column = { CONTENT: "contentId", FILE: "fileUrl", LINK: "linkUrl", TEXT: "textContent" } as const;
    for (const [type, field] of Object.entries(column)) {
      const set = r[field] !== null && r[field] !== "";
      if (type === r.resourceType && !set) ctx.addIssue({ code: "custom", path: [field], message: `is required for a ${type} resource` });
      if (type !== r.resourceType && set) ctx.addIssue({ code: "custom", path: [field], message: `must be empty for a ${r.resourceType} resource` });
    }
  });

export interface ResourceInput {
  resourceType: ResourceType;
  contentId?: string | null;
  fileUrl?: string | null;
  linkUrl?: string | null;
  textContent?: string | null;
  title: string;
  description?: string | null;
  availableWhen?: ResourceAvailability | null;
  unlockAt?: Date | null;
  displayOrder?: number | null;
}

export async function addResource(ctx: Context, offeringId: string, input: ResourceInput): Promise<string> {
  const offering = await ownedOffering(ctx, offeringId);
  const defaults = { contentId: null, fileUrl: null, linkUrl: null, textContent: null, description: null, availableWhen: "DURING", unlockAt: null, displayOrder: 0 };
  const data = parseInput(resourceSchema, { ...defaults, ...given(input, true) });
  if (data.contentId) {
    const visible = await ctx.prisma.content.count({ where: { id: data.contentId, AND: [contentWhereFor(ctx.viewer, "read")] } });
    if (!visible) throw errors.notFound("Content", data.contentId);
  }
  return transaction(ctx.prisma, async (tx) => {
    const r = await tx.offeringResource.create({ data: { ...data, offeringId: offering.id } });
    await recordAudit(tx, ctx, { action: "offering_resource.create", entityType: "OfferingResource", entityId: r.id, newValues: { offeringId, resourceType: r.resourceType, title: r.title, availableWhen: r.availableWhen } });
    return r.id;
  });
}

export async function removeResource(ctx: Context, resourceId: string): Promise<string> {
  const viewer = requireViewer(ctx);
  const r = await ctx.prisma.offeringResource.findFirst({ where: { id: resourceId, offering: offeringWhereFor(viewer, "read") }, include: { offering: { select: { creatorId: true } } } });
  // Only the creator (and admins) see resources outside a portal, so anyone else gets NOT_FOUND.
  if (!r || (r.offering.creatorId !== viewer.id && !isAdmin(viewer))) throw errors.notFound("Offering resource", resourceId);
  return transaction(ctx.prisma, async (tx) => {
    await tx.offeringResource.delete({ where: { id: resourceId } });
    await recordAudit(tx, ctx, { action: "offering_resource.delete", entityType: "OfferingResource", entityId: resourceId, oldValues: { offeringId: r.offeringId, title: r.title, resourceType: r.resourceType } });
    return resourceId;
  });
}

// ---------------------------------------------------------------------------------------------
// Booking
// ---------------------------------------------------------------------------------------------

const bookingSchema = z.object({
  paymentMethod: z.enum(["PURCHASE", "SUBSCRIPTION", "CREDITS"]),
  idempotencyKey: idempotencyKeySchema,
  cohortStartDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").nullable(),
  notes: z.string().trim().max(2000).nullable(),
  contactName: z.string().trim().min(1).max(200).nullable(),
  contactEmail: emailSchema.nullable(),
});

export interface BookingInput {
  offeringId: string;
  paymentMethod: BookingPaymentMethod;
  idempotencyKey: string;
  scheduledAt?: Date | null;
  cohortStartDate?: string | null;
  notes?: string | null;
  contactName?: string | null;
  contactEmail?: string | null;
}

export interface BookingResult {
  bookingId: string;
  checkout: CheckoutResult | null;
}

const LIVE_BOOKING = ["PENDING", "CONFIRMED"] as const;

export async function bookOffering(ctx: Context, input: BookingInput): Promise<BookingResult> {
  const viewer = requireViewer(ctx);
  await requireVerifiedEmail(ctx);
  const defaults = { cohortStartDate: null, notes: null, contactName: null, contactEmail: null };
  const data = parseInput(bookingSchema, { ...defaults, ...given(input, true) });
  const now = ctx.services.clock();

  const replay = async (db: Tx) => {
    const b = await db.offeringBooking.findUnique({ where: { customerId_idempotencyKey: { customerId: viewer.id, idempotencyKey: data.idempotencyKey } } });
    if (b && b.offeringId !== input.offeringId) throw errors.conflict("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was already used for another booking; use a new key for a new booking.");
    return b;
  };
  let booking = await replay(ctx.prisma);
  if (!booking) {
    const offering = await ctx.prisma.offering.findFirst({ where: { id: input.offeringId, AND: [offeringWhereFor(viewer, "read")] } });
    if (!offering) throw errors.notFound("Offering", input.offeringId);
    if (offering.status !== "PUBLISHED" || offering.deletedAt) throw errors.conflict("NOT_BOOKABLE", "This offering is not open for booking.");
    if (offering.creatorId === viewer.id) throw errors.forbidden("You cannot book your own offering.", "OWN_OFFERING");
    if (offering.registrationDeadline && now >= offering.registrationDeadline) throw errors.conflict("REGISTRATION_CLOSED", "The registration deadline has passed.");
    const window = bookingWindow(offering.offeringType, offering.schedule, { scheduledAt: input.scheduledAt ?? null, cohortStartDate: data.cohortStartDate, capacityType: offering.capacityType, now });
    const free = !offering.price && !offering.creditCost;
    if (data.paymentMethod === "PURCHASE" && !offering.price && !free) throw errors.badInput("paymentMethod", "this offering is not sold for money: book it with CREDITS");
    if (data.paymentMethod === "CREDITS" && !offering.creditCost) throw errors.badInput("paymentMethod", "this offering cannot be booked with credits");
    const paid = data.paymentMethod === "PURCHASE" && !!offering.price;
    const split = paid ? revenueSplit(offering.price!, ctx.config.PLATFORM_FEE_PERCENT, await isPlatformOwner(ctx.prisma, offering.creatorId, now)) : null;

    booking = await transaction(ctx.prisma, async (tx) => {
      await advisoryLock(tx, `offerings:booking:${viewer.id}:${data.idempotencyKey}`);
      const again = await replay(tx);
      if (again) return again;
      const [locked] = await tx.$queryRaw<{ booking_count: number; max_participants: number | null; status: string; deleted_at: Date | null }[]>`
        SELECT booking_count, max_participants, status::text AS status, deleted_at FROM offerings WHERE id = ${offering.id}::uuid FOR UPDATE`;
      if (!locked || locked.status !== "PUBLISHED" || locked.deleted_at) throw errors.conflict("NOT_BOOKABLE", "This offering is not open for booking.");
      if (offering.offeringType === "RECURRING_BOOKABLE") {
        await assertSlotFree(tx, offering.id, window);
      } else {
        const mine = await tx.offeringBooking.count({
          where: {
            offeringId: offering.id,
            customerId: viewer.id,
            status: { in: [...LIVE_BOOKING] },
            ...(window.details.cohort_start_date ? { bookingDetails: { path: ["cohort_start_date"], equals: window.details.cohort_start_date as string } } : {}),
          },
        });
        if (mine > 0) throw errors.conflict("ALREADY_BOOKED", "You already hold a booking for this offering.");
      }
      if (locked.max_participants !== null && locked.booking_count >= locked.max_participants) {
        throw errors.conflict("SOLD_OUT", "This offering is fully booked.", { maxParticipants: locked.max_participants });
      }
      if (data.paymentMethod === "SUBSCRIPTION") await assertSubscriptionCovers(tx, ctx, viewer.id, offering, now);
      await tx.offering.update({ where: { id: offering.id }, data: { bookingCount: { increment: 1 } } });

      const durationMinutes = window.startsAt && window.endsAt ? Math.max(1, Math.round((window.endsAt.getTime() - window.startsAt.getTime()) / 60_000)) : null;
      const created = await tx.offeringBooking.create({
        data: {
          customerId: viewer.id,
          offeringId: offering.id,
          paymentMethod: data.paymentMethod,
          status: paid ? "PENDING" : "CONFIRMED",
          amountPaid: paid ? offering.price! : 0,
          currency: offering.currency,
          creditsUsed: data.paymentMethod === "CREDITS" ? offering.creditCost! : 0,
          bookingDetails: { ...window.details, ends_at: window.endsAt?.toISOString() ?? null } as Prisma.InputJsonValue,
          scheduledAt: window.startsAt,
          durationMinutes,
          notes: data.notes,
          contactName: data.contactName,
          contactEmail: data.contactEmail,
          idempotencyKey: data.idempotencyKey,
        },
      });
      let withPayment = created;
      if (data.paymentMethod === "CREDITS") {
        await applyCreditChange(tx, {
          userId: viewer.id,
          type: "SPENT_OFFERING",
          amount: -offering.creditCost!,
          offeringBookingId: created.id,
          description: `Booking: ${offering.title}`,
          idempotencyKey: `booking:${created.id}`,
        });
      }
      if (paid) {
        const payment = await createPendingPayment(tx, {
          createdAt: now,
          userId: viewer.id,
          purpose: "OFFERING_BOOKING",
          amount: offering.price!,
          currency: offering.currency,
          provider: ctx.services.payments.active.name,
          idempotencyKey: `booking:${data.idempotencyKey}`,
          description: `Booking: ${offering.title}`,
          offeringId: offering.id,
          ...split!,
        });
        withPayment = await tx.offeringBooking.update({ where: { id: created.id }, data: { paymentId: payment.id } });
      } else {
        await confirmBooking(tx, created, offering, window, now);
      }
      await recordAudit(tx, ctx, {
        action: "booking.create",
        entityType: "OfferingBooking",
        entityId: created.id,
        newValues: { offeringId: offering.id, paymentMethod: data.paymentMethod, status: withPayment.status, scheduledAt: window.startsAt, creditsUsed: withPayment.creditsUsed },
      });
      return withPayment;
    });
  }
  const result = booking.paymentId ? await checkout(ctx, ctx, booking.paymentId) : null;
  return { bookingId: booking.id, checkout: result };
}

/** SLOT_TAKEN when the slot's capacity is used up (`exceptBookingId`: a booking moving out of the way does not count). */
export async function assertSlotFree(tx: Tx, offeringId: string, window: BookingWindow, exceptBookingId?: string): Promise<void> {
  if (!window.startsAt || window.slotCapacity === null || window.slotCapacity === undefined) return;
  const guard = (window.slotGuardMinutes ?? 0) * 60_000;
  const taken = await tx.offeringBooking.count({
    where: {
      offeringId,
      ...(exceptBookingId ? { id: { not: exceptBookingId } } : {}),
      status: { in: [...LIVE_BOOKING] },
      scheduledAt: { gt: new Date(window.startsAt.getTime() - guard), lt: new Date(window.startsAt.getTime() + guard) },
    },
  });
  if (taken >= window.slotCapacity) throw errors.conflict("SLOT_TAKEN", "This time slot is already booked.");
}

interface AccessRule {
  type?: unknown;
  included?: unknown;
}

async function assertSubscriptionCovers(tx: Tx, ctx: Context, userId: string, offering: Offering, now: Date): Promise<void> {
  const subs = await tx.subscription.findMany({
    where: { userId, ...entitlingSubscriptionWhere(now, ctx.config.SUBSCRIPTION_GRACE_DAYS) },
    select: { tier: { select: { offeringAccessRules: true, creatorId: true } } },
  });
  const covered = subs.some(({ tier }) => {
    if (tier.creatorId && tier.creatorId !== offering.creatorId) return false;
    const rules = Array.isArray(tier.offeringAccessRules) ? (tier.offeringAccessRules as AccessRule[]) : [];
    return rules.some((r) => {
      if (!r || typeof r !== "object" || r.included === false) return false;
      const type = String(r.type ?? "").toUpperCase();
      return type === offering.offeringType || type === "*" || type === "ALL";
    });
  });
  if (!covered) throw errors.paymentRequired("No active subscription of yours includes this kind of offering.", "NO_ENTITLING_SUBSCRIPTION");
}

/** CONFIRMED + portal access (expiry from the offering's portalConfig) + confirmation receipt. */
async function confirmBooking(tx: Tx, booking: OfferingBooking, offering: Offering, window: Pick<BookingWindow, "startsAt" | "endsAt">, now: Date): Promise<void> {
  if (booking.status !== "CONFIRMED") await tx.offeringBooking.update({ where: { id: booking.id }, data: { status: "CONFIRMED" } });
  const config = portalConfigSchema.safeParse(offering.portalConfig);
  const portal = portalWindow(config.success ? config.data : ({} as PortalConfig), window, now);
  await tx.offeringPortalAccess.create({
    data: { bookingId: booking.id, userId: booking.customerId, offeringId: offering.id, grantedAt: portal.grantedAt, expiresAt: portal.expiresAt, startsAt: window.startsAt, endsAt: window.endsAt },
  });
  await sendReceipt(tx, {
    userId: booking.customerId,
    type: "BOOKING_CONFIRMED",
    emailType: "booking_confirmation",
    title: `Booked: ${offering.title}`,
    message: `Your booking of "${offering.title}" is confirmed${window.startsAt ? ` for ${window.startsAt.toISOString()}` : ""}.`,
    relatedEntityType: "OfferingBooking",
    relatedEntityId: booking.id,
  });
}

/** CANCELED: frees the seat, closes the portal, gives credits back. Caller holds the booking (or its payment) lock. */
async function releaseBooking(tx: Tx, booking: OfferingBooking, now: Date, reason: string): Promise<void> {
  await tx.offeringBooking.update({ where: { id: booking.id }, data: { status: "CANCELED", canceledAt: now, cancellationReason: reason.slice(0, 500) } });
  await tx.offering.updateMany({ where: { id: booking.offeringId, bookingCount: { gt: 0 } }, data: { bookingCount: { decrement: 1 } } });
  await tx.offeringPortalAccess.updateMany({ where: { bookingId: booking.id, revokedAt: null }, data: { revokedAt: now } });
  if (booking.paymentMethod === "CREDITS" && booking.creditsUsed > 0) {
    await applyCreditChange(tx, {
      userId: booking.customerId,
      type: "REFUND_OFFERING",
      amount: booking.creditsUsed,
      offeringBookingId: booking.id,
      description: "Booking cancelled: credits returned",
      idempotencyKey: `booking-refund:${booking.id}`,
    });
  }
}

export async function cancelBooking(ctx: Context, bookingId: string, rawReason: string | null | undefined): Promise<string> {
  const viewer = requireViewer(ctx);
  const reason = parseInput(z.object({ reason: z.string().trim().max(500).nullable() }), { reason: rawReason ?? null }).reason || "cancelled";
  const b0 = await ctx.prisma.offeringBooking.findFirst({ where: { id: bookingId, AND: [bookingWhereFor(viewer)] }, include: { offering: { select: { creatorId: true } } } });
  if (!b0) throw errors.notFound("Booking", bookingId);
  const byCustomer = b0.customerId === viewer.id && b0.offering.creatorId !== viewer.id && !isAdmin(viewer);
  const now = ctx.services.clock();
  const outcome = await transaction(ctx.prisma, async (tx) => {
    // Lock order everywhere: payment, then booking, then offering.
    const payment: Payment | null = b0.paymentId ? await lockPayment(tx, b0.paymentId) : null;
    await tx.$queryRaw`SELECT id FROM offering_bookings WHERE id = ${bookingId}::uuid FOR UPDATE`;
    const b = await tx.offeringBooking.findUniqueOrThrow({ where: { id: bookingId } });
    if (b.status !== "PENDING" && b.status !== "CONFIRMED") throw errors.conflict("NOT_CANCELABLE", `This booking is ${b.status}.`, { status: b.status });
    if (byCustomer && b.scheduledAt && now >= b.scheduledAt) throw errors.conflict("TOO_LATE_TO_CANCEL", "This booking has already started; ask the creator to cancel it.");
    const env: TransitionEnv = { actor: ctx, now };
    const why = `${byCustomer ? "cancelled by the customer" : "cancelled by the host"}: ${reason}`;
    let refunded = false;
    if (payment && (payment.status === "COMPLETED" || payment.status === "PENDING")) {
      // The payment's fulfiller releases the booking; the booking keeps the cancellation's reason.
      if (payment.status === "COMPLETED") await refundPayment(tx, env, payment.id, why, "cancellation");
      else await failPayment(tx, env, payment.id, why);
      refunded = payment.status === "COMPLETED";
      await tx.offeringBooking.update({ where: { id: b.id }, data: { cancellationReason: why.slice(0, 500) } });
    } else {
      await releaseBooking(tx, b, now, why);
    }
    await recordAudit(tx, ctx, { action: "booking.cancel", entityType: "OfferingBooking", entityId: b.id, oldValues: { status: b.status }, newValues: { status: "CANCELED", reason: why } });
    return { refunded, paymentId: payment?.id ?? null };
  });
  if (outcome.refunded && outcome.paymentId) await requestProviderRefund(ctx, outcome.paymentId);
  return bookingId;
}

// ---------------------------------------------------------------------------------------------
// Fulfilment of booking payments (purpose OFFERING_BOOKING) in the commerce state machine.
// ---------------------------------------------------------------------------------------------

registerFulfiller("OFFERING_BOOKING", {
  async complete(tx, payment, { now }) {
    const booking = await tx.offeringBooking.findUniqueOrThrow({ where: { paymentId: payment.id }, include: { offering: true } });
    if (booking.status === "CONFIRMED" || booking.status === "COMPLETED") return { ok: true };
    if (booking.status !== "PENDING") return { ok: false, reason: `BOOKING_${booking.status}` };
    const confirmed = await tx.offeringBooking.update({
      where: { id: booking.id },
      data: { status: "CONFIRMED", stripePaymentIntentId: payment.provider === "stripe" ? payment.providerPaymentId : null },
    });
    const storedEnd = (booking.bookingDetails as { ends_at?: string | null } | null)?.ends_at;
    const endsAt = storedEnd ? new Date(storedEnd) : null;
    await confirmBooking(tx, confirmed, booking.offering, { startsAt: booking.scheduledAt, endsAt }, now);
    return { ok: true };
  },
  async fail(tx, payment, { now }) {
    const booking = await tx.offeringBooking.findUniqueOrThrow({ where: { paymentId: payment.id } });
    if (booking.status === "PENDING" || booking.status === "CONFIRMED") await releaseBooking(tx, booking, now, `payment failed: ${payment.failureReason ?? ""}`);
  },
  async refund(tx, payment, { now }) {
    const booking = await tx.offeringBooking.findUniqueOrThrow({ where: { paymentId: payment.id } });
    if (booking.status === "PENDING" || booking.status === "CONFIRMED") await releaseBooking(tx, booking, now, `refunded: ${payment.refundReason ?? ""}`);
  },
});
