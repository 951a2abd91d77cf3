// POST /webhooks/stripe: the signature is checked with the official stripe SDK (raw body +
// Stripe-Signature + STRIPE_WEBHOOK_SECRET); each event is stored by its id, and processed in
// the same transaction that records it, so a replay or a concurrent duplicate changes nothing.
// Domains export `stripeHandlers` (event type → handler); unknown types are stored as IGNORED.
import type Stripe from "stripe";
import { stripeSdk } from "../adapters/stripe.ts";
import { transaction, isUniqueViolation, type Tx } from "../core/tx.ts";
import type { AppRuntime } from "./runtime.ts";
import { json, type HttpRoute, type StripeHandlers } from "../core/http.ts";


export { stripeSdk };

/**
 * The platform endpoint (/webhooks/stripe, STRIPE_WEBHOOK_SECRET) and, with
 * `{ connect: true }`, the Connect endpoint for events about creators' connected accounts
 * (/webhooks/stripe/connect, STRIPE_CONNECT_WEBHOOK_SECRET: Stripe signs those with the Connect
 * endpoint's own secret). Both share the handlers and the replay-safe event store.
 */
export function stripeWebhookRoute(handlers: StripeHandlers, opts: { connect?: boolean } = {}): HttpRoute<AppRuntime> {
  const secretName = opts.connect ? "STRIPE_CONNECT_WEBHOOK_SECRET" : "STRIPE_WEBHOOK_SECRET";
  return {
    method: "POST",
    path: opts.connect ? "/webhooks/stripe/connect" : "/webhooks/stripe",
    handler: async (request, rt) => {
      const secret = rt.config[secretName];
      if (!secret) return json(503, { error: `Stripe webhooks are not configured (${secretName}).` });
      const signature = request.headers.get("stripe-signature");
      const raw = await request.text();
      let event: Stripe.Event;
      try {
        if (!signature) throw new Error("missing signature");
        event = stripeSdk(rt.config.STRIPE_SECRET_KEY).webhooks.constructEvent(raw, signature, secret);
      } catch {
        return json(400, { error: "Invalid Stripe signature." });
      }
      const handler = handlers[event.type];
      const key = { provider_eventId: { provider: "stripe", eventId: event.id } };
      try {
        const outcome = await transaction(rt.db.prisma, async (tx) => {
          const existing = await tx.webhookEvent.findUnique({ where: key, select: { status: true } });
          if (existing && existing.status !== "FAILED" && existing.status !== "RECEIVED") return "duplicate";
          if (!existing) {
            await tx.webhookEvent.create({
              data: { provider: "stripe", eventId: event.id, type: event.type, payload: JSON.parse(raw), status: "RECEIVED", attempts: 1 },
            });
          } else {
            await tx.webhookEvent.update({ where: key, data: { attempts: { increment: 1 } } });
          }
          if (!handler) {
            await tx.webhookEvent.update({ where: key, data: { status: "IGNORED", processedAt: rt.services.clock() } });
            return "ignored";
          }
          await handler(event, tx, rt);
          await tx.webhookEvent.update({ where: key, data: { status: "PROCESSED", processedAt: rt.services.clock(), error: null } });
          return "processed";
        });
        return json(200, { received: true, outcome });
      } catch (e) {
        if (isUniqueViolation(e)) return json(200, { received: true, outcome: "duplicate" });
        rt.log.error({ eventId: event.id, type: event.type, err: (e as Error).message }, "stripe webhook processing failed");
        await rt.db.prisma.webhookEvent
          .upsert({
            where: key,
            create: { provider: "stripe", eventId: event.id, type: event.type, payload: JSON.parse(raw), status: "FAILED", attempts: 1, error: (e as Error).message?.slice(0, 1000) },
            update: { status: "FAILED", error: (e as Error).message?.slice(0, 1000) },
          })
          .catch(() => undefined);
        // 500 → Stripe retries later; the stored FAILED row lets the retry run again.
        return json(500, { error: "Processing failed; it will be retried." });
      }
    },
  };
}
