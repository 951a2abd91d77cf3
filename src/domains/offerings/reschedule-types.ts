// Rescheduling in the graph (service and rules of the move: reschedule.ts).
import { builder } from "../../schema/builder.ts";
import { rescheduleBooking } from "./reschedule.ts";
import { OfferingBookingNode } from "./types.ts";

const RescheduleBookingInput = builder.inputType("RescheduleBookingInput", {
  fields: (t) => ({
    scheduledAt: t.field({ type: "DateTime", required: true, description: "The new slot: one of the service's available slots, within its booking window." }),
    idempotencyKey: t.string({ required: true, description: "Unique per reschedule; a retry with the same key changes nothing." }),
    reason: t.string({ description: "Shown to the other party." }),
  }),
});

builder.mutationFields((t) => ({
  rescheduleBooking: t.prismaField({
    type: "OfferingBooking",
    description:
      "Moves a booking of a bookable service to another slot, keeping its seat, payment and credits. The customer: until the offering's reschedule_notice_hours (default 24) before the start; the host or an admin: until it starts. Errors: CONFLICT TOO_LATE_TO_RESCHEDULE, SLOT_TAKEN, NOT_RESCHEDULABLE (other offering types, cancelled or finished bookings), IDEMPOTENCY_KEY_REUSED; BAD_USER_INPUT scheduledAt (not a slot); someone else's booking → NOT_FOUND.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingBookingNode] }), input: t.arg({ type: RescheduleBookingInput, required: true }) },
    resolve: async (query, _r, args, ctx) =>
      ctx.prisma.offeringBooking.findUniqueOrThrow({ ...query, where: { id: await rescheduleBooking(ctx, args.id.id, { scheduledAt: args.input.scheduledAt, idempotencyKey: args.input.idempotencyKey, reason: args.input.reason ?? null }) } }),
  }),
}));
