// Credit packs: members buy credits (EARNED_PURCHASE, seed 003 credit_transactions) with money,
// through the one payment state machine. Completing the payment adds the pack's credits to the
// ledger (idempotency key per payment, so a replayed completion adds nothing); a refund takes back
// what is left of them (an ADJUSTMENT of at most the current balance: credits already spent on a
// booking stay spent, the ledger never goes below zero). Platform revenue: no creator share.
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { requireVerifiedEmail } from "../identity/index.ts";
import { parseIdempotencyKey, requireViewer, sendReceipt } from "./common.ts";
import { applyCreditChange, lockBalance } from "./credits.ts";
import { earnCredits } from "./ledger.ts";
import { Decimal, money } from "./money.ts";
import { CURRENCY_RE } from "../../core/validation.ts";
import { checkout, createPendingPayment, registerFulfiller, type CheckoutResult } from "./payments.ts";
import { advisoryLock } from "../../core/locks.ts";

registerFulfiller("CREDIT_PACK", {
  async complete(tx, payment) {
    const pack = payment.creditPackId ? await tx.creditPack.findUnique({ where: { id: payment.creditPackId } }) : null;
    if (!pack) return { ok: false, reason: "the credit pack no longer exists" };
    await earnCredits(tx, { userId: payment.userId, type: "EARNED_PURCHASE", amount: pack.credits, description: `Bought: ${pack.name}`, idempotencyKey: `credit-pack:${payment.id}` });
    await sendReceipt(tx, {
      userId: payment.userId,
      type: "PURCHASE_RECEIPT",
      emailType: "purchase_receipt",
      title: "Credits added",
      message: `${pack.credits} credits (${pack.name}) for ${money(payment.amount)} ${payment.currency}.`,
      relatedEntityType: "Payment",
      relatedEntityId: payment.id,
    });
    return { ok: true };
  },
  async fail() {
    // nothing was held
  },
  async refund(tx, payment) {
    const earned = await tx.creditTransaction.findUnique({ where: { userId_idempotencyKey: { userId: payment.userId, idempotencyKey: `credit-pack:${payment.id}` } } });
    if (!earned) return; // never granted (the refund overtook the success)
    const balance = await lockBalance(tx, payment.userId);
    const takeBack = Math.min(balance, earned.amount);
    if (takeBack <= 0) return;
    await applyCreditChange(tx, {
      userId: payment.userId,
      type: "ADJUSTMENT",
      amount: -takeBack,
      reason: `Refund of a credit pack (${earned.amount} credits bought, ${takeBack} still unspent)`,
      description: "Credit pack refunded",
      idempotencyKey: `credit-pack-refund:${payment.id}`,
    });
  },
});

export async function purchaseCreditPack(ctx: Context, packId: string, rawKey: string): Promise<CheckoutResult> {
  const viewer = requireViewer(ctx);
  await requireVerifiedEmail(ctx);
  const key = parseIdempotencyKey(rawKey);
  let payment = await ctx.prisma.payment.findUnique({ where: { userId_idempotencyKey: { userId: viewer.id, idempotencyKey: `credit-pack:${key}` } } });
  if (payment && payment.creditPackId !== packId) throw errors.conflict("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was already used for a different purchase; use a new key.");
  if (!payment) {
    const pack = await ctx.prisma.creditPack.findUnique({ where: { id: packId } });
    if (!pack || (!pack.isActive && !ctx.viewer?.roles.has("ADMIN"))) throw errors.notFound("Credit pack", packId);
    if (!pack.isActive) throw errors.conflict("NOT_FOR_SALE", "This credit pack is no longer sold.");
    payment = await transaction(ctx.prisma, async (tx) => {
      await advisoryLock(tx, `commerce:credit-pack:${viewer.id}:${key}`);
      const again = await tx.payment.findUnique({ where: { userId_idempotencyKey: { userId: viewer.id, idempotencyKey: `credit-pack:${key}` } } });
      if (again) return again;
      const p = await createPendingPayment(tx, {
        userId: viewer.id,
        purpose: "CREDIT_PACK",
        createdAt: ctx.services.clock(),
        amount: pack.price,
        currency: pack.currency,
        provider: ctx.services.payments.active.name,
        idempotencyKey: `credit-pack:${key}`,
        description: `Credits: ${pack.name}`,
        platformFeeAmount: new Decimal(0),
        creatorPayoutAmount: pack.price,
        creditPackId: pack.id,
      });
      await recordAudit(tx, ctx, { action: "credit_pack.purchase", entityType: "Payment", entityId: p.id, newValues: { creditPackId: pack.id, credits: pack.credits, amount: money(pack.price), currency: pack.currency } });
      return p;
    });
  }
  return checkout(ctx, ctx, payment.id);
}

const packSchema = z.object({
  name: z.string().trim().min(1).max(200),
  credits: z.number().int().min(1).max(100_000),
  price: z
    .string()
    .regex(/^\d{1,10}(\.\d{1,2})?$/, "must be an amount with at most two decimals")
    .refine((p) => new Decimal(p).gt(0), "must be greater than 0"),
  currency: z.string().trim().toUpperCase().regex(CURRENCY_RE, "must be a 3-letter ISO currency code"),
  isActive: z.boolean(),
});

export async function saveCreditPack(ctx: Context, id: string | null, input: Partial<z.input<typeof packSchema>>): Promise<string> {
  const data = parseInput(id ? packSchema.partial() : packSchema, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)));
  return transaction(ctx.prisma, async (tx) => {
    if (!id) {
      const created = await tx.creditPack.create({ data: { ...(data as z.infer<typeof packSchema>), price: new Decimal(data.price!) } });
      await recordAudit(tx, ctx, { action: "credit_pack.create", entityType: "CreditPack", entityId: created.id, newValues: data });
      return created.id;
    }
    const before = await tx.creditPack.findUnique({ where: { id } });
    if (!before) throw errors.notFound("Credit pack", id);
    await tx.creditPack.update({ where: { id }, data: { ...data, ...(data.price ? { price: new Decimal(data.price) } : {}) } });
    await recordAudit(tx, ctx, { action: "credit_pack.update", entityType: "CreditPack", entityId: id, oldValues: { name: before.name, credits: before.credits, price: money(before.price), isActive: before.isActive }, newValues: data });
    return id;
  });
}
