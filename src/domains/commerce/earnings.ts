// The creator earnings ledger, written by the payment state machine (payments.ts) inside each
// transition's transaction: a completed payment whose creator share belongs to a creator books one
// CreatorEarning (idempotent per payment); its refund takes the earning off the balance (not paid
// out yet → CANCELED) or makes the transfer reversal owed (already paid out → REVERSAL_PENDING,
// sent by the commerce.creator-payouts job). Both updates are conditional on the current status,
// so a refund racing a payout batch lands in exactly one of the two branches.
import type { Tx } from "../../core/tx.ts";
import type { Payment } from "../../generated/prisma/client.ts";
import { isPlatformOwner } from "./common.ts";

/** The part of a transition's environment the ledger needs (payments.ts TransitionEnv). */
interface LedgerEnv {
  now: Date;
}

/** Who the creator share of a payment belongs to; null for platform items (voice packs) and subscriptions. */
async function payeeOf(tx: Tx, p: Payment): Promise<string | null> {
  switch (p.purpose) {
    case "CONTENT":
      return p.contentId ? ((await tx.content.findUnique({ where: { id: p.contentId }, select: { creatorId: true } }))?.creatorId ?? null) : null;
    case "SERIES":
      return p.seriesId ? ((await tx.contentSeries.findUnique({ where: { id: p.seriesId }, select: { creatorId: true } }))?.creatorId ?? null) : null;
    case "OFFERING_BOOKING":
      return p.offeringId ? ((await tx.offering.findUnique({ where: { id: p.offeringId }, select: { creatorId: true } }))?.creatorId ?? null) : null;
    case "TIP":
      return (await tx.tip.findUnique({ where: { paymentId: p.id }, select: { toCreatorId: true } }))?.toCreatorId ?? null;
    default:
      return null;
  }
}

/** Books the creator share of a just-completed payment. Platform items (an ADMIN's) stay with the platform. */
export async function recordEarning(tx: Tx, env: LedgerEnv, payment: Payment): Promise<void> {
  if (payment.creatorPayoutAmount.lte(0)) return;
  const creatorId = await payeeOf(tx, payment);
  if (!creatorId || creatorId === payment.userId) return;
  if (await isPlatformOwner(tx, creatorId, env.now)) return;
  await tx.creatorEarning.upsert({
    where: { paymentId: payment.id },
    create: {
      creatorId,
      paymentId: payment.id,
      grossAmount: payment.amount,
      platformFeeAmount: payment.platformFeeAmount,
      amount: payment.creatorPayoutAmount,
      currency: payment.currency,
      status: "PENDING",
      createdAt: env.now,
    },
    update: {},
  });
}

/** The payment was refunded: undo its earning (cancel it, or owe the transfer reversal). */
export async function reverseEarning(tx: Tx, env: LedgerEnv, payment: Payment): Promise<void> {
  const canceled = await tx.creatorEarning.updateMany({ where: { paymentId: payment.id, status: "PENDING" }, data: { status: "CANCELED", refundedAt: env.now } });
  if (canceled.count > 0) return;
  await tx.creatorEarning.updateMany({ where: { paymentId: payment.id, status: "PAID" }, data: { status: "REVERSAL_PENDING", refundedAt: env.now } });
}
