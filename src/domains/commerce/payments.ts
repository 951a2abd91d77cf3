// THE payment state machine, one for every paid thing (content, series bundle, voice pack, tip,
// offering booking):
//
//   PENDING ──complete──▶ COMPLETED ──refund──▶ REFUNDED
//      │  ▲                                        ▲
//     fail└─late success (provider says paid)      │
//      ▼                                           │
//   FAILED ───────── provider refund that overtook the success event
//
// Every transition locks the payment row (SELECT … FOR UPDATE), writes the payment, calls the
// purpose's fulfiller in the same transaction (grant on complete, revocation on refund, release
// on fail) and writes one audit row. Transitions are idempotent: completing a COMPLETED payment,
// failing a settled one or refunding a REFUNDED one changes nothing, so replayed and
// out-of-order provider events are harmless.
import { publishAfterCommit, type Tx } from "../../core/tx.ts";
import { transaction } from "../../core/tx.ts";
import type { Payment, PaymentPurpose, Prisma } from "../../generated/prisma/client.ts";
import type { PrismaClient } from "../../db/client.ts";
import type { Logger } from "../../core/logger.ts";
import type { Services } from "../../core/ports.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit, type AuditActor } from "../../core/audit.ts";
import { money } from "./money.ts";
import { recordEarning, reverseEarning } from "./earnings.ts";
import { advisoryLock } from "../../core/locks.ts";

export interface TransitionEnv {
  actor: AuditActor;
  now: Date;
}

export type FulfilOutcome = { ok: true } | { ok: false; reason: string };

/** What a purpose does on each transition; runs inside the transition's transaction. */
export interface Fulfiller {
  /** Grant what was paid for. `{ ok: false }` when it can no longer be delivered: the payment is refunded at once. */
  complete(tx: Tx, payment: Payment, env: TransitionEnv): Promise<FulfilOutcome>;
  /** Release whatever the pending payment held (a seat) and mark the target failed. */
  fail(tx: Tx, payment: Payment, env: TransitionEnv): Promise<void>;
  /** Revoke what `complete` granted (if it ever ran) and mark the target refunded. */
  refund(tx: Tx, payment: Payment, env: TransitionEnv): Promise<void>;
}

const fulfillers = new Map<PaymentPurpose, Fulfiller>();

/** Each domain registers the fulfiller of the purposes it sells (commerce: content, series, voice packs, tips; offerings: bookings). */
export function registerFulfiller(purpose: PaymentPurpose, fulfiller: Fulfiller): void {
  fulfillers.set(purpose, fulfiller);
}

/** Whether this state machine settles payments of `purpose` (others, e.g. SUBSCRIPTION, belong to their domain). */
export function settlesPurpose(purpose: PaymentPurpose): boolean {
  return fulfillers.has(purpose);
}

function fulfillerFor(purpose: PaymentPurpose): Fulfiller {
  const f = fulfillers.get(purpose);
  if (!f) throw new Error(`No fulfiller registered for payments of purpose ${purpose}`);
  return f;
}


export async function lockPayment(tx: Tx, id: string): Promise<Payment | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM payments WHERE id = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.payment.findUniqueOrThrow({ where: { id } });
}

export interface NewPayment {
  userId: string;
  purpose: PaymentPurpose;
  amount: Prisma.Decimal;
  currency: string;
  provider: string;
  /** Unique per user; namespaced by the caller ("purchase:<key>", "tip:<key>", …). */
  idempotencyKey: string;
  /**
   * The service clock's now: written explicitly (not the column's DEFAULT now()) because the
   * pending-payment expiry job compares created_at with the service clock.
   */
  createdAt: Date;
  description: string;
  platformFeeAmount: Prisma.Decimal;
  creatorPayoutAmount: Prisma.Decimal;
  contentId?: string | null;
  seriesId?: string | null;
  voicePackId?: string | null;
  offeringId?: string | null;
  creditPackId?: string | null;
}

export async function createPendingPayment(tx: Tx, p: NewPayment): Promise<Payment> {
  return tx.payment.create({
    data: {
      userId: p.userId,
      purpose: p.purpose,
      status: "PENDING",
      amount: p.amount,
      currency: p.currency,
      provider: p.provider,
      idempotencyKey: p.idempotencyKey,
      description: p.description.slice(0, 500),
      platformFeeAmount: p.platformFeeAmount,
      creatorPayoutAmount: p.creatorPayoutAmount,
      contentId: p.contentId ?? null,
      seriesId: p.seriesId ?? null,
      voicePackId: p.voicePackId ?? null,
      offeringId: p.offeringId ?? null,
      createdAt: p.createdAt,
      creditPackId: p.creditPackId ?? null,
    },
  });
}

export interface Transition {
  payment: Payment;
  changed: boolean;
}

function audit(tx: Tx, env: TransitionEnv, action: string, before: Payment, after: Payment, extra: Record<string, unknown> = {}) {
  return recordAudit(tx, env.actor, {
    action,
    entityType: "Payment",
    entityId: after.id,
    oldValues: { status: before.status },
    newValues: { status: after.status, purpose: after.purpose, amount: money(after.amount), currency: after.currency, ...extra },
  });
}

