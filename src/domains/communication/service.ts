// Internal messages, notifications and the admin side of the outbox.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { EmailStatus, NotificationType, Prisma } from "../../generated/prisma/client.ts";
import { type Context, requireViewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { emailLogWhereFor, emailMessageWhereFor, notificationWhereFor } from "./visibility.ts";
import { siteLink } from "../../core/validation.ts";
import { escapeLike } from "../../core/text.ts";


// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

const sendSchema = z.object({
  subject: z.string().trim().max(200, "must be at most 200 characters").nullish(),
  body: z.string().trim().min(1, "must not be empty").max(10_000, "must be at most 10000 characters"),
});

export async function sendMessage(
  ctx: Context,
  input: { recipientId?: string | null; parentId?: string | null; subject?: string | null; body: string },
): Promise<string> {
  const viewer = requireViewer(ctx);
  const d = parseInput(sendSchema, { subject: input.subject, body: input.body });
  let recipientId: string;
  let threadId: string | null = null;
  let parentId: string | null = null;
  let subject = d.subject ?? null;
  if (input.parentId) {
    const parent = await ctx.prisma.emailMessage.findFirst({ where: { id: input.parentId, ...emailMessageWhereFor(viewer) } });
    if (!parent) throw errors.notFound("Message", input.parentId);
    recipientId = parent.senderId === viewer.id ? parent.recipientId : parent.senderId;
    if (input.recipientId && input.recipientId !== recipientId) throw errors.badInput("recipientId", "a reply goes to the other person of the thread");
    threadId = parent.threadId ?? parent.id;
    parentId = parent.id;
    subject ??= parent.subject ? (/^re:/i.test(parent.subject) ? parent.subject : `Re: ${parent.subject}`) : null;
  } else {
    if (!input.recipientId) throw errors.badInput("recipientId", "is required for a new conversation");
    recipientId = input.recipientId;
  }
  if (recipientId === viewer.id) throw errors.badInput("recipientId", "you cannot send a message to yourself");
  const recipient = await ctx.prisma.user.findFirst({ where: { id: recipientId, deletedAt: null }, select: { id: true } });
  if (!recipient) throw errors.notFound("User", recipientId);

  // Abuse guard: a fixed window per sender (shared through the key/value store).
  const key = `msg:send:${viewer.id}`;
  if ((await ctx.services.kv.incr(key, 3600)) > ctx.config.MESSAGES_PER_HOUR) {
    throw errors.rateLimited((await ctx.services.kv.ttl(key)) ?? 3600, "You are sending messages too fast. Try again later.");
  }

  const id = randomUUID();
  await transaction(ctx.prisma, async (tx) => {
    await tx.emailMessage.create({ data: { id, senderId: viewer.id, recipientId, threadId: threadId ?? id, parentId, subject, body: d.body } });
    await recordAudit(tx, ctx, {
      action: "message.send",
      entityType: "EmailMessage",
      entityId: id,
      // The body stays out of the trail: the trail is read by admins, the message is private.
      newValues: { senderId: viewer.id, recipientId, threadId: threadId ?? id, parentId },
    });
  });
  return id;
}

async function visibleMessage(ctx: Context, id: string) {
  const m = await ctx.prisma.emailMessage.findFirst({ where: { id, ...emailMessageWhereFor(ctx.viewer) } });
  if (!m) throw errors.notFound("Message", id);
  return m;
}

export async function markMessageRead(ctx: Context, id: string): Promise<void> {
  const viewer = requireViewer(ctx);
  const m = await visibleMessage(ctx, id);
  if (m.recipientId !== viewer.id) throw errors.forbidden("Only the recipient can mark a message read.");
  if (m.readAt) return; // already read: nothing changes
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const r = await tx.emailMessage.updateMany({ where: { id, readAt: null }, data: { readAt: now } });
    if (r.count) await recordAudit(tx, ctx, { action: "message.read", entityType: "EmailMessage", entityId: id, newValues: { readAt: now } });
  });
}

/** Marks every unread message of the thread addressed to the viewer; returns how many. */
export async function markThreadRead(ctx: Context, messageId: string): Promise<number> {
  const viewer = requireViewer(ctx);
  const m = await visibleMessage(ctx, messageId);
  const threadId = m.threadId ?? m.id;
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const r = await tx.emailMessage.updateMany({
      where: { threadId, recipientId: viewer.id, deletedByRecipientAt: null, readAt: null },
      data: { readAt: now },
    });
    if (r.count) await recordAudit(tx, ctx, { action: "message.read_thread", entityType: "EmailMessage", entityId: threadId, newValues: { readAt: now, count: r.count } });
    return r.count;
  });
}

/** Deletes the viewer's copy (sender or recipient side); the other person keeps theirs. */
export async function deleteMessage(ctx: Context, id: string): Promise<void> {
  const viewer = requireViewer(ctx);
  const m = await visibleMessage(ctx, id);
  const now = ctx.services.clock();
  const data: Prisma.EmailMessageUpdateInput = {};
  if (m.senderId === viewer.id && !m.deletedBySenderAt) data.deletedBySenderAt = now;
  if (m.recipientId === viewer.id && !m.deletedByRecipientAt) data.deletedByRecipientAt = now;
  await transaction(ctx.prisma, async (tx) => {
    await tx.emailMessage.update({ where: { id }, data });
    await recordAudit(tx, ctx, { action: "message.delete", entityType: "EmailMessage", entityId: id, newValues: data });
  });
}

export function inboxWhere(ctx: Context, unreadOnly: boolean): Prisma.EmailMessageWhereInput {
  const viewer = ctx.viewer!;
  return { AND: [emailMessageWhereFor(viewer), { recipientId: viewer.id, deletedByRecipientAt: null }, unreadOnly ? { readAt: null } : {}] };
}

