// The host's completed / no-show marks in the graph (service: lifecycle.ts).
import { builder } from "../../schema/builder.ts";
import { markBookingOutcome } from "./lifecycle.ts";
import { OfferingBookingNode } from "./types.ts";

builder.mutationFields((t) => ({
  markBookingCompleted: t.prismaField({
    type: "OfferingBooking",
    description: "The host (or an admin): the confirmed session took place. Before it starts → CONFLICT NOT_STARTED; not confirmed → CONFLICT NOT_CONFIRMED; not your offering → NOT_FOUND.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingBookingNode] }) },
    resolve: async (query, _r, args, ctx) => ctx.prisma.offeringBooking.findUniqueOrThrow({ ...query, where: { id: await markBookingOutcome(ctx, args.id.id, "COMPLETED") } }),
  }),
  markBookingNoShow: t.prismaField({
    type: "OfferingBooking",
    description: "The host (or an admin): the customer did not come. Same rules as markBookingCompleted; nothing is refunded.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingBookingNode] }) },
    resolve: async (query, _r, args, ctx) => ctx.prisma.offeringBooking.findUniqueOrThrow({ ...query, where: { id: await markBookingOutcome(ctx, args.id.id, "NO_SHOW") } }),
  }),
}));