/** Tells the payer's paymentUpdated streams, once the transaction commits (a webhook completing a checkout, a refund, a failure). */
function publishPaymentUpdated(tx: Tx, p: { id: string; userId: string; status: string }) {
  publishAfterCommit(tx, "paymentUpdated", p.userId, { paymentId: p.id, status: p.status });
}

/** PENDING | FAILED → COMPLETED, granting what was paid for. COMPLETED / REFUNDED: no change. */
export async function completePayment(tx: Tx, env: TransitionEnv, paymentId: string, opts: { providerPaymentId?: string | null } = {}): Promise<Transition> {
  const before = await lockPayment(tx, paymentId);
  if (!before) throw errors.notFound("Payment");
  if (before.status === "COMPLETED" || before.status === "REFUNDED") return { payment: before, changed: false };
  const completed = await tx.payment.update({
    where: { id: paymentId },
    data: {
      status: "COMPLETED",
      completedAt: env.now,
      failureReason: null,
      providerPaymentId: before.providerPaymentId ?? opts.providerPaymentId ?? null,
    },
  });
  const outcome = await fulfillerFor(completed.purpose).complete(tx, completed, env);
  await audit(tx, env, "payment.complete", before, completed);
  if (outcome.ok) publishPaymentUpdated(tx, completed);
  if (!outcome.ok) {
    // The money arrived for something that can no longer be delivered (already owned through
    // another payment, seat gone): refund it at once; the provider refund is owed.
    const refunded = await refundLocked(tx, env, completed, `UNFULFILLABLE: ${outcome.reason}`, true);
    return { payment: refunded, changed: true };
  }
  await recordEarning(tx, env, completed);
  return { payment: completed, changed: true };
}

/** PENDING → FAILED, releasing what the payment held. Any other state: no change (a late failure never undoes a success). */
export async function failPayment(tx: Tx, env: TransitionEnv, paymentId: string, reason: string): Promise<Transition> {
  const before = await lockPayment(tx, paymentId);
  if (!before) throw errors.notFound("Payment");
  if (before.status !== "PENDING") return { payment: before, changed: false };
  const failed = await tx.payment.update({
    where: { id: paymentId },
    data: { status: "FAILED", failedAt: env.now, failureReason: reason.slice(0, 500) },
  });
  await fulfillerFor(failed.purpose).fail(tx, failed, env);
  await audit(tx, env, "payment.fail", before, failed, { reason: failed.failureReason });
  publishPaymentUpdated(tx, failed);
  return { payment: failed, changed: true };
}

export type RefundSource = "admin" | "provider" | "cancellation";

/**
 * COMPLETED → REFUNDED, revoking the grant. A refund reported by the provider is also accepted
 * for a PENDING / FAILED payment (the refund event overtook the success event): it becomes
 * REFUNDED without ever granting, and a late success event then changes nothing.
 * Refunds we initiate (admin, cancellation) mark the provider refund as owed (metadata
 * providerRefund = PENDING) for non-local providers; see requestProviderRefund.
 */
export async function refundPayment(tx: Tx, env: TransitionEnv, paymentId: string, reason: string, source: RefundSource): Promise<Transition> {
  const before = await lockPayment(tx, paymentId);
  if (!before) throw errors.notFound("Payment");
  if (before.status === "REFUNDED") return { payment: before, changed: false };
  if (before.status !== "COMPLETED" && source !== "provider") {
    throw errors.conflict("NOT_REFUNDABLE", `Only a completed payment can be refunded; this one is ${before.status}.`, { status: before.status });
  }
  const refunded = await refundLocked(tx, env, before, reason, source !== "provider");
  return { payment: refunded, changed: true };
}

async function refundLocked(tx: Tx, env: TransitionEnv, before: Payment, reason: string, owedToProvider: boolean): Promise<Payment> {
  const meta = (before.metadata ?? {}) as Record<string, unknown>;
  const refunded = await tx.payment.update({
    where: { id: before.id },
    data: {
      status: "REFUNDED",
      refundedAt: env.now,
      refundReason: reason.slice(0, 500),
      completedAt: before.completedAt ?? env.now,
      // Local payments move no money; app-store purchases are refunded by the store itself.
      ...(owedToProvider && before.provider !== "local" && before.provider !== "revenuecat" ? { metadata: { ...meta, providerRefund: "PENDING" } } : {}),
    },
  });
  await fulfillerFor(refunded.purpose).refund(tx, refunded, env);
  await reverseEarning(tx, env, refunded);
  await audit(tx, env, "payment.refund", before, refunded, { reason: refunded.refundReason });
  publishPaymentUpdated(tx, refunded);
  return refunded;
}

/** Stores the provider's id for the payment (first writer wins; a webhook may have stored it already). */
export async function recordIntent(tx: Tx, paymentId: string, providerPaymentId: string): Promise<void> {
  await tx.payment.updateMany({ where: { id: paymentId, providerPaymentId: null }, data: { providerPaymentId } });
}

