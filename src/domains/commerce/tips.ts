// Tips from a user to a creator (002 tips), paid through the same payment state machine. Amounts
// are bounded by TIP_MIN_AMOUNT / TIP_MAX_AMOUNT (in units of the tip's currency); nobody tips
// themselves; the recipient must be a creator (CREATOR role or a creator profile). The platform
// fee applies as on sales (none when the recipient is a platform owner).
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { isPlatformOwner, requireViewer, sendReceipt } from "./common.ts";
import { idempotencyKeySchema } from "../../core/validation.ts";
import { Decimal, money, revenueSplit } from "./money.ts";
import { CURRENCY_RE } from "../../core/validation.ts";
import { checkout, createPendingPayment, registerFulfiller, type CheckoutResult } from "./payments.ts";
import { advisoryLock } from "../../core/locks.ts";
import { requireVerifiedEmail } from "../identity/index.ts";

export interface TipInput {
  creatorId: string;
  amount: string;
  currency: string;
  message?: string | null;
  idempotencyKey: string;
}

function tipSchema(min: string, max: string) {
  return z.object({
    amount: z
      .string()
      .regex(/^\d{1,10}(\.\d{1,2})?$/, "must be an amount with at most two decimals, e.g. \"5.00\"")
      .refine((a) => new Decimal(a).gte(min), `must be at least ${min}`)
      .refine((a) => new Decimal(a).lte(max), `must be at most ${max}`),
    currency: z.string().trim().toUpperCase().regex(CURRENCY_RE, "must be a 3-letter ISO currency code"),
    message: z.string().trim().max(500, "must be at most 500 characters").optional(),
    idempotencyKey: idempotencyKeySchema,
  });
}

export interface TipResult {
  tipId: string;
  checkout: CheckoutResult;
}

export async function tipCreator(ctx: Context, input: TipInput): Promise<TipResult> {
  const viewer = requireViewer(ctx);
  await requireVerifiedEmail(ctx);
  const data = parseInput(tipSchema(ctx.config.TIP_MIN_AMOUNT, ctx.config.TIP_MAX_AMOUNT), {
    amount: input.amount,
    currency: input.currency,
    message: input.message ?? undefined,
    idempotencyKey: input.idempotencyKey,
  });
  const now = ctx.services.clock();
  const amount = new Decimal(data.amount);

  let tip = await ctx.prisma.tip.findUnique({ where: { fromUserId_idempotencyKey: { fromUserId: viewer.id, idempotencyKey: data.idempotencyKey } } });
  if (tip) sameTipOrConflict(tip, input.creatorId, amount, data.currency);
  else {
    if (input.creatorId === viewer.id) throw errors.forbidden("You cannot tip yourself.", "SELF_TIP");
    const creator = await ctx.prisma.user.findFirst({
      where: {
        id: input.creatorId,
        deletedAt: null,
        OR: [{ creatorProfile: { isNot: null } }, { roles: { some: { role: "CREATOR", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } } }],
      },
      select: { id: true },
    });
    if (!creator) throw errors.notFound("Creator", input.creatorId);
    const split = revenueSplit(amount, ctx.config.PLATFORM_FEE_PERCENT, await isPlatformOwner(ctx.prisma, creator.id, now));
    tip = await transaction(ctx.prisma, async (tx) => {
      await advisoryLock(tx, `commerce:tip:${viewer.id}:${data.idempotencyKey}`);
      const existing = await tx.tip.findUnique({ where: { fromUserId_idempotencyKey: { fromUserId: viewer.id, idempotencyKey: data.idempotencyKey } } });
      if (existing) return sameTipOrConflict(existing, input.creatorId, amount, data.currency);
      const payment = await createPendingPayment(tx, {
        createdAt: now,
        userId: viewer.id,
        purpose: "TIP",
        amount,
        currency: data.currency,
        provider: ctx.services.payments.active.name,
        idempotencyKey: `tip:${data.idempotencyKey}`,
        description: "Tip",
        ...split,
      });
      const created = await tx.tip.create({
        data: {
          fromUserId: viewer.id,
          toCreatorId: creator.id,
          amount,
          currency: data.currency,
          message: data.message ?? null,
          status: "PENDING",
          paymentId: payment.id,
          idempotencyKey: data.idempotencyKey,
        },
      });
      await recordAudit(tx, ctx, {
        action: "tip.create",
        entityType: "Tip",
        entityId: created.id,
        newValues: { toCreatorId: creator.id, amount: money(amount), currency: data.currency },
      });
      return created;
    });
  }
  const result = await checkout(ctx, ctx, tip.paymentId!);
  return { tipId: tip.id, checkout: result };
}

function sameTipOrConflict<T extends { toCreatorId: string; amount: Decimal; currency: string }>(tip: T, creatorId: string, amount: Decimal, currency: string): T {
  if (tip.toCreatorId !== creatorId || !tip.amount.equals(amount) || tip.currency !== currency) {
    throw errors.conflict("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was already used for a different tip; use a new key for a new tip.");
  }
  return tip;
}

registerFulfiller("TIP", {
  async complete(tx, payment) {
    const tip = await tx.tip.update({
      where: { paymentId: payment.id },
      data: { status: "COMPLETED", stripeTxn: payment.provider === "stripe" ? payment.providerPaymentId : null },
    });
    await sendReceipt(tx, {
      userId: tip.toCreatorId,
      type: "TIP_RECEIVED",
      emailType: "tip_received",
      title: `You received a tip of ${money(tip.amount)} ${tip.currency}`,
      message: tip.message ? `Message: ${tip.message}` : "Someone appreciated your work.",
      relatedEntityType: "Tip",
      relatedEntityId: tip.id,
      email: false,
    });
    await sendReceipt(tx, {
      userId: tip.fromUserId,
      type: "PURCHASE_RECEIPT",
      emailType: "tip_receipt",
      title: `Receipt: tip of ${money(tip.amount)} ${tip.currency}`,
      message: `Thank you: your tip of ${money(tip.amount)} ${tip.currency} was delivered.`,
      relatedEntityType: "Tip",
      relatedEntityId: tip.id,
    });
    return { ok: true };
  },
  async fail(tx, payment) {
    await tx.tip.update({ where: { paymentId: payment.id }, data: { status: "FAILED" } });
  },
  async refund(tx, payment) {
    const tip = await tx.tip.update({ where: { paymentId: payment.id }, data: { status: "REFUNDED" } });
    await sendReceipt(tx, {
      userId: tip.fromUserId,
      type: "SYSTEM",
      emailType: "refund_receipt",
      title: `Refund: tip of ${money(tip.amount)} ${tip.currency}`,
      message: `Your tip of ${money(tip.amount)} ${tip.currency} was refunded.`,
      relatedEntityType: "Tip",
      relatedEntityId: tip.id,
    });
  },
});
