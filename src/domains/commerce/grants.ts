// Admin complimentary access (seed 003 content_access COMPLIMENTARY): an admin gives a member a
// content item or a whole series for free, optionally until a date, and can take it back. Both
// are audited with the admin's reason. A grant the member paid for is never overwritten.
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { liveGrant } from "../content/index.ts";
import { parseInput } from "../../core/validation.ts";
import { notify } from "../../core/outbox.ts";
import { advisoryLock } from "../../core/locks.ts";

const grantSchema = z.object({
  reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(500),
});

export interface GrantInput {
  userId: string;
  contentId?: string | null;
  seriesId?: string | null;
  expiresAt?: Date | null;
  reason: string;
}

export async function grantComplimentary(ctx: Context, input: GrantInput): Promise<string> {
  const { reason } = parseInput(grantSchema, { reason: input.reason });
  if (!!input.contentId === !!input.seriesId) throw errors.badInput("contentId", "give exactly one of contentId and seriesId");
  const now = ctx.services.clock();
  if (input.expiresAt && input.expiresAt <= now) throw errors.badInput("expiresAt", "must be in the future");
  const user = await ctx.prisma.user.findFirst({ where: { id: input.userId, deletedAt: null }, select: { id: true } });
  if (!user) throw errors.notFound("User", input.userId);
  const target = input.contentId
    ? await ctx.prisma.content.findFirst({ where: { id: input.contentId, deletedAt: null }, select: { id: true, title: true } })
    : await ctx.prisma.contentSeries.findFirst({ where: { id: input.seriesId!, deletedAt: null }, select: { id: true, title: true } });
  if (!target) throw errors.notFound(input.contentId ? "Content" : "Series", (input.contentId ?? input.seriesId)!);
  const where = input.contentId ? { userId_contentId: { userId: user.id, contentId: target.id } } : { userId_seriesId: { userId: user.id, seriesId: target.id } };
  return transaction(ctx.prisma, async (tx) => {
    await advisoryLock(tx, `commerce:item:${user.id}:${input.contentId ? "CONTENT" : "SERIES"}:${target.id}`);
    const existing = await tx.contentAccess.findUnique({ where });
    const live = existing && (await tx.contentAccess.count({ where: { id: existing.id, ...liveGrant(user.id, now) } })) > 0;
    if (existing && live && existing.accessType === "PURCHASED") throw errors.conflict("ALREADY_OWNED", "The member bought this; a complimentary grant would replace their purchase.");
    const data = { accessType: "COMPLIMENTARY" as const, grantedAt: now, expiresAt: input.expiresAt ?? null, revokedAt: null, revokeReason: null, purchaseId: null, paymentId: null, subscriptionId: null };
    const grant = await tx.contentAccess.upsert({
      where,
      create: { userId: user.id, ...(input.contentId ? { contentId: target.id } : { seriesId: target.id }), ...data },
      update: data,
    });
    await recordAudit(tx, ctx, {
      action: "content_access.grant",
      entityType: "ContentAccess",
      entityId: grant.id,
      oldValues: existing ? { accessType: existing.accessType, revokedAt: existing.revokedAt, expiresAt: existing.expiresAt } : null,
      newValues: { userId: user.id, contentId: input.contentId ?? null, seriesId: input.seriesId ?? null, accessType: "COMPLIMENTARY", expiresAt: input.expiresAt ?? null, reason },
    });
    await notify(tx, { userId: user.id, type: "SYSTEM", title: "A gift for you", message: `You now have access to ${target.title}.`, relatedEntityType: "ContentAccess", relatedEntityId: grant.id });
    return grant.id;
  });
}

export async function revokeComplimentary(ctx: Context, grantId: string, rawReason: string): Promise<string> {
  const { reason } = parseInput(grantSchema, { reason: rawReason });
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const grant = await tx.contentAccess.findUnique({ where: { id: grantId } });
    if (!grant) throw errors.notFound("ContentAccess", grantId);
    if (grant.accessType !== "COMPLIMENTARY") throw errors.conflict("NOT_COMPLIMENTARY", `Only complimentary grants are revoked here; this one is ${grant.accessType} (refund the payment instead).`);
    if (grant.revokedAt) return grant.id;
    await tx.contentAccess.update({ where: { id: grant.id }, data: { revokedAt: now, revokeReason: reason } });
    await recordAudit(tx, ctx, { action: "content_access.revoke", entityType: "ContentAccess", entityId: grant.id, oldValues: { revokedAt: null }, newValues: { revokedAt: now, reason } });
    return grant.id;
  });
}