/** Finds the payment a provider event is about: by the provider's id, else by our id in its metadata. */
export async function findPaymentForProvider(tx: Tx, provider: string, providerPaymentId: string | null, paymentId: string | null | undefined): Promise<Payment | null> {
  if (providerPaymentId) {
    const byProvider = await tx.payment.findUnique({ where: { providerPaymentId } });
    if (byProvider) return byProvider;
  }
  if (paymentId && /^[0-9a-f-]{36}$/i.test(paymentId)) {
    const byId = await tx.payment.findUnique({ where: { id: paymentId } });
    if (byId && byId.provider === provider) return byId;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Driving a payment through its provider (outside any transaction: providers may be remote).
// ---------------------------------------------------------------------------------------------

export interface Runtime {
  prisma: PrismaClient;
  services: Services;
  log: Logger;
}

export interface CheckoutResult {
  payment: Payment;
  /** Stripe's client secret while the payment waits for the client to confirm it; null otherwise. */
  clientSecret: string | null;
}

/**
 * Asks the payment's provider for an intent and applies what it says through the state machine:
 * the local provider settles at once (→ COMPLETED); Stripe answers "pending" and the webhook
 * completes it later. Safe to call again for the same payment (retries, concurrent duplicates):
 * the provider call is idempotent per payment and the transitions are idempotent.
 */
export async function checkout(rt: Runtime, actor: AuditActor, paymentId: string): Promise<CheckoutResult> {
  const payment = await rt.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
  if (payment.status !== "PENDING") return { payment, clientSecret: null };
  const provider = rt.services.payments.byName(payment.provider);
  if (!provider) throw errors.unavailable(`The payment provider "${payment.provider}" of this payment is not configured.`);
  let intent;
  try {
    intent = await provider.createIntent({
      paymentId: payment.id,
      userId: payment.userId,
      purpose: payment.purpose,
      amount: money(payment.amount),
      currency: payment.currency,
      description: payment.description ?? payment.purpose,
      idempotencyKey: `payment:${payment.id}`,
    });
  } catch (e) {
    const err = e as { type?: string; message?: string; statusCode?: number };
    if (err.type === "StripeInvalidRequestError" || err.type === "StripeCardError") {
      // The provider refused the payment itself (amount below its minimum, currency unsupported…).
      const failed = await transaction(rt.prisma, (tx) => failPayment(tx, { actor, now: rt.services.clock() }, payment.id, `provider refused: ${err.message ?? err.type}`));
      return { payment: failed.payment, clientSecret: null };
    }
    rt.log.error({ paymentId: payment.id, err: err.message }, "payment provider unreachable");
    throw errors.unavailable("The payment provider could not be reached; retry with the same idempotencyKey.");
  }
  const settled = await transaction(rt.prisma, async (tx) => {
    await recordIntent(tx, payment.id, intent.providerPaymentId);
    const env = { actor, now: rt.services.clock() };
    if (intent.status === "succeeded") return (await completePayment(tx, env, payment.id, { providerPaymentId: intent.providerPaymentId })).payment;
    if (intent.status === "failed") return (await failPayment(tx, env, payment.id, intent.failureReason ?? "failed at the provider")).payment;
    return tx.payment.findUniqueOrThrow({ where: { id: payment.id } });
  });
  return { payment: settled, clientSecret: settled.status === "PENDING" ? intent.clientSecret : null };
}

/**
 * Sends an owed refund (metadata providerRefund = PENDING) to the payment's provider and records
 * the outcome. Called right after a refund commits and retried by the commerce.provider-refunds
 * job, so a provider outage delays the money, never the revocation.
 */
export async function requestProviderRefund(rt: Runtime, paymentId: string): Promise<"sent" | "not_owed" | "failed"> {
  const p = await rt.prisma.payment.findUnique({ where: { id: paymentId } });
  const meta = (p?.metadata ?? {}) as Record<string, unknown>;
  if (!p || p.status !== "REFUNDED" || meta.providerRefund !== "PENDING") return "not_owed";
  const provider = rt.services.payments.byName(p.provider);
  if (!provider || !p.providerPaymentId) {
    rt.log.warn({ paymentId }, "refund owed to a provider that is not configured (or no provider payment id); will retry");
    return "failed";
  }
  try {
    const r = await provider.refund({ paymentId: p.id, providerPaymentId: p.providerPaymentId, amount: money(p.amount), currency: p.currency, reason: p.refundReason ?? "refund" });
    await rt.prisma.payment.update({
      where: { id: p.id },
      data: { metadata: { ...meta, providerRefund: "SENT", providerRefundId: r.providerRefundId, providerRefundAt: rt.services.clock().toISOString() } },
    });
    return "sent";
  } catch (e) {
    rt.log.error({ paymentId, err: (e as Error).message }, "provider refund failed; will retry");
    return "failed";
  }
}