export function sentWhere(ctx: Context): Prisma.EmailMessageWhereInput {
  const viewer = ctx.viewer!;
  return { AND: [emailMessageWhereFor(viewer), { senderId: viewer.id, deletedBySenderAt: null }] };
}

export async function threadWhere(ctx: Context, messageId: string): Promise<Prisma.EmailMessageWhereInput> {
  const m = await visibleMessage(ctx, messageId);
  return { AND: [emailMessageWhereFor(ctx.viewer), { threadId: m.threadId ?? m.id }] };
}

// ---------------------------------------------------------------------------------------------
// Notifications
// ---------------------------------------------------------------------------------------------

export function notificationListWhere(ctx: Context, args: { unreadOnly?: boolean | null; type?: NotificationType | null }): Prisma.NotificationWhereInput {
  return {
    AND: [notificationWhereFor(ctx.viewer, ctx.services.clock()), args.unreadOnly ? { readAt: null } : {}, args.type ? { type: args.type } : {}],
  };
}

export async function markNotificationRead(ctx: Context, id: string): Promise<void> {
  const now = ctx.services.clock();
  const n = await ctx.prisma.notification.findFirst({ where: { id, ...notificationWhereFor(ctx.viewer, now) }, select: { readAt: true } });
  if (!n) throw errors.notFound("Notification", id);
  if (n.readAt) return;
  await transaction(ctx.prisma, async (tx) => {
    const r = await tx.notification.updateMany({ where: { id, readAt: null }, data: { readAt: now } });
    if (r.count) await recordAudit(tx, ctx, { action: "notification.read", entityType: "Notification", entityId: id, newValues: { readAt: now } });
  });
}

export async function markAllNotificationsRead(ctx: Context): Promise<number> {
  const viewer = requireViewer(ctx);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const r = await tx.notification.updateMany({ where: { AND: [notificationWhereFor(viewer, now), { readAt: null }] }, data: { readAt: now } });
    if (r.count) await recordAudit(tx, ctx, { action: "notification.read_all", entityType: "Notification", entityId: null, newValues: { userId: viewer.id, readAt: now, count: r.count } });
    return r.count;
  });
}

const systemNotificationSchema = z.object({
  userId: z.string().uuid(),
  title: z.string().trim().min(1, "must not be empty").max(500),
  message: z.string().trim().min(1, "must not be empty").max(5000),
  actionUrl: siteLink.nullish(),
  actionLabel: z.string().trim().max(100).nullish(),
  expiresAt: z.date().nullish(),
});

/** Admins: a SYSTEM notification to one user (maintenance notices, account messages). */
export async function createSystemNotification(ctx: Context, input: z.input<typeof systemNotificationSchema>): Promise<string> {
  const d = parseInput(systemNotificationSchema, input);
  const now = ctx.services.clock();
  if (d.expiresAt && d.expiresAt <= now) throw errors.badInput("expiresAt", "must be in the future");
  const user = await ctx.prisma.user.findFirst({ where: { id: d.userId, deletedAt: null }, select: { id: true } });
  if (!user) throw errors.notFound("User", d.userId);
  return transaction(ctx.prisma, async (tx) => {
    // SYSTEM notices ignore the per-type preferences, so they are written directly (not via notify()).
    const n = await tx.notification.create({
      data: { userId: d.userId, type: "SYSTEM", title: d.title, message: d.message, actionUrl: d.actionUrl ?? null, actionLabel: d.actionLabel ?? null, expiresAt: d.expiresAt ?? null },
    });
    await recordAudit(tx, ctx, { action: "notification.create", entityType: "Notification", entityId: n.id, newValues: { userId: d.userId, type: "SYSTEM", title: d.title, expiresAt: d.expiresAt ?? null } });
    return n.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Outbox (admin)
// ---------------------------------------------------------------------------------------------

export function emailLogFilter(
  ctx: Context,
  args: { status?: EmailStatus | null; emailType?: string | null; recipient?: string | null; userId?: string | null; templateKey?: string | null; from?: Date | null; to?: Date | null },
): Prisma.EmailLogWhereInput {
  return {
    AND: [
      emailLogWhereFor(ctx.viewer),
      args.status ? { status: args.status } : {},
      args.emailType ? { emailType: args.emailType } : {},
      args.recipient ? // Prisma turns an insensitive equals into ILIKE: escaped, it stays an exact match.
      { recipientEmail: { equals: escapeLike(args.recipient.trim()), mode: "insensitive" } } : {},
      args.userId ? { userId: args.userId } : {},
      args.templateKey ? { templateKey: args.templateKey } : {},
      args.from || args.to ? { createdAt: { ...(args.from ? { gte: args.from } : {}), ...(args.to ? { lt: args.to } : {}) } } : {},
    ],
  };
}

/** Admins: puts a FAILED (or BOUNCED) mail back in the queue with a fresh attempt budget. */
export async function retryEmail(ctx: Context, id: string): Promise<void> {
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const before = await tx.emailLog.findUnique({ where: { id }, select: { status: true, attempts: true, errorMessage: true } });
    if (!before) throw errors.notFound("E-mail", id);
    if (before.status !== "FAILED" && before.status !== "BOUNCED") throw errors.conflict("NOT_FAILED", `Only failed or bounced mails can be retried (this one is ${before.status}).`);
    await tx.emailLog.update({ where: { id }, data: { status: "PENDING", attempts: 0, errorMessage: null, updatedAt: now } });
    await recordAudit(tx, ctx, { action: "email.retry", entityType: "EmailLog", entityId: id, oldValues: before, newValues: { status: "PENDING", attempts: 0 } });
  });
}
