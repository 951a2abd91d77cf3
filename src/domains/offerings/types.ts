// Offerings in the graph: offerings of six types, their bookings, portal access and resources.
import {
  BookingPaymentMethod,
  BookingStatus,
  CapacityType,
  DeliveryMethod,
  OfferingType,
  ResourceAvailability,
  ResourceType,
} from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import type { Viewer } from "../../core/context.ts";
import { CheckoutRef } from "../commerce/index.ts";
import { money } from "../commerce/index.ts";
import { ContentNode, PublishStatusEnum } from "../content/index.ts";
import * as service from "./service.ts";
import { bookingWhereFor, offeringResourceWhereFor, offeringWhereFor, portalAccessWhereFor } from "./visibility.ts";

export const OfferingTypeEnum = builder.enumType(OfferingType, { name: "OfferingType" });
export const CapacityTypeEnum = builder.enumType(CapacityType, { name: "CapacityType" });
export const DeliveryMethodEnum = builder.enumType(DeliveryMethod, { name: "DeliveryMethod" });
export const BookingPaymentMethodEnum = builder.enumType(BookingPaymentMethod, { name: "BookingPaymentMethod" });
export const BookingStatusEnum = builder.enumType(BookingStatus, { name: "BookingStatus" });
export const ResourceTypeEnum = builder.enumType(ResourceType, { name: "ResourceType" });
export const ResourceAvailabilityEnum = builder.enumType(ResourceAvailability, { name: "ResourceAvailability" });

