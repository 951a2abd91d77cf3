// Offerings rules. Rows are filtered by visibility.ts before they load; ownership of what is
// changed is checked in the service (NOT_FOUND when the viewer cannot see it, FORBIDDEN when they
// see it but do not own it). A booking's payment is for its customer and admins only.
import { rule } from "graphql-shield";
import type { Context } from "../../core/context.ts";
import { isAdmin as viewerIsAdmin } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { allow, isAdmin, isAuthenticated, isCreator, isSelfOrAdmin, or } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

const isBookingCustomerOrAdmin = rule({ cache: "no_cache" })((booking: { customerId: string }, _a, ctx: Context) => {
  if (!ctx.viewer) return errors.unauthenticated();
  return viewerIsAdmin(ctx.viewer) || booking.customerId === ctx.viewer.id ? true : errors.forbidden("Only the customer sees the payment.");
});

const isCreatorOrAdmin = or(isCreator, isAdmin);

export const rules = {
  Query: { offerings: allow, offering: allow },
  Mutation: {
    createOffering: isCreatorOrAdmin,
    updateOffering: isAuthenticated,
    publishOffering: isAuthenticated,
    archiveOffering: isAuthenticated,
    addOfferingResource: isAuthenticated,
    removeOfferingResource: isAuthenticated,
    bookOffering: isAuthenticated,
    cancelBooking: isAuthenticated,
    markBookingCompleted: isAuthenticated,
    markBookingNoShow: isAuthenticated,
    rescheduleBooking: isAuthenticated,
  },
  Offering: { "*": allow },
  OfferingBooking: { "*": allow, payment: isBookingCustomerOrAdmin },
  OfferingPortalAccess: { "*": allow },
  OfferingResource: { "*": allow },
  BookingPayload: { "*": allow },
  CreditTransaction: { offeringBooking: allow },
  User: { offeringBookings: isSelfOrAdmin, hostedOfferings: isSelfOrAdmin },
} satisfies RuleMap;
