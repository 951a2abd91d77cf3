// App-store one-time purchases (seed 000 mobile: voice packs and content bought in the app,
// reported by RevenueCat as NON_RENEWING_PURCHASE) become the same Purchase + Payment + grant a
// web purchase makes, settled by the same state machine: the payment is provider "revenuecat",
// its provider id the store's transaction id (unique, so a replayed or re-sent event finds the
// existing payment and changes nothing), and it completes in the webhook's transaction. A store
// refund (CANCELLATION of that transaction) refunds it as a provider refund: the grant is
// revoked and the creator's earning cancelled or reversed, nothing is owed back to the store.
import type { Tx } from "../../core/tx.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import type { AuditActor } from "../../core/audit.ts";
import { recordAudit } from "../../core/audit.ts";
import { liveGrant } from "../content/index.ts";
import { isPlatformOwner } from "./common.ts";
import { revenueSplit } from "./money.ts";
import { completePayment, createPendingPayment, refundPayment } from "./payments.ts";
import { advisoryLock } from "../../core/locks.ts";

export interface StorePurchase {
  userId: string;
  productId: string;
  /** The store's transaction id. */
  transactionId: string;
  /** What the buyer paid in `currency`, when the event says (else the catalogue price). */
  amount: string | null;
  currency: string | null;
}

export type StoreOutcome = "granted" | "duplicate" | "unknown_product" | "already_owned";

const providerId = (transactionId: string) => `revenuecat:${transactionId}`;

export async function recordStorePurchase(tx: Tx, env: { actor: AuditActor; now: Date; feePercent: number }, p: StorePurchase): Promise<StoreOutcome> {
  const existing = await tx.payment.findUnique({ where: { providerPaymentId: providerId(p.transactionId) } });
  if (existing) {
    await completePayment(tx, env, existing.id); // idempotent
    return "duplicate";
  }
  const pack = await tx.voicePack.findUnique({ where: { storeProductId: p.productId } });
  const content = pack ? null : await tx.content.findUnique({ where: { storeProductId: p.productId } });
  if (!pack && !content) return "unknown_product";
  const kind = pack ? ("VOICE_PACK" as const) : ("CONTENT" as const);
  const itemId = (pack ?? content)!.id;
  await advisoryLock(tx, `commerce:item:${p.userId}:${kind}:${itemId}`);
  const owned = pack
    ? await tx.userVoicePack.count({ where: { userId: p.userId, voicePackId: itemId, revokedAt: null } })
    : await tx.content.count({ where: { id: itemId, OR: [{ creatorId: p.userId }, { access: { some: { ...liveGrant(p.userId, env.now), accessType: { in: ["PURCHASED", "COMPLIMENTARY"] } } } }] } });
  if (owned > 0) return "already_owned";
  const listPrice = pack ? pack.price : (content!.price ?? new Prisma.Decimal(0));
  const amount = p.amount && /^\d{1,10}(\.\d{1,2})?$/.test(p.amount) ? new Prisma.Decimal(p.amount) : listPrice;
  const currency = p.currency && /^[A-Z]{3}$/.test(p.currency) ? p.currency : pack ? pack.currency : content!.currency;
  const platform = !content || (await isPlatformOwner(tx, content.creatorId, env.now));
  const split = revenueSplit(amount, env.feePercent, platform);
  const payment = await createPendingPayment(tx, {
    userId: p.userId,
    createdAt: env.now,
    purpose: kind,
    amount,
    currency,
    provider: "revenuecat",
    idempotencyKey: `store:${p.transactionId}`,
    description: `${pack ? "Voice pack" : "Content"} (app store): ${pack ? pack.name : content!.title}`,
    ...split,
    ...(pack ? { voicePackId: itemId } : { contentId: itemId }),
  });
  await tx.payment.update({ where: { id: payment.id }, data: { providerPaymentId: providerId(p.transactionId) } });
  const purchase = await tx.purchase.create({
    data: {
      customerId: p.userId,
      paymentId: payment.id,
      amountPaid: amount,
      currency,
      platformFeeAmount: split.platformFeeAmount,
      creatorPayoutAmount: split.creatorPayoutAmount,
      status: "PENDING",
      idempotencyKey: `store:${p.transactionId}`,
      ...(pack ? { voicePackId: itemId } : { contentId: itemId }),
    },
  });
  await recordAudit(tx, env.actor, {
    action: "purchase.create",
    entityType: "Purchase",
    entityId: purchase.id,
    actorId: p.userId,
    newValues: { kind, itemId, amount: amount.toFixed(2), currency, store: true, transactionId: p.transactionId },
  });
  await completePayment(tx, env, payment.id, { providerPaymentId: providerId(p.transactionId) });
  return "granted";
}

/** The store refunded the transaction: the purchase is refunded (provider refund: nothing is owed back). */
export async function refundStorePurchase(tx: Tx, env: { actor: AuditActor; now: Date }, transactionId: string, reason: string): Promise<boolean> {
  const payment = await tx.payment.findUnique({ where: { providerPaymentId: providerId(transactionId) } });
  if (!payment) return false;
  const r = await refundPayment(tx, env, payment.id, `store refund: ${reason}`, "provider");
  return r.changed;
}
