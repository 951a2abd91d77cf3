// The credit ledger: a balance row per user plus append-only credit_transactions, each with the
// balance after it. applyCreditChange runs in the caller's transaction and locks the balance row
// first (INSERT … ON CONFLICT DO NOTHING, then SELECT … FOR UPDATE), so concurrent spends are
// serialized per user and a spend can never take the balance below zero. An idempotency key
// makes a retried change return the first result instead of applying twice.
import type { Tx } from "../../core/tx.ts";
import type { CreditTransactionType } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";

export interface CreditChange {
  userId: string;
  type: CreditTransactionType;
  /** Positive to earn or refund, negative to spend or expire. Never 0. */
  amount: number;
  description?: string | null;
  reason?: string | null;
  subscriptionId?: string | null;
  offeringBookingId?: string | null;
  expiresAt?: Date | null;
  idempotencyKey?: string | null;
  actorId?: string | null;
}

export interface CreditResult {
  transactionId: string;
  balanceAfter: number;
  replayed: boolean;
}

const SIGN: Record<CreditTransactionType, 1 | -1 | 0> = {
  EARNED_SUBSCRIPTION: 1,
  EARNED_PURCHASE: 1,
  REFUND_OFFERING: 1,
  SPENT_OFFERING: -1,
  EXPIRED: -1,
  ADJUSTMENT: 0, // either sign, with a reason
};

export async function applyCreditChange(tx: Tx, change: CreditChange): Promise<CreditResult> {
  const { userId, type, amount } = change;
  if (!Number.isInteger(amount) || amount === 0) throw errors.badInput("amount", "must be a non-zero whole number of credits");
  const sign = SIGN[type];
  if (sign !== 0 && Math.sign(amount) !== sign) throw errors.badInput("amount", `must be ${sign > 0 ? "positive" : "negative"} for ${type}`);
  if (type === "ADJUSTMENT" && !change.reason?.trim()) throw errors.badInput("reason", "is required for an adjustment");

  const balance = { current_balance: await lockBalance(tx, userId) };

  if (change.idempotencyKey) {
    const previous = await tx.creditTransaction.findUnique({
      where: { userId_idempotencyKey: { userId, idempotencyKey: change.idempotencyKey } },
      select: { id: true, balanceAfter: true },
    });
    if (previous) return { transactionId: previous.id, balanceAfter: previous.balanceAfter, replayed: true };
  }

  const after = balance.current_balance + amount;
  if (after < 0) {
    throw errors.conflict("INSUFFICIENT_CREDITS", `Not enough credits: balance ${balance.current_balance}, needed ${-amount}.`, {
      balance: balance.current_balance,
      required: -amount,
    });
  }
  // Lifetime totals: earned counts what came in (earnings, positive adjustments), spent counts
  // what bookings used net of their refunds; expiries and negative adjustments count in neither.
  const lifetime =
    type === "SPENT_OFFERING"
      ? { lifetimeSpent: { increment: -amount } }
      : type === "REFUND_OFFERING"
        ? { lifetimeSpent: Math.max(0, (await tx.creditBalance.findUniqueOrThrow({ where: { userId }, select: { lifetimeSpent: true } })).lifetimeSpent - amount) }
        : amount > 0
          ? { lifetimeEarned: { increment: amount } }
          : {};
  await tx.creditBalance.update({ where: { userId }, data: { currentBalance: after, ...lifetime } });
  const row = await tx.creditTransaction.create({
    data: {
      userId,
      type,
      amount,
      balanceAfter: after,
      description: change.description ?? null,
      reason: change.reason ?? null,
      subscriptionId: change.subscriptionId ?? null,
      offeringBookingId: change.offeringBookingId ?? null,
      expiresAt: change.expiresAt ?? null,
      idempotencyKey: change.idempotencyKey ?? null,
      actorId: change.actorId ?? null,
    },
    select: { id: true },
  });
  return { transactionId: row.id, balanceAfter: after, replayed: false };
}

/**
 * Creates the user's balance row if missing and locks it (SELECT … FOR UPDATE) for the rest of
 * the transaction; returns the current balance. Every change to a user's credits takes this lock
 * first, so changes for one user are serialized.
 */
export async function lockBalance(tx: Tx, userId: string): Promise<number> {
  await tx.$executeRaw`
    INSERT INTO credit_balances (id, user_id, current_balance, lifetime_earned, lifetime_spent, created_at, updated_at)
    VALUES (gen_random_uuid(), ${userId}::uuid, 0, 0, 0, now(), now())
    ON CONFLICT (user_id) DO NOTHING`;
  const [row] = await tx.$queryRaw<{ current_balance: number }[]>`
    SELECT current_balance FROM credit_balances WHERE user_id = ${userId}::uuid FOR UPDATE`;
  return row.current_balance;
}

export async function creditBalance(tx: Tx, userId: string): Promise<number> {
  const row = await tx.creditBalance.findUnique({ where: { userId }, select: { currentBalance: true } });
  return row?.currentBalance ?? 0;
}
