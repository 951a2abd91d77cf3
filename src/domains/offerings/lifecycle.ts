// Booking lifecycle after the booking (001, 003): the host marks a session COMPLETED or NO_SHOW
// once it has started, and customers get one BOOKING_REMINDER before their session starts
// (job offerings.booking-reminders; the conditional update on reminder_sent_at makes it
// idempotent, also when two job runners overlap). Reminders respect the customer's notification
// settings (notify()). Installment payment is not offered: no offering declares it, and
// bookOffering takes the whole price (or credits, or a subscription).
import { transaction } from "../../core/tx.ts";
import type { Job } from "../../core/jobs.ts";
import type { JobRuntime } from "../../core/jobs.ts";
import { isAdmin, requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";

/** When the booked session starts: the consultation slot, else the portal window's start. */
function startOf(b: { scheduledAt: Date | null; portalAccess: { startsAt: Date | null } | null }): Date | null {
  return b.scheduledAt ?? b.portalAccess?.startsAt ?? null;
}

export async function markBookingOutcome(ctx: Context, bookingId: string, outcome: "COMPLETED" | "NO_SHOW"): Promise<string> {
  const viewer = requireViewer(ctx);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    await tx.$queryRaw`SELECT id FROM offering_bookings WHERE id = ${bookingId}::uuid FOR UPDATE`;
    const b = await tx.offeringBooking.findUnique({ where: { id: bookingId }, include: { offering: { select: { creatorId: true, title: true } }, portalAccess: { select: { startsAt: true } } } });
    // The customer may see the booking, but only the host (or an admin) marks it.
    if (!b || (b.offering.creatorId !== viewer.id && !isAdmin(viewer))) throw errors.notFound("Booking", bookingId);
    if (b.status === outcome) return b.id;
    if (b.status !== "CONFIRMED") throw errors.conflict("NOT_CONFIRMED", `Only a confirmed booking can be marked; this one is ${b.status}.`, { status: b.status });
    const start = startOf(b);
    if (start && start > now) throw errors.conflict("NOT_STARTED", "The session has not started yet.", { startsAt: start.toISOString() });
    await tx.offeringBooking.update({ where: { id: b.id }, data: { status: outcome, outcomeAt: now } });
    await recordAudit(tx, ctx, { action: `booking.${outcome === "COMPLETED" ? "complete" : "no_show"}`, entityType: "OfferingBooking", entityId: b.id, oldValues: { status: b.status }, newValues: { status: outcome } });
    return b.id;
  });
}

/** Sends the reminder for confirmed sessions starting within `hoursAhead`; each booking at most once. */
export async function sendBookingReminders(rt: JobRuntime, hoursAhead = 24): Promise<{ sent: number }> {
  const now = rt.services.clock();
  const until = new Date(now.getTime() + hoursAhead * 3_600_000);
  const window = { gt: now, lte: until };
  const due = await rt.db.prisma.offeringBooking.findMany({
    where: { status: "CONFIRMED", reminderSentAt: null, OR: [{ scheduledAt: window }, { scheduledAt: null, portalAccess: { startsAt: window } }] },
    include: { offering: { select: { title: true, slug: true } }, portalAccess: { select: { startsAt: true } } },
    take: 500,
  });
  let sent = 0;
  for (const b of due) {
    const start = startOf(b)!;
    const done = await transaction(rt.db.prisma, async (tx) => {
      const claimed = await tx.offeringBooking.updateMany({ where: { id: b.id, reminderSentAt: null, status: "CONFIRMED" }, data: { reminderSentAt: now } });
      if (claimed.count === 0) return false;
      await notify(tx, {
        userId: b.customerId,
        type: "BOOKING_REMINDER",
        title: `Coming up: ${b.offering.title}`,
        message: `Your session starts at ${start.toISOString().replace("T", " ").slice(0, 16)} UTC.`,
        actionUrl: `/portal/${b.offering.slug}`,
        actionLabel: "Open portal",
        relatedEntityType: "OfferingBooking",
        relatedEntityId: b.id,
      });
      return true;
    });
    if (done) sent++;
  }
  return { sent };
}

export const bookingJobs: Job[] = [
  { name: "offerings.booking-reminders", everySeconds: 900, run: (rt) => sendBookingReminders(rt) },
];
