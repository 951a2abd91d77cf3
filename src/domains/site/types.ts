// Site content in the graph: resource cards with ordered steps, timeline items, and forms.
import { FormSubmissionStatus, FormType } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { PublishStatusEnum } from "../content/index.ts";
import * as service from "./service.ts";
import { formSubmissionWhereFor, resourceCardWhereFor, resourceStepWhereFor, timelineItemWhereFor } from "./visibility.ts";
import { inOrder } from "../../core/ordering.ts";
import { definedFields } from "../../core/validation.ts";

export const FormTypeEnum = builder.enumType(FormType, { name: "FormType" });
export const FormSubmissionStatusEnum = builder.enumType(FormSubmissionStatus, { name: "FormSubmissionStatus" });

const STEP_ORDER = [{ position: "asc" as const }, { id: "asc" as const }];
const CARD_ORDER = [{ position: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];
const TIMELINE_ORDER = [{ position: "asc" as const }, { occurredAt: { sort: "asc" as const, nulls: "last" as const } }, { id: "asc" as const }];

export const ResourceCardRef = builder.prismaNode("ResourceCard", {
  id: { field: "id" },
  nullable: true,
  description: "An educational or reference card with ordered steps. Published cards are public.",
  findUnique: (id, ctx) => ({ id, AND: [resourceCardWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    slug: t.exposeString("slug"),
    summary: t.exposeString("summary", { nullable: true }),
    body: t.exposeString("body", { nullable: true }),
    category: t.exposeString("category", { nullable: true }),
    icon: t.exposeString("icon", { nullable: true }),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    linkUrl: t.exposeString("linkUrl", { nullable: true }),
    position: t.exposeInt("position"),
    status: t.expose("status", { type: PublishStatusEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    steps: t.relation("steps", { description: "The steps in order.", query: { orderBy: STEP_ORDER } }),
  }),
});

export const ResourceStepRef = builder.prismaNode("ResourceStep", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [resourceStepWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    position: t.exposeInt("position"),
    title: t.exposeString("title"),
    body: t.exposeString("body"),
    imageUrl: t.exposeString("imageUrl", { nullable: true }),
    card: t.relation("card"),
  }),
});

export const TimelineItemRef = builder.prismaNode("TimelineItem", {
  id: { field: "id" },
  nullable: true,
  description: "A milestone of the project timeline. Published items are public.",
  findUnique: (id, ctx) => ({ id, AND: [timelineItemWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    label: t.exposeString("label", { nullable: true, description: "Display label such as \"Q1 2026\"." }),
    occurredAt: t.expose("occurredAt", { type: "DateTime", nullable: true }),
    icon: t.exposeString("icon", { nullable: true }),
    linkUrl: t.exposeString("linkUrl", { nullable: true }),
    position: t.exposeInt("position"),
    status: t.expose("status", { type: PublishStatusEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

export const FormSubmissionRef = builder.prismaNode("FormSubmission", {
  id: { field: "id" },
  nullable: true,
  description: "A submitted public form (admins only).",
  findUnique: (id, ctx) => ({ id, AND: [formSubmissionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    formType: t.expose("formType", { type: FormTypeEnum }),
    name: t.exposeString("name", { nullable: true }),
    email: t.exposeString("email"),
    phone: t.exposeString("phone", { nullable: true }),
    subject: t.exposeString("subject", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
    fields: t.expose("payload", { type: "JSON", description: "The form type's extra fields." }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    userAgent: t.exposeString("userAgent", { nullable: true }),
    spamScore: t.expose("spamScore", { type: "Decimal", nullable: true, description: "0-100; 60 or more is filed as SPAM." }),
    status: t.expose("status", { type: FormSubmissionStatusEnum }),
    handledAt: t.expose("handledAt", { type: "DateTime", nullable: true }),
    handledBy: t.relation("handledBy", { nullable: true }),
    user: t.relation("user", { nullable: true, description: "The signed-in user who sent it, if any." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const ResourceStepInput = builder.inputType("ResourceStepInput", {
  fields: (t) => ({
    id: t.globalID({ for: [ResourceStepRef], description: "An existing step of the card to keep (and update); absent for a new step." }),
    title: t.string({ required: true }),
    body: t.string({ required: true }),
    imageUrl: t.string(),
  }),
});

const NewResourceStepInput = builder.inputType("NewResourceStepInput", {
  fields: (t) => ({ title: t.string({ required: true }), body: t.string({ required: true }), imageUrl: t.string() }),
});

const CreateResourceCardInput = builder.inputType("CreateResourceCardInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    slug: t.string({ description: "Default: derived from the title (made unique)." }),
    summary: t.string(),
    body: t.string(),
    category: t.string(),
    icon: t.string(),
    imageUrl: t.string(),
    linkUrl: t.string(),
    status: t.field({ type: PublishStatusEnum, description: "Default DRAFT." }),
    position: t.int({ description: "Default: last." }),
    steps: t.field({ type: [NewResourceStepInput], description: "Initial steps, in order." }),
  }),
});

const UpdateResourceCardInput = builder.inputType("UpdateResourceCardInput", {
  description: "Absent fields stay as they are.",
  fields: (t) => ({
    title: t.string(),
    slug: t.string(),
    summary: t.string(),
    body: t.string(),
    category: t.string(),
    icon: t.string(),
    imageUrl: t.string(),
    linkUrl: t.string(),
    status: t.field({ type: PublishStatusEnum }),
    position: t.int(),
  }),
});

const CreateTimelineItemInput = builder.inputType("CreateTimelineItemInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    description: t.string(),
    label: t.string(),
    occurredAt: t.field({ type: "DateTime" }),
    icon: t.string(),
    linkUrl: t.string(),
    status: t.field({ type: PublishStatusEnum }),
    position: t.int(),
  }),
});

const UpdateTimelineItemInput = builder.inputType("UpdateTimelineItemInput", {
  description: "Absent fields stay as they are.",
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    label: t.string(),
    occurredAt: t.field({ type: "DateTime" }),
    icon: t.string(),
    linkUrl: t.string(),
    status: t.field({ type: PublishStatusEnum }),
    position: t.int(),
  }),
});

const SubmitFormInput = builder.inputType("SubmitFormInput", {
  description:
    "Required fields depend on formType: CONTACT name, email, message; LEAD name, email (fields: company, budget, source); " +
    "NEWSLETTER email (fields: topics); SUPPORT email, subject, message (fields: orderReference); " +
    "CONSULTATION_REQUEST name, email, message (fields: preferredDate YYYY-MM-DD, timezone).",
  fields: (t) => ({
    formType: t.field({ type: FormTypeEnum, required: true }),
    name: t.string(),
    email: t.string({ required: true }),
    phone: t.string(),
    subject: t.string(),
    message: t.string(),
    fields: t.field({ type: "JSON", description: "The form type's extra fields (unknown keys are rejected)." }),
    website: t.string({ description: "Honeypot: keep this field hidden from people and empty." }),
  }),
});

const SubmitFormPayload = builder.objectRef<{ accepted: true }>("SubmitFormPayload").implement({
  fields: (t) => ({ accepted: t.exposeBoolean("accepted") }),
});

// ---------------------------------------------------------------------------------------------
// Queries and mutations
// ---------------------------------------------------------------------------------------------

const cardFilter = (ctx: Parameters<typeof resourceCardWhereFor>[0], category?: string | null) => ({
  AND: [resourceCardWhereFor(ctx), category ? { category } : {}],
});

builder.queryFields((t) => ({
  resourceCards: t.prismaConnection(
    {
      type: "ResourceCard",
      cursor: "id",
      description: "Published resource cards in their order (admins: all).",
      args: { category: t.arg.string() },
      resolve: (query, _root, args, ctx) => ctx.prisma.resourceCard.findMany({ ...query, where: cardFilter(ctx.viewer, args.category), orderBy: CARD_ORDER }),
      totalCount: (_root, args, ctx) => ctx.prisma.resourceCard.count({ where: cardFilter(ctx.viewer, args.category) }),
    },
    {},
  ),
  resourceCard: t.prismaField({
    type: "ResourceCard",
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.resourceCard.findFirst({ ...query, where: { slug: args.slug, ...resourceCardWhereFor(ctx.viewer) } }),
  }),
  timelineItems: t.prismaConnection(
    {
      type: "TimelineItem",
      cursor: "id",
      description: "Published timeline items in their order (admins: all).",
      resolve: (query, _root, _args, ctx) => ctx.prisma.timelineItem.findMany({ ...query, where: timelineItemWhereFor(ctx.viewer), orderBy: TIMELINE_ORDER }),
      totalCount: (_root, _args, ctx) => ctx.prisma.timelineItem.count({ where: timelineItemWhereFor(ctx.viewer) }),
    },
    {},
  ),
  formSubmissions: t.prismaConnection(
    {
      type: "FormSubmission",
      cursor: "id",
      description: "Admins: form submissions, newest first, with filters.",
      args: {
        formType: t.arg({ type: FormTypeEnum }),
        status: t.arg({ type: FormSubmissionStatusEnum }),
        email: t.arg.string(),
        search: t.arg.string({ description: "In name, subject and message." }),
        from: t.arg({ type: "DateTime" }),
        to: t.arg({ type: "DateTime" }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.formSubmission.findMany({ ...query, where: service.formSubmissionFilter(ctx, args), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.formSubmission.count({ where: service.formSubmissionFilter(ctx, args) }),
    },
    {},
  ),
}));

builder.mutationFields((t) => ({
  createResourceCard: t.prismaField({
    type: "ResourceCard",
    description: "Admins: adds a resource card (with its first steps).",
    args: { input: t.arg({ type: CreateResourceCardInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await service.createResourceCard(ctx, definedFields(input, ["summary", "body", "category", "icon", "imageUrl", "linkUrl"]) as service.CreateResourceCardInput);
      return ctx.prisma.resourceCard.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateResourceCard: t.prismaField({
    type: "ResourceCard",
    description: "Admins: edits, publishes, archives or moves a card (PUBLISHED stamps publishedAt the first time).",
    args: { id: t.arg.globalID({ required: true, for: [ResourceCardRef] }), input: t.arg({ type: UpdateResourceCardInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      await service.updateResourceCard(ctx, id.id, definedFields(input, ["summary", "body", "category", "icon", "imageUrl", "linkUrl"]));
      return ctx.prisma.resourceCard.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  deleteResourceCard: t.id({
    description: "Admins: deletes a card with its steps; returns its id.",
    args: { id: t.arg.globalID({ required: true, for: [ResourceCardRef] }) },
    resolve: async (_root, { id }, ctx) => encodeGlobalId("ResourceCard", await service.deleteResourceCard(ctx, id.id)),
  }),
  reorderResourceCards: t.prismaField({
    type: ["ResourceCard"],
    description: "Admins: sets the order of all cards; ids must name each card once.",
    args: { ids: t.arg.globalIDList({ required: true, for: [ResourceCardRef] }) },
    resolve: async (query, _root, args, ctx) => {
      const ids = await service.reorderResourceCards(ctx, args.ids.map((g) => g.id));
      return inOrder(ids, await ctx.prisma.resourceCard.findMany({ ...query, where: { id: { in: ids } } }));
    },
  }),
  setResourceSteps: t.prismaField({
    type: "ResourceCard",
    description: "Admins: replaces a card's steps with this ordered list (entries with an id keep that step, steps left out are deleted).",
    args: { cardId: t.arg.globalID({ required: true, for: [ResourceCardRef] }), steps: t.arg({ type: [ResourceStepInput], required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await service.setResourceSteps(ctx, args.cardId.id, args.steps.map((s) => ({ id: s.id?.id ?? null, title: s.title, body: s.body, imageUrl: s.imageUrl })));
      return ctx.prisma.resourceCard.findUniqueOrThrow({ ...query, where: { id: args.cardId.id } });
    },
  }),
  createTimelineItem: t.prismaField({
    type: "TimelineItem",
    description: "Admins: adds a timeline item.",
    args: { input: t.arg({ type: CreateTimelineItemInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await service.createTimelineItem(ctx, definedFields(input, ["description", "label", "occurredAt", "icon", "linkUrl"]) as service.CreateTimelineItemInput);
      return ctx.prisma.timelineItem.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateTimelineItem: t.prismaField({
    type: "TimelineItem",
    description: "Admins: edits, publishes or moves a timeline item.",
    args: { id: t.arg.globalID({ required: true, for: [TimelineItemRef] }), input: t.arg({ type: UpdateTimelineItemInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      await service.updateTimelineItem(ctx, id.id, definedFields(input, ["description", "label", "occurredAt", "icon", "linkUrl"]));
      return ctx.prisma.timelineItem.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  deleteTimelineItem: t.id({
    description: "Admins: deletes a timeline item; returns its id.",
    args: { id: t.arg.globalID({ required: true, for: [TimelineItemRef] }) },
    resolve: async (_root, { id }, ctx) => encodeGlobalId("TimelineItem", await service.deleteTimelineItem(ctx, id.id)),
  }),
  reorderTimelineItems: t.prismaField({
    type: ["TimelineItem"],
    description: "Admins: sets the order of all timeline items; ids must name each item once.",
    args: { ids: t.arg.globalIDList({ required: true, for: [TimelineItemRef] }) },
    resolve: async (query, _root, args, ctx) => {
      const ids = await service.reorderTimelineItems(ctx, args.ids.map((g) => g.id));
      return inOrder(ids, await ctx.prisma.timelineItem.findMany({ ...query, where: { id: { in: ids } } }));
    },
  }),
  submitForm: t.field({
    type: SubmitFormPayload,
    description: "Anyone: sends a contact / lead / newsletter / support / consultation form. Rate limited per IP (RATE_LIMITED).",
    args: { input: t.arg({ type: SubmitFormInput, required: true }) },
    resolve: (_root, { input }, ctx) => service.submitForm(ctx, input),
  }),
  setFormSubmissionStatus: t.prismaField({
    type: "FormSubmission",
    description: "Admins: marks a submission HANDLED (stamps who and when), SPAM, ARCHIVED or back to NEW.",
    args: { id: t.arg.globalID({ required: true, for: [FormSubmissionRef] }), status: t.arg({ type: FormSubmissionStatusEnum, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await service.setFormSubmissionStatus(ctx, args.id.id, args.status);
      return ctx.prisma.formSubmission.findUniqueOrThrow({ ...query, where: { id: args.id.id } });
    },
  }),
}));
