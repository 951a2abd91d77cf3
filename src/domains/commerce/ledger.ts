// Credits on top of the ledger primitive in credits.ts: earning (subscriptions grant monthly
// credits through earnCredits), admin adjustments with a reason, and expiry.
//
// Expiry is first-in-first-out by expiry date: replaying a user's ledger, every debit (spend,
// expiry, negative adjustment) consumes the credits that expire soonest first (credits without an
// expiry last). When an earned grant's expiresAt passes, whatever of it is still unconsumed is
// taken off with one EXPIRED row whose idempotency key names the grant ("expire:<id>"), so the
// expiry job can run any number of times and expires each grant once; the grant is then marked
// settled (expirySettledAt) whether anything was left of it or not.
import { z } from "zod";
import { transaction, type Tx } from "../../core/tx.ts";
import type { CreditTransactionType } from "../../generated/prisma/client.ts";
import type { JobRuntime } from "../../core/jobs.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit, type AuditActor } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";
import { parseInput } from "../../core/validation.ts";
import { idempotencyKeySchema } from "../../core/validation.ts";
import { applyCreditChange, lockBalance, type CreditResult } from "./credits.ts";

export interface Earning {
  userId: string;
  type: Extract<CreditTransactionType, "EARNED_SUBSCRIPTION" | "EARNED_PURCHASE">;
  amount: number;
  expiresAt?: Date | null;
  subscriptionId?: string | null;
  description?: string | null;
  idempotencyKey: string;
}

/** Credits earned (monthly subscription credits, credit packs): for other domains, inside their transaction. */
export async function earnCredits(tx: Tx, e: Earning): Promise<CreditResult> {
  if (!Number.isInteger(e.amount) || e.amount <= 0) throw errors.badInput("amount", "must be a positive whole number of credits");
  return applyCreditChange(tx, {
    userId: e.userId,
    type: e.type,
    amount: e.amount,
    expiresAt: e.expiresAt ?? null,
    subscriptionId: e.subscriptionId ?? null,
    description: e.description ?? null,
    idempotencyKey: e.idempotencyKey,
  });
}

const adjustSchema = z.object({
  amount: z.number().int("must be a whole number").refine((n) => n !== 0, "must not be 0").refine((n) => Math.abs(n) <= 1_000_000, "must be at most 1,000,000 credits"),
  reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(500),
  idempotencyKey: idempotencyKeySchema,
  expiresAt: z.date().nullable().optional(),
});

export interface Adjustment {
  userId: string;
  amount: number;
  reason: string;
  idempotencyKey: string;
  expiresAt?: Date | null;
}

/** Admin adjustment (either sign) with a reason; never takes the balance below zero. */
export async function adjustCredits(ctx: Context, input: Adjustment): Promise<string> {
  const data = parseInput(adjustSchema, { amount: input.amount, reason: input.reason, idempotencyKey: input.idempotencyKey, expiresAt: input.expiresAt ?? null });
  const now = ctx.services.clock();
  if (data.expiresAt && data.amount < 0) throw errors.badInput("expiresAt", "only credits added can expire");
  if (data.expiresAt && data.expiresAt <= now) throw errors.badInput("expiresAt", "must be in the future");
  const user = await ctx.prisma.user.findFirst({ where: { id: input.userId, deletedAt: null }, select: { id: true } });
  if (!user) throw errors.notFound("User", input.userId);
  return transaction(ctx.prisma, async (tx) => {
    const r = await applyCreditChange(tx, {
      userId: user.id,
      type: "ADJUSTMENT",
      amount: data.amount,
      reason: data.reason,
      description: "Adjustment by an administrator",
      expiresAt: data.expiresAt ?? null,
      idempotencyKey: `adjust:${data.idempotencyKey}`,
      actorId: ctx.viewer?.id ?? null,
    });
    if (!r.replayed) {
      await recordAudit(tx, ctx, {
        action: "credits.adjust",
        entityType: "CreditTransaction",
        entityId: r.transactionId,
        newValues: { userId: user.id, amount: data.amount, reason: data.reason, balanceAfter: r.balanceAfter },
      });
    }
    return r.transactionId;
  });
}

