// Communication in the graph: e-mail templates and the outbox log (admins), private messages
// between users, and in-app notifications.
import { EmailStatus, NotificationType } from "../../generated/prisma/client.ts";
import { liveEvents } from "../identity/index.ts";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { UserNode } from "../identity/index.ts";
import { definedFields } from "../../core/validation.ts";
import * as service from "./service.ts";
import * as templates from "./templates.ts";
import { emailLogWhereFor, emailMessageWhereFor, emailTemplateWhereFor, notificationWhereFor } from "./visibility.ts";

export const EmailStatusEnum = builder.enumType(EmailStatus, { name: "EmailStatus", description: "Outbox states: PENDING → SENT | FAILED (then DELIVERED | BOUNCED when a provider reports it)." });
export const NotificationTypeEnum = builder.enumType(NotificationType, { name: "NotificationType" });

// ---------------------------------------------------------------------------------------------
// E-mail templates and the outbox
// ---------------------------------------------------------------------------------------------

export const EmailTemplateRef = builder.prismaNode("EmailTemplate", {
  id: { field: "id" },
  nullable: true,
  description: "A reusable e-mail: `{{ variable }}` placeholders in subject and bodies, each declared in `variables`.",
  findUnique: (id, ctx) => ({ id, AND: [emailTemplateWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    key: t.exposeString("key", { description: "The stable name the code sends it by." }),
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    subject: t.exposeString("subject"),
    bodyHtml: t.exposeString("bodyHtml"),
    bodyText: t.exposeString("bodyText", { nullable: true }),
    variables: t.exposeStringList("variables"),
    isActive: t.exposeBoolean("isActive"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const RenderedEmailRef = builder.objectRef<templates.RenderedEmail>("RenderedEmail").implement({
  description: "A template rendered with the given values (HTML values escaped).",
  fields: (t) => ({
    subject: t.exposeString("subject"),
    html: t.exposeString("html"),
    text: t.exposeString("text", { nullable: true }),
  }),
});

export const EmailLogRef = builder.prismaNode("EmailLog", {
  id: { field: "id" },
  nullable: true,
  description: "One mail of the outbox: every mail the platform sends is a row here first.",
  findUnique: (id, ctx) => ({ id, AND: [emailLogWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    recipientEmail: t.exposeString("recipientEmail"),
    user: t.relation("user", { nullable: true }),
    emailType: t.exposeString("emailType"),
    templateKey: t.exposeString("templateKey", { nullable: true }),
    subject: t.exposeString("subject"),
    bodyHtml: t.exposeString("bodyHtml", { nullable: true }),
    bodyText: t.exposeString("bodyText", { nullable: true }),
    status: t.expose("status", { type: EmailStatusEnum }),
    provider: t.exposeString("provider", { nullable: true, description: "The transport that handled it: log, file or smtp." }),
    providerMessageId: t.exposeString("providerMessageId", { nullable: true }),
    errorMessage: t.exposeString("errorMessage", { nullable: true }),
    attempts: t.exposeInt("attempts"),
    sentAt: t.expose("sentAt", { type: "DateTime", nullable: true }),
    deliveredAt: t.expose("deliveredAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

const CreateEmailTemplateInput = builder.inputType("CreateEmailTemplateInput", {
  fields: (t) => ({
    key: t.string({ required: true }),
    name: t.string({ required: true }),
    description: t.string(),
    subject: t.string({ required: true }),
    bodyHtml: t.string({ required: true }),
    bodyText: t.string(),
    variables: t.stringList({ description: "Every placeholder used must be declared here." }),
    isActive: t.boolean(),
  }),
});

const UpdateEmailTemplateInput = builder.inputType("UpdateEmailTemplateInput", {
  description: "Absent fields stay as they are; the key cannot change (code sends by key).",
  fields: (t) => ({
    name: t.string(),
    description: t.string(),
    subject: t.string(),
    bodyHtml: t.string(),
    bodyText: t.string(),
    variables: t.stringList(),
    isActive: t.boolean(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

export const EmailMessageRef = builder.prismaNode("EmailMessage", {
  id: { field: "id" },
  nullable: true,
  description: "A private message between two users; only its sender and its recipient can read it.",
  findUnique: (id, ctx) => ({ id, AND: [emailMessageWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    subject: t.exposeString("subject", { nullable: true }),
    body: t.exposeString("body"),
    sender: t.relation("sender"),
    recipient: t.relation("recipient"),
    threadId: t.id({ description: "The id of the thread's first message.", resolve: (m) => encodeGlobalId("EmailMessage", m.threadId ?? m.id) }),
    parentId: t.id({ nullable: true, resolve: (m) => (m.parentId ? encodeGlobalId("EmailMessage", m.parentId) : null) }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const SendMessageInput = builder.inputType("SendMessageInput", {
  description: "A new conversation names recipientId; a reply names parentId (the recipient is the other person).",
  fields: (t) => ({
    recipientId: t.globalID({ for: [UserNode] }),
    parentId: t.globalID({ for: [EmailMessageRef] }),
    subject: t.string(),
    body: t.string({ required: true }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

export const NotificationRef = builder.prismaNode("Notification", {
  id: { field: "id" },
  nullable: true,
  description: "An in-app notification of the viewer. Expired ones are gone.",
  findUnique: (id, ctx) => ({ id, AND: [notificationWhereFor(ctx.viewer, ctx.services.clock())] }),
  fields: (t) => ({
    type: t.expose("type", { type: NotificationTypeEnum }),
    title: t.exposeString("title"),
    message: t.exposeString("message"),
    actionUrl: t.exposeString("actionUrl", { nullable: true }),
    actionLabel: t.exposeString("actionLabel", { nullable: true }),
    metadata: t.expose("metadata", { type: "JSON" }),
    relatedEntityType: t.exposeString("relatedEntityType", { nullable: true }),
    relatedEntityId: t.exposeString("relatedEntityId", { nullable: true }),
    read: t.boolean({ resolve: (n) => n.readAt !== null }),
    readAt: t.expose("readAt", { type: "DateTime", nullable: true }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

const SystemNotificationInput = builder.inputType("SystemNotificationInput", {
  fields: (t) => ({
    userId: t.globalID({ required: true, for: [UserNode] }),
    title: t.string({ required: true }),
    message: t.string({ required: true }),
    actionUrl: t.string(),
    actionLabel: t.string(),
    expiresAt: t.field({ type: "DateTime" }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries and mutations
// ---------------------------------------------------------------------------------------------

const NEWEST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

builder.queryFields((t) => ({
  emailTemplates: t.prismaConnection(
    {
      type: "EmailTemplate",
      cursor: "id",
      description: "Admins: the e-mail templates by key.",
      resolve: (query, _root, _args, ctx) => ctx.prisma.emailTemplate.findMany({ ...query, where: emailTemplateWhereFor(ctx.viewer), orderBy: [{ key: "asc" }] }),
      totalCount: (_root, _args, ctx) => ctx.prisma.emailTemplate.count({ where: emailTemplateWhereFor(ctx.viewer) }),
    },
    {},
  ),
  emailTemplate: t.prismaField({
    type: "EmailTemplate",
    nullable: true,
    description: "Admins: one template by key.",
    args: { key: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.emailTemplate.findFirst({ ...query, where: { key: args.key, ...emailTemplateWhereFor(ctx.viewer) } }),
  }),
  renderEmailTemplate: t.field({
    type: RenderedEmailRef,
    description: "Admins: previews a template with sample values. A missing or undeclared variable is BAD_USER_INPUT naming it (variables.<name>).",
    args: { key: t.arg.string({ required: true }), variables: t.arg({ type: "JSON" }) },
    resolve: (_root, args, ctx) => templates.previewTemplate(ctx, args.key, args.variables),
  }),
  emailLogs: t.prismaConnection(
    {
      type: "EmailLog",
      cursor: "id",
      description: "Admins: the outbox, newest first, with filters.",
      args: {
        status: t.arg({ type: EmailStatusEnum }),
        emailType: t.arg.string(),
        recipient: t.arg.string({ description: "Exact e-mail address (case-insensitive)." }),
        userId: t.arg.globalID({ for: [UserNode] }),
        templateKey: t.arg.string(),
        from: t.arg({ type: "DateTime", description: "Created at or after." }),
        to: t.arg({ type: "DateTime", description: "Created before." }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.emailLog.findMany({ ...query, where: service.emailLogFilter(ctx, { ...args, userId: args.userId?.id }), orderBy: NEWEST }),
      totalCount: (_root, args, ctx) => ctx.prisma.emailLog.count({ where: service.emailLogFilter(ctx, { ...args, userId: args.userId?.id }) }),
    },
    {},
  ),
  messageInbox: t.prismaConnection(
    {
      type: "EmailMessage",
      cursor: "id",
      description: "Messages to the viewer, newest first.",
      args: { unreadOnly: t.arg.boolean({ defaultValue: false }) },
      resolve: (query, _root, args, ctx) => ctx.prisma.emailMessage.findMany({ ...query, where: service.inboxWhere(ctx, !!args.unreadOnly), orderBy: NEWEST }),
      totalCount: (_root, args, ctx) => ctx.prisma.emailMessage.count({ where: service.inboxWhere(ctx, !!args.unreadOnly) }),
    },
    {},
  ),
  sentMessages: t.prismaConnection(
    {
      type: "EmailMessage",
      cursor: "id",
      description: "Messages the viewer sent, newest first.",
      resolve: (query, _root, _args, ctx) => ctx.prisma.emailMessage.findMany({ ...query, where: service.sentWhere(ctx), orderBy: NEWEST }),
      totalCount: (_root, _args, ctx) => ctx.prisma.emailMessage.count({ where: service.sentWhere(ctx) }),
    },
    {},
  ),
  messageThread: t.prismaConnection(
    {
      type: "EmailMessage",
      cursor: "id",
      description: "The conversation a message belongs to, oldest first (NOT_FOUND unless the viewer is part of it).",
      args: { id: t.arg.globalID({ required: true, for: [EmailMessageRef] }) },
      resolve: async (query, _root, args, ctx) =>
        ctx.prisma.emailMessage.findMany({ ...query, where: await service.threadWhere(ctx, args.id.id), orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      totalCount: async (_root, args, ctx) => ctx.prisma.emailMessage.count({ where: await service.threadWhere(ctx, args.id.id) }),
    },
    {},
  ),
  unreadMessageCount: t.int({
    description: "Unread messages in the viewer's inbox.",
    resolve: (_root, _args, ctx) => ctx.prisma.emailMessage.count({ where: service.inboxWhere(ctx, true) }),
  }),
  notifications: t.prismaConnection(
    {
      type: "Notification",
      cursor: "id",
      description: "The viewer's notifications that have not expired, newest first.",
      args: { unreadOnly: t.arg.boolean({ defaultValue: false }), type: t.arg({ type: NotificationTypeEnum }) },
      resolve: (query, _root, args, ctx) => ctx.prisma.notification.findMany({ ...query, where: service.notificationListWhere(ctx, args), orderBy: NEWEST }),
      totalCount: (_root, args, ctx) => ctx.prisma.notification.count({ where: service.notificationListWhere(ctx, args) }),
    },
    {},
  ),
  unreadNotificationCount: t.int({
    description: "Unread, unexpired notifications of the viewer.",
    resolve: (_root, _args, ctx) => ctx.prisma.notification.count({ where: service.notificationListWhere(ctx, { unreadOnly: true }) }),
  }),
}));

builder.mutationFields((t) => ({
  createEmailTemplate: t.prismaField({
    type: "EmailTemplate",
    description: "Admins: adds a template; every placeholder must be declared in variables.",
    args: { input: t.arg({ type: CreateEmailTemplateInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await templates.createEmailTemplate(ctx, definedFields(input, ["description", "bodyText"]));
      return ctx.prisma.emailTemplate.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateEmailTemplate: t.prismaField({
    type: "EmailTemplate",
    description: "Admins: edits a template.",
    args: { id: t.arg.globalID({ required: true, for: [EmailTemplateRef] }), input: t.arg({ type: UpdateEmailTemplateInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      await templates.updateEmailTemplate(ctx, id.id, definedFields(input, ["description", "bodyText"]));
      return ctx.prisma.emailTemplate.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  deleteEmailTemplate: t.id({
    description: "Admins: deletes a template (sent mails keep their copy); returns its id.",
    args: { id: t.arg.globalID({ required: true, for: [EmailTemplateRef] }) },
    resolve: async (_root, { id }, ctx) => encodeGlobalId("EmailTemplate", await templates.deleteEmailTemplate(ctx, id.id)),
  }),
  retryEmail: t.prismaField({
    type: "EmailLog",
    description: "Admins: queues a FAILED or BOUNCED mail again (CONFLICT otherwise).",
    args: { id: t.arg.globalID({ required: true, for: [EmailLogRef] }) },
    resolve: async (query, _root, { id }, ctx) => {
      await service.retryEmail(ctx, id.id);
      return ctx.prisma.emailLog.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  sendMessage: t.prismaField({
    type: "EmailMessage",
    description: "Sends a private message (rate limited per sender: RATE_LIMITED).",
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await service.sendMessage(ctx, { recipientId: input.recipientId?.id, parentId: input.parentId?.id, subject: input.subject, body: input.body });
      return ctx.prisma.emailMessage.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  markMessageRead: t.prismaField({
    type: "EmailMessage",
    description: "The recipient marks a message read.",
    args: { id: t.arg.globalID({ required: true, for: [EmailMessageRef] }) },
    resolve: async (query, _root, { id }, ctx) => {
      await service.markMessageRead(ctx, id.id);
      return ctx.prisma.emailMessage.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  markThreadRead: t.int({
    description: "Marks every unread message to the viewer in the thread of this message; returns how many.",
    args: { id: t.arg.globalID({ required: true, for: [EmailMessageRef] }) },
    resolve: (_root, { id }, ctx) => service.markThreadRead(ctx, id.id),
  }),
  deleteMessage: t.id({
    description: "Deletes the viewer's copy of a message (the other person keeps theirs); returns its id.",
    args: { id: t.arg.globalID({ required: true, for: [EmailMessageRef] }) },
    resolve: async (_root, { id }, ctx) => {
      await service.deleteMessage(ctx, id.id);
      return encodeGlobalId("EmailMessage", id.id);
    },
  }),
  markNotificationRead: t.prismaField({
    type: "Notification",
    description: "Marks one of the viewer's notifications read (NOT_FOUND when expired or not theirs).",
    args: { id: t.arg.globalID({ required: true, for: [NotificationRef] }) },
    resolve: async (query, _root, { id }, ctx) => {
      await service.markNotificationRead(ctx, id.id);
      return ctx.prisma.notification.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  markAllNotificationsRead: t.int({
    description: "Marks every unexpired unread notification of the viewer read; returns how many.",
    resolve: (_root, _args, ctx) => service.markAllNotificationsRead(ctx),
  }),
  createSystemNotification: t.prismaField({
    type: "Notification",
    description: "Admins: sends a SYSTEM notification to a user.",
    args: { input: t.arg({ type: SystemNotificationInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await service.createSystemNotification(ctx, { ...input, userId: input.userId.id });
      return ctx.prisma.notification.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));

builder.subscriptionField("notificationAdded", (t) =>
  t.prismaField({
    type: "Notification",
    description: "The viewer's new in-app notifications as they are created (on any instance).",
    subscribe: (_root, _args, ctx) =>
      liveEvents(ctx, {
        topic: "notificationAdded",
        key: ctx.viewer!.id,
        visible: async (viewer, e) =>
          (await ctx.prisma.notification.findFirst({
            where: { id: e.notificationId, userId: viewer!.id, AND: [notificationWhereFor(viewer, ctx.services.clock())] },
            select: { id: true },
          }))?.id ?? null,
      }),
    resolve: (query, id, _args, ctx) => ctx.prisma.notification.findUniqueOrThrow({ ...query, where: { id: id as unknown as string } }),
  }),
);
