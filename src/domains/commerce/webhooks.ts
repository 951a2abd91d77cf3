// Stripe events for one-time payments. The route (src/app/webhooks.ts) has already checked the
// signature and de-duplicated the event by id, and runs each handler in the transaction that
// records the event. Handlers only drive the state machine, whose transitions are idempotent and
// tolerate any order: a success after a refund, a failure after a success and a replay all
// change nothing; a refund that overtakes the success refunds without ever granting.
// (customer.subscription.* and invoice.* belong to the subscriptions domain.)
import type Stripe from "stripe";
import type { Tx } from "../../core/tx.ts";
import type { JobRuntime } from "../../core/jobs.ts";
import type { StripeHandlers } from "../../core/http.ts";
import type { AuditActor } from "../../core/audit.ts";
import { toMinorUnits } from "./money.ts";
import { completePayment, failPayment, findPaymentForProvider, refundPayment, settlesPurpose } from "./payments.ts";
import { syncPayoutAccount } from "./payouts.ts";
import { accountState } from "../../core/stripe-connect.ts";

function actorFor(event: Stripe.Event): AuditActor {
  return { viewer: null, ip: null, userAgent: "stripe-webhook", requestId: `stripe:${event.id}` };
}

function intentId(ref: string | { id: string } | null | undefined): string | null {
  if (!ref) return null;
  return typeof ref === "string" ? ref : ref.id;
}

/** Our payment for the intent, if it is one this state machine settles (subscription invoices are not). */
async function paymentFor(tx: Tx, pi: { id: string; metadata?: Stripe.Metadata | null }) {
  const payment = await findPaymentForProvider(tx, "stripe", pi.id, pi.metadata?.paymentId);
  return payment && settlesPurpose(payment.purpose) ? payment : null;
}

export const stripeHandlers: StripeHandlers = {
  async "payment_intent.succeeded"(event, tx, rt: JobRuntime) {
    const pi = event.data.object as Stripe.PaymentIntent;
    const payment = await paymentFor(tx, pi);
    if (!payment) {
      rt.log.warn({ eventId: event.id, paymentIntent: pi.id }, "payment_intent.succeeded for an unknown payment; ignored");
      return;
    }
    const env = { actor: actorFor(event), now: rt.services.clock() };
    const expected = toMinorUnits(payment.amount, payment.currency);
    const received = pi.amount_received ?? pi.amount;
    if (pi.currency?.toUpperCase() !== payment.currency || received !== expected) {
      // Never grant on a different amount than the one we asked for.
      rt.log.error({ eventId: event.id, paymentId: payment.id, expected, got: received, currency: pi.currency }, "payment amount mismatch");
      await failPayment(tx, env, payment.id, `amount mismatch: expected ${expected} ${payment.currency}, got ${received} ${pi.currency}`);
      return;
    }
    await completePayment(tx, env, payment.id, { providerPaymentId: pi.id });
  },

  async "payment_intent.payment_failed"(event, tx, rt: JobRuntime) {
    const pi = event.data.object as Stripe.PaymentIntent;
    const payment = await paymentFor(tx, pi);
    if (!payment) return;
    const reason = pi.last_payment_error?.message ?? pi.last_payment_error?.code ?? "payment failed";
    await failPayment(tx, { actor: actorFor(event), now: rt.services.clock() }, payment.id, reason);
  },

  async "charge.refunded"(event, tx, rt: JobRuntime) {
    const charge = event.data.object as Stripe.Charge;
    const piId = intentId(charge.payment_intent as string | { id: string } | null);
    const payment = await paymentFor(tx, { id: piId ?? "", metadata: charge.metadata });
    if (!payment) return;
    if (!charge.refunded) {
      // Partial refund: recorded, access kept (the state machine only knows full refunds).
      const meta = (payment.metadata ?? {}) as Record<string, unknown>;
      await tx.payment.update({ where: { id: payment.id }, data: { metadata: { ...meta, partialRefundMinorUnits: charge.amount_refunded } } });
      return;
    }
    const reason = charge.refunds?.data?.[0]?.reason ?? "refunded at the provider";
    const result = await refundPayment(tx, { actor: actorFor(event), now: rt.services.clock() }, payment.id, reason, "provider");
    if (!result.changed) {
      // We initiated this refund ourselves: the provider confirms it.
      const meta = (result.payment.metadata ?? {}) as Record<string, unknown>;
      if (meta.providerRefund === "PENDING" || meta.providerRefund === "SENT") {
        await tx.payment.update({ where: { id: payment.id }, data: { metadata: { ...meta, providerRefund: "CONFIRMED" } } });
      }
    }
  },

  /**
   * A creator's connected account changed (onboarding finished, requirements due, payouts
   * enabled or paused). Applied only if it is not older than what we last synced, so a late
   * delivery of an old snapshot never undoes a newer state; a replay changes nothing.
   */
  async "account.updated"(event, tx, rt) {
    const account = event.data.object as Stripe.Account;
    const row = await tx.creatorPayoutAccount.findUnique({ where: { accountId: account.id } });
    if (!row) {
      rt.log.warn({ eventId: event.id, account: account.id }, "account.updated for an unknown connected account; ignored");
      return;
    }
    const createdAt = new Date(event.created * 1000);
    if (row.lastEventAt && createdAt < row.lastEventAt) return;
    await syncPayoutAccount(tx, actorFor(event), rt.services.clock(), row, accountState(account));
    await tx.creatorPayoutAccount.update({ where: { id: row.id }, data: { lastEventAt: createdAt } });
  },
};