interface Bucket {
  id: string;
  expiresAt: Date | null;
  remaining: number;
}

/** Replays the ledger FIFO-by-expiry and returns what is left of each credit. Call with the balance locked. */
async function creditBuckets(tx: Tx, userId: string): Promise<Bucket[]> {
  const rows = await tx.creditTransaction.findMany({
    where: { userId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, type: true, amount: true, expiresAt: true, idempotencyKey: true },
  });
  const buckets: Bucket[] = [];
  const byId = new Map<string, Bucket>();
  for (const r of rows) {
    if (r.amount > 0) {
      const b = { id: r.id, expiresAt: r.expiresAt, remaining: r.amount };
      buckets.push(b);
      byId.set(r.id, b);
      continue;
    }
    let owed = -r.amount;
    // An expiry row takes its own grant first.
    const own = r.type === "EXPIRED" && r.idempotencyKey?.startsWith("expire:") ? byId.get(r.idempotencyKey.slice("expire:".length)) : undefined;
    const order = [...(own ? [own] : []), ...buckets.filter((b) => b !== own).sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity))];
    for (const b of order) {
      if (owed === 0) break;
      const take = Math.min(b.remaining, owed);
      b.remaining -= take;
      owed -= take;
    }
  }
  return buckets;
}

/**
 * Expires what is left of every grant of this user whose expiresAt has passed and marks each
 * such grant settled (expirySettledAt), so the job never looks at it again. Returns the credits expired.
 */
export async function expireCreditsOf(tx: Tx, actor: AuditActor, userId: string, now: Date): Promise<number> {
  let balance = await lockBalance(tx, userId);
  const unsettled = await tx.creditTransaction.findMany({
    where: { userId, amount: { gt: 0 }, expiresAt: { lte: now }, expirySettledAt: null },
    select: { id: true },
  });
  if (unsettled.length === 0) return 0;
  const due = new Set(unsettled.map((g) => g.id));
  const buckets = (await creditBuckets(tx, userId)).filter((b) => due.has(b.id));
  let expired = 0;
  for (const b of buckets) {
    const amount = Math.min(b.remaining, balance);
    if (amount <= 0) continue;
    const r = await applyCreditChange(tx, {
      userId,
      type: "EXPIRED",
      amount: -amount,
      description: `Credits granted on ${b.id} expired`,
      idempotencyKey: `expire:${b.id}`,
    });
    if (r.replayed) continue;
    balance = r.balanceAfter;
    expired += amount;
    await recordAudit(tx, actor, { action: "credits.expire", entityType: "CreditTransaction", entityId: r.transactionId, actorId: null, newValues: { userId, amount: -amount, grantId: b.id } });
  }
  await tx.creditTransaction.updateMany({ where: { id: { in: [...due] } }, data: { expirySettledAt: now } });
  if (expired > 0) {
    await notify(tx, {
      userId,
      type: "CREDITS_EXPIRING",
      title: `${expired} credit${expired === 1 ? "" : "s"} expired`,
      message: `${expired} credit${expired === 1 ? "" : "s"} reached their expiry date. Your balance is now ${balance}.`,
      relatedEntityType: "CreditBalance",
    });
  }
  return expired;
}

/** The expiry job: every user holding a grant whose expiry passed and was not settled yet. */
export async function expireDueCredits(rt: JobRuntime): Promise<{ users: number; creditsExpired: number }> {
  const now = rt.services.clock();
  const users = await rt.db.prisma.creditTransaction.findMany({
    where: { amount: { gt: 0 }, expiresAt: { lte: now }, expirySettledAt: null },
    distinct: ["userId"],
    select: { userId: true },
    take: 1000,
  });
  const actor: AuditActor = { viewer: null, ip: null, userAgent: "job:commerce.expire-credits", requestId: `job:${now.toISOString()}` };
  let creditsExpired = 0;
  for (const { userId } of users) {
    creditsExpired += await transaction(rt.db.prisma, (tx) => expireCreditsOf(tx, actor, userId, now));
  }
  return { users: users.length, creditsExpired };
}
