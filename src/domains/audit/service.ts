// Reading the audit trail (admins) and managing the cache store (admin purge, expiry job).
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { Prisma, PrismaClient } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { parseInput } from "../../core/validation.ts";
import { recordAudit } from "../../core/audit.ts";
import { auditLogWhereFor, cacheEntryWhereFor } from "./visibility.ts";
import { escapeLike } from "../../core/text.ts";

export interface AuditLogFilter {
  actorId?: string | null;
  action?: string | null;
  actionPrefix?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

export function auditLogFilter(ctx: Context, f: AuditLogFilter): Prisma.AuditLogWhereInput {
  if (f.from && f.to && f.from > f.to) throw errors.badInput("to", "must not be before from");
  return {
    AND: [
      auditLogWhereFor(ctx.viewer),
      f.actorId ? { actorId: f.actorId } : {},
      f.action ? { action: f.action } : {},
      f.actionPrefix ? { action: { startsWith: escapeLike(f.actionPrefix) } } : {},
      f.entityType ? { entityType: f.entityType } : {},
      f.entityId ? { entityId: f.entityId } : {},
      f.from || f.to ? { createdAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {},
    ],
  };
}

export function cacheEntryFilter(ctx: Context, f: { category?: string | null; prefix?: string | null }): Prisma.CacheEntryWhereInput {
  return {
    AND: [cacheEntryWhereFor(ctx.viewer), f.category ? { category: f.category } : {}, f.prefix ? { key: { startsWith: escapeLike(f.prefix) } } : {}],
  };
}

const purgeSchema = z
  .object({
    category: z.string().trim().min(1).max(100).nullish(),
    prefix: z.string().min(1).max(200).nullish(),
    expiredOnly: z.boolean().default(false),
  })
  .refine((p) => p.category || p.prefix || p.expiredOnly, { message: "name a category, a key prefix or expiredOnly: true", path: ["category"] });

/** Admins: deletes cache entries by category and/or key prefix (or only the expired ones). */
export async function purgeCache(ctx: Context, input: z.input<typeof purgeSchema>): Promise<number> {
  const d = parseInput(purgeSchema, input);
  const now = ctx.services.clock();
  const where: Prisma.CacheEntryWhereInput = {
    AND: [
      d.category ? { category: d.category } : {},
      d.prefix ? { key: { startsWith: escapeLike(d.prefix) } } : {},
      d.expiredOnly ? { expiresAt: { lte: now } } : {},
    ],
  };
  return transaction(ctx.prisma, async (tx) => {
    const { count } = await tx.cacheEntry.deleteMany({ where });
    await recordAudit(tx, ctx, { action: "cache.purge", entityType: "CacheEntry", entityId: null, newValues: { ...d, deleted: count } });
    return count;
  });
}

/** The expiry job: deletes rows whose expires_at has passed, in batches so no lock is held long. */
export async function purgeExpiredCache(prisma: PrismaClient, now: Date, batch = 5000): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await prisma.$executeRaw`
      DELETE FROM cache_store WHERE key IN (
        SELECT key FROM cache_store WHERE expires_at IS NOT NULL AND expires_at <= ${now} LIMIT ${batch})`;
    total += n;
    if (n < batch) return total;
  }
}
