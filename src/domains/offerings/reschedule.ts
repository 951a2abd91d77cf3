// Rescheduling a booking (001 bookings, 003 offering_bookings): a booked slot of a bookable
// service (RECURRING_BOOKABLE) moves to another slot of the same service.
//  - Who: the customer, until the offering's notice window (schedule.reschedule_notice_hours,
//    default 24) before the booked start; the host (or an admin) any time before it starts,
//    e.g. when they fall ill. Anyone else: NOT_FOUND (as for every booking they cannot see).
//  - What: the new slot passes the same checks as a new booking (in the future, within
//    booking_window_days, on the availability grid) and must have room. The offering row is locked
//    (the same lock bookOffering takes) so a reschedule and a new booking never both get the last
//    place of a slot. The booking keeps its seat, payment and credits: booking_count is unchanged.
//  - Effects: scheduledAt, the booked session and the portal window move; the reminder is re-armed;
//    the other party gets a notification; one audit row (booking.reschedule) with both times.
//  - Idempotent: each reschedule carries an idempotencyKey, kept in bookingDetails.reschedules;
//    a retry with the same key answers the booking as it is, the same key for another slot is a
//    CONFLICT IDEMPOTENCY_KEY_REUSED.
// Other offering types run on fixed dates (events, programs, cohorts), so their bookings answer
// CONFLICT NOT_RESCHEDULABLE: the customer cancels and books again.
import { z } from "zod";
import { recordAudit } from "../../core/audit.ts";
import { isAdmin, requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { notify } from "../../core/outbox.ts";
import { transaction } from "../../core/tx.ts";
import { idempotencyKeySchema, parseInput } from "../../core/validation.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { bookingWindow, parseSchedule, portalConfigSchema, portalWindow, type PortalConfig } from "./schedule.ts";
import { assertSlotFree } from "./service.ts";
import { bookingWhereFor } from "./visibility.ts";

export const DEFAULT_RESCHEDULE_NOTICE_HOURS = 24;

const rescheduleSchema = z.object({
  scheduledAt: z.date(),
  idempotencyKey: idempotencyKeySchema,
  reason: z.string().trim().max(500).nullable(),
});

interface RescheduleRecord {
  key: string;
  from: string | null;
  to: string;
  at: string;
  by: "customer" | "host";
  reason: string | null;
}

export interface RescheduleInput {
  scheduledAt: Date;
  idempotencyKey: string;
  reason?: string | null;
}

export async function rescheduleBooking(ctx: Context, bookingId: string, input: RescheduleInput): Promise<string> {
  const viewer = requireViewer(ctx);
  const data = parseInput(rescheduleSchema, { reason: null, ...input });
  const visible = await ctx.prisma.offeringBooking.findFirst({ where: { id: bookingId, AND: [bookingWhereFor(viewer)] }, select: { id: true } });
  if (!visible) throw errors.notFound("Booking", bookingId);
  const now = ctx.services.clock();

  return transaction(ctx.prisma, async (tx) => {
    // Lock order as everywhere: booking, then offering.
    await tx.$queryRaw`SELECT id FROM offering_bookings WHERE id = ${bookingId}::uuid FOR UPDATE`;
    const b = await tx.offeringBooking.findUniqueOrThrow({ where: { id: bookingId }, include: { offering: true, portalAccess: { select: { id: true } } } });
    const host = b.offering.creatorId === viewer.id || isAdmin(viewer);
    if (!host && b.customerId !== viewer.id) throw errors.notFound("Booking", bookingId);

    const details = (b.bookingDetails ?? {}) as Record<string, unknown>;
    const history = Array.isArray(details.reschedules) ? (details.reschedules as RescheduleRecord[]) : [];
    const replay = history.find((r) => r.key === data.idempotencyKey);
    if (replay) {
      if (replay.to !== data.scheduledAt.toISOString()) throw errors.conflict("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was already used to move the booking elsewhere; use a new key.");
      return b.id;
    }

    if (b.offering.offeringType !== "RECURRING_BOOKABLE") throw errors.conflict("NOT_RESCHEDULABLE", "Only bookings of a bookable service can be moved to another slot; cancel and book again.");
    if (b.status !== "CONFIRMED" && b.status !== "PENDING") throw errors.conflict("NOT_RESCHEDULABLE", `This booking is ${b.status}.`, { status: b.status });
    if (b.scheduledAt && now >= b.scheduledAt) throw errors.conflict("TOO_LATE_TO_RESCHEDULE", "This session has already started.");
    const schedule = parseSchedule("RECURRING_BOOKABLE", b.offering.schedule);
    const noticeHours = schedule.reschedule_notice_hours ?? DEFAULT_RESCHEDULE_NOTICE_HOURS;
    if (!host && b.scheduledAt && b.scheduledAt.getTime() - now.getTime() < noticeHours * 3_600_000) {
      throw errors.conflict("TOO_LATE_TO_RESCHEDULE", `Bookings can be moved until ${noticeHours} hours before they start; ask the host.`, { noticeHours });
    }
    if (b.scheduledAt && b.scheduledAt.getTime() === data.scheduledAt.getTime()) throw errors.badInput("scheduledAt", "is the slot this booking already has");

    const window = bookingWindow("RECURRING_BOOKABLE", b.offering.schedule, { scheduledAt: data.scheduledAt, capacityType: b.offering.capacityType, now });
    const [offering] = await tx.$queryRaw<{ status: string; deleted_at: Date | null }[]>`
      SELECT status::text AS status, deleted_at FROM offerings WHERE id = ${b.offeringId}::uuid FOR UPDATE`;
    if (!offering || offering.deleted_at) throw errors.conflict("NOT_RESCHEDULABLE", "This offering is no longer available.");
    await assertSlotFree(tx, b.offeringId, window, b.id);

    const record: RescheduleRecord = { key: data.idempotencyKey, from: b.scheduledAt?.toISOString() ?? null, to: data.scheduledAt.toISOString(), at: now.toISOString(), by: host ? "host" : "customer", reason: data.reason };
    const durationMinutes = window.endsAt ? Math.max(1, Math.round((window.endsAt.getTime() - window.startsAt!.getTime()) / 60_000)) : b.durationMinutes;
    await tx.offeringBooking.update({
      where: { id: b.id },
      data: {
        scheduledAt: window.startsAt,
        durationMinutes,
        reminderSentAt: null,
        bookingDetails: { ...details, ...window.details, ends_at: window.endsAt?.toISOString() ?? null, reschedules: [...history, record] } as unknown as Prisma.InputJsonValue,
      },
    });
    if (b.portalAccess) {
      const config = portalConfigSchema.safeParse(b.offering.portalConfig);
      const portal = portalWindow(config.success ? config.data : ({} as PortalConfig), window, now);
      await tx.offeringPortalAccess.update({ where: { id: b.portalAccess.id }, data: { startsAt: window.startsAt, endsAt: window.endsAt, grantedAt: portal.grantedAt, expiresAt: portal.expiresAt } });
    }
    await recordAudit(tx, ctx, {
      action: "booking.reschedule",
      entityType: "OfferingBooking",
      entityId: b.id,
      oldValues: { scheduledAt: b.scheduledAt },
      newValues: { scheduledAt: window.startsAt, by: record.by, reason: data.reason },
    });
    await notify(tx, {
      userId: host ? b.customerId : b.offering.creatorId,
      type: "BOOKING_CONFIRMED",
      title: `Booking moved: ${b.offering.title}`,
      message: `${host ? "Your host moved your booking" : "A customer moved their booking"} of "${b.offering.title}" to ${window.startsAt!.toISOString()}${data.reason ? ` (${data.reason})` : ""}.`,
      relatedEntityType: "OfferingBooking",
      relatedEntityId: b.id,
      metadata: { from: record.from, to: record.to },
    });
    return b.id;
  });
}