export const OfferingNode = builder.prismaNode("Offering", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "An event, program, bookable service, cohort course or retreat. `schedule` has a shape per offeringType (see docs/commerce.md).",
  findUnique: (id, ctx) => ({ id, AND: [offeringWhereFor(ctx.viewer, "read")] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    slug: t.exposeString("slug"),
    description: t.exposeString("description", { nullable: true }),
    offeringType: t.expose("offeringType", { type: OfferingTypeEnum }),
    capacityType: t.expose("capacityType", { type: CapacityTypeEnum }),
    maxParticipants: t.exposeInt("maxParticipants", { nullable: true, description: "Total capacity; null = unlimited (bookable services cap each slot instead)." }),
    bookingCount: t.exposeInt("bookingCount", { description: "Live bookings (pending payment or confirmed)." }),
    spotsLeft: t.int({ nullable: true, description: "Null when unlimited.", resolve: (o) => (o.maxParticipants === null ? null : Math.max(0, o.maxParticipants - o.bookingCount)) }),
    deliveryMethod: t.expose("deliveryMethod", { type: DeliveryMethodEnum }),
    locationDetails: t.exposeString("locationDetails", { nullable: true }),
    videoConferenceProvider: t.exposeString("videoConferenceProvider", { nullable: true }),
    schedule: t.expose("schedule", { type: "JSON" }),
    price: t.field({ type: "Decimal", nullable: true, description: "Null: not sold for money.", resolve: (o) => (o.price ? money(o.price) : null) }),
    currency: t.exposeString("currency"),
    creditCost: t.exposeInt("creditCost", { nullable: true, description: "Credits to book; null: credits not accepted." }),
    paymentOptions: t.expose("paymentOptions", { type: "JSON" }),
    portalConfig: t.expose("portalConfig", { type: "JSON" }),
    status: t.expose("status", { type: PublishStatusEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    registrationDeadline: t.expose("registrationDeadline", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    creator: t.relation("creator"),
    resources: t.relatedConnection(
      "resources",
      {
        cursor: "id",
        totalCount: true,
        description: "Resources the viewer may see now: all for the creator; for a customer those their portal access and each resource's availableWhen / unlockAt allow.",
        query: (_a, ctx) => ({ where: offeringResourceWhereFor(ctx.viewer, ctx.services.clock()), orderBy: [{ displayOrder: "asc" }, { id: "asc" }] }),
      },
      {},
    ),
    bookings: t.relatedConnection(
      "bookings",
      {
        cursor: "id",
        totalCount: true,
        description: "All bookings for the creator; the viewer's own for anyone else.",
        query: (_a, ctx) => ({ where: bookingWhereFor(ctx.viewer), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      },
      {},
    ),
  }),
});

export const OfferingBookingNode = builder.prismaNode("OfferingBooking", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A booking of an offering (also the 001 consultations: scheduledAt, durationMinutes, notes, contact). Visible to the customer, the host and admins.",
  findUnique: (id, ctx) => ({ id, AND: [bookingWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    status: t.expose("status", { type: BookingStatusEnum }),
    paymentMethod: t.expose("paymentMethod", { type: BookingPaymentMethodEnum }),
    amountPaid: t.field({ type: "Decimal", resolve: (b) => money(b.amountPaid) }),
    currency: t.exposeString("currency"),
    creditsUsed: t.exposeInt("creditsUsed"),
    scheduledAt: t.expose("scheduledAt", { type: "DateTime", nullable: true, description: "Start of the booked session / period." }),
    durationMinutes: t.exposeInt("durationMinutes", { nullable: true }),
    bookingDetails: t.expose("bookingDetails", { type: "JSON" }),
    notes: t.exposeString("notes", { nullable: true }),
    contactName: t.exposeString("contactName", { nullable: true }),
    contactEmail: t.exposeString("contactEmail", { nullable: true }),
    canceledAt: t.expose("canceledAt", { type: "DateTime", nullable: true }),
    cancellationReason: t.exposeString("cancellationReason", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    offering: t.relation("offering"),
    customer: t.relation("customer"),
    payment: t.relation("payment", { nullable: true, description: "Customer and admins only." }),
    portalAccess: t.relation("portalAccess", { nullable: true }),
  }),
});

builder.prismaNode("OfferingPortalAccess", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "Access to an offering's portal granted by a booking; opens and expires per the offering's portalConfig.",
  findUnique: (id, ctx) => ({ id, AND: [portalAccessWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    grantedAt: t.expose("grantedAt", { type: "DateTime", description: "When the portal opens (access_before_days before the window, or at booking)." }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "access_after_days after the window ends; null = no expiry." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
    startsAt: t.expose("startsAt", { type: "DateTime", nullable: true }),
    endsAt: t.expose("endsAt", { type: "DateTime", nullable: true }),
    isActive: t.boolean({
      resolve: (a, _args, ctx) => {
        const now = ctx.services.clock();
        return !a.revokedAt && a.grantedAt <= now && (!a.expiresAt || a.expiresAt > now);
      },
    }),
    offering: t.relation("offering"),
    booking: t.relation("booking"),
  }),
});

export const OfferingResourceNode = builder.prismaNode("OfferingResource", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  findUnique: (id, ctx) => ({ id, AND: [offeringResourceWhereFor(ctx.viewer, ctx.services.clock())] }),
  fields: (t) => ({
    resourceType: t.expose("resourceType", { type: ResourceTypeEnum }),
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    availableWhen: t.expose("availableWhen", { type: ResourceAvailabilityEnum }),
    unlockAt: t.expose("unlockAt", { type: "DateTime", nullable: true }),
    displayOrder: t.exposeInt("displayOrder"),
    content: t.relation("content", { nullable: true, description: "The linked content item; its protected fields still follow content access." }),
    fileUrl: t.exposeString("fileUrl", { nullable: true }),
    linkUrl: t.exposeString("linkUrl", { nullable: true }),
    textContent: t.exposeString("textContent", { nullable: true }),
    offering: t.relation("offering"),
  }),
});

const BookingPayload = builder.objectRef<service.BookingResult>("BookingPayload").implement({
  fields: (t) => ({
    booking: t.prismaField({ type: "OfferingBooking", resolve: (query, r, _a, ctx) => ctx.prisma.offeringBooking.findUniqueOrThrow({ ...query, where: { id: r.bookingId } }) }),
    checkout: t.field({ type: CheckoutRef, nullable: true, description: "The payment to confirm, for PURCHASE bookings of priced offerings.", resolve: (r) => r.checkout }),
  }),
});

type InputFields = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];

const offeringFields = (required: boolean) => (t: InputFields) => ({
  title: t.string({ required }),
  slug: t.string({ required: false, description: "Generated from the title when omitted." }),
  description: t.string({ required: false }),
  offeringType: t.field({ type: OfferingTypeEnum, required }),
  capacityType: t.field({ type: CapacityTypeEnum, required }),
  maxParticipants: t.int({ required: false }),
  deliveryMethod: t.field({ type: DeliveryMethodEnum, required }),
  locationDetails: t.string({ required: false }),
  videoConferenceProvider: t.string({ required: false }),
  schedule: t.field({ type: "JSON", required, description: "Shape per offeringType (validated)." }),
  price: t.field({ type: "Decimal", required: false }),
  currency: t.string({ required: false }),
  creditCost: t.int({ required: false }),
  paymentOptions: t.field({ type: "JSON", required: false }),
  registrationDeadline: t.field({ type: "DateTime", required: false }),
  portalConfig: t.field({ type: "JSON", required: false, description: "{ access_before_days, access_after_days, tabs, welcome_message }" }),
});

const CreateOfferingInput = builder.inputType("CreateOfferingInput", { fields: offeringFields(true) });
const UpdateOfferingInput = builder.inputType("UpdateOfferingInput", { description: "Omitted fields keep their value; null clears a nullable field.", fields: offeringFields(false) });

const OfferingResourceInput = builder.inputType("OfferingResourceInput", {
  fields: (t) => ({
    resourceType: t.field({ type: ResourceTypeEnum, required: true }),
    contentId: t.globalID({ required: false, for: [ContentNode] }),
    fileUrl: t.string({ required: false }),
    linkUrl: t.string({ required: false }),
    textContent: t.string({ required: false }),
    title: t.string({ required: true }),
    description: t.string({ required: false }),
    availableWhen: t.field({ type: ResourceAvailabilityEnum, required: false, description: "Default DURING." }),
    unlockAt: t.field({ type: "DateTime", required: false }),
    displayOrder: t.int({ required: false }),
  }),
});

const BookOfferingInput = builder.inputType("BookOfferingInput", {
  fields: (t) => ({
    offeringId: t.globalID({ required: true, for: [OfferingNode] }),
    paymentMethod: t.field({ type: BookingPaymentMethodEnum, required: true }),
    idempotencyKey: t.string({ required: true }),
    scheduledAt: t.field({ type: "DateTime", required: false, description: "RECURRING_BOOKABLE: the slot's start." }),
    cohortStartDate: t.string({ required: false, description: "COHORT_COURSE with several cohorts: which one (YYYY-MM-DD)." }),
    notes: t.string({ required: false }),
    contactName: t.string({ required: false }),
    contactEmail: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  offering: t.prismaField({
    type: "Offering",
    nullable: true,
    description: "An offering by slug; null when the viewer may not see it.",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _r, args, ctx) => ctx.prisma.offering.findFirst({ ...query, where: { slug: args.slug, AND: [offeringWhereFor(ctx.viewer, "read")] } }),
  }),
  offerings: t.prismaConnection(
    {
      type: "Offering",
      cursor: "id",
      description: "Published offerings (plus the viewer's own), newest first.",
      args: { offeringType: t.arg({ type: OfferingTypeEnum, required: false }), creatorId: t.arg.globalID({ required: false }) },
      resolve: (query, _r, args, ctx) => ctx.prisma.offering.findMany({ ...query, where: offeringsFilter(args, ctx), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (_r, args, ctx) => ctx.prisma.offering.count({ where: offeringsFilter(args, ctx) }),
    },
    {},
  ),
}));

function offeringsFilter(args: { offeringType?: OfferingType | null; creatorId?: { id: string } | null }, ctx: { viewer: Viewer | null }) {
  return { AND: [offeringWhereFor(ctx.viewer, "list"), args.offeringType ? { offeringType: args.offeringType } : {}, args.creatorId ? { creatorId: args.creatorId.id } : {}] };
}

builder.mutationFields((t) => ({
  createOffering: t.prismaField({
    type: "Offering",
    description: "Creators: a new DRAFT offering. The schedule is validated for the offeringType.",
    args: { input: t.arg({ type: CreateOfferingInput, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await service.createOffering(ctx, args.input as service.OfferingInput);
      return ctx.prisma.offering.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateOffering: t.prismaField({
    type: "Offering",
    args: { id: t.arg.globalID({ required: true, for: [OfferingNode] }), input: t.arg({ type: UpdateOfferingInput, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await service.updateOffering(ctx, args.id.id, args.input as service.OfferingInput);
      return ctx.prisma.offering.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  publishOffering: t.prismaField({
    type: "Offering",
    description: "Opens the offering for booking and lists it.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingNode] }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await service.setOfferingStatus(ctx, args.id.id, "PUBLISHED");
      return ctx.prisma.offering.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  archiveOffering: t.prismaField({
    type: "Offering",
    description: "Closes the offering for new bookings and unlists it; existing bookings stay.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingNode] }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await service.setOfferingStatus(ctx, args.id.id, "ARCHIVED");
      return ctx.prisma.offering.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  addOfferingResource: t.prismaField({
    type: "OfferingResource",
    args: { offeringId: t.arg.globalID({ required: true, for: [OfferingNode] }), input: t.arg({ type: OfferingResourceInput, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { contentId, ...rest } = args.input;
      const id = await service.addResource(ctx, args.offeringId.id, { ...rest, contentId: contentId?.id ?? null });
      return ctx.prisma.offeringResource.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  removeOfferingResource: t.id({
    description: "Deletes a resource; returns its id.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingResourceNode] }) },
    resolve: async (_r, args, ctx) => {
      await service.removeResource(ctx, args.id.id);
      return encodeGlobalId("OfferingResource", args.id.id);
    },
  }),
  bookOffering: t.field({
    type: BookingPayload,
    description:
      "Books an offering, paying by PURCHASE (a payment; the booking is PENDING until it completes), CREDITS (spent at once) or SUBSCRIPTION (a tier whose offeringAccessRules include the type). Same idempotencyKey → the same booking. Full → CONFLICT (SOLD_OUT).",
    args: { input: t.arg({ type: BookOfferingInput, required: true }) },
    resolve: (_r, args, ctx) => service.bookOffering(ctx, { ...args.input, offeringId: args.input.offeringId.id }),
  }),
  cancelBooking: t.prismaField({
    type: "OfferingBooking",
    description: "Cancels a booking (the customer before it starts; the host or an admin any time): frees the seat, closes the portal, returns credits, refunds a completed payment.",
    args: { id: t.arg.globalID({ required: true, for: [OfferingBookingNode] }), reason: t.arg.string({ required: false }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await service.cancelBooking(ctx, args.id.id, args.reason);
      return ctx.prisma.offeringBooking.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

builder.prismaObjectFields("User", (t) => ({
  offeringBookings: t.relatedConnection(
    "offeringBookings",
    { cursor: "id", totalCount: true, description: "Bookings this user made, newest first.", query: () => ({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) },
    {},
  ),
  hostedOfferings: t.relatedConnection(
    "offerings",
    { cursor: "id", totalCount: true, description: "Offerings this user created (drafts included).", query: () => ({ where: { deletedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) },
    {},
  ),
}));

builder.prismaObjectField("CreditTransaction", "offeringBooking", (t) => t.relation("offeringBooking", { nullable: true }));
