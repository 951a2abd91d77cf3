// POST /webhooks/revenuecat: the mobile store path (QuestPod). RevenueCat sends one JSON event
// per change with the Authorization header configured in its dashboard; we compare it with
// REVENUECAT_WEBHOOK_SECRET (constant time). Events are stored by id in webhook_events and
// processed in the same transaction, so a replay changes nothing. The subscriber is the
// app_user_id (our user id), the tier is the one whose revenueCatEntitlement is among the event's
// entitlement_ids, the store's original transaction id is the provider subscription id, and the
// entitlements JSON of 000 user_subscriptions is kept on the row.
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx } from "../../core/tx.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { JobRuntime } from "../../core/jobs.ts";
import { json, type HttpRoute } from "../../core/http.ts";
import { safeEqual } from "../identity/index.ts";
import { recordStorePurchase, refundStorePurchase } from "../commerce/index.ts";
import { systemActor } from "./lifecycle.ts";
import { syncProviderSnapshot, type ProviderSnapshot } from "./provider.ts";
import { UUID_RE } from "../../core/ids.ts";

const ms = z.number().int().nonnegative().nullish();
const eventSchema = z.object({
  event: z.looseObject({
    id: z.string().min(1).max(200),
    type: z.string().min(1).max(100),
    app_user_id: z.string().max(200),
    aliases: z.array(z.string()).nullish(),
    original_transaction_id: z.string().max(200).nullish(),
    transaction_id: z.string().max(200).nullish(),
    product_id: z.string().max(200).nullish(),
    entitlement_ids: z.array(z.string()).nullish(),
    entitlement_id: z.string().nullish(),
    period_type: z.string().nullish(),
    purchased_at_ms: ms,
    expiration_at_ms: ms,
    event_timestamp_ms: ms,
    store: z.string().nullish(),
    environment: z.string().nullish(),
    cancel_reason: z.string().nullish(),
    expiration_reason: z.string().nullish(),
    price_in_purchased_currency: z.number().nullish(),
    currency: z.string().max(3).nullish(),
  }),
});
export type RevenueCatEvent = z.infer<typeof eventSchema>["event"];

const at = (v: number | null | undefined) => (typeof v === "number" ? new Date(v) : null);

async function subscriberOf(tx: Tx, ev: RevenueCatEvent): Promise<string | null> {
  const ids = [ev.app_user_id, ...(ev.aliases ?? [])].filter((i) => UUID_RE.test(i));
  if (!ids.length) return null;
  const user = await tx.user.findFirst({ where: { id: { in: ids }, deletedAt: null }, select: { id: true } });
  return user?.id ?? null;
}

/** The event as a snapshot; null for events that change nothing here (TEST, TRANSFER, …). */
export async function snapshotFromRevenueCat(tx: Tx, ev: RevenueCatEvent): Promise<ProviderSnapshot | null> {
  const providerSubscriptionId = ev.original_transaction_id ?? ev.transaction_id;
  if (!providerSubscriptionId) return null;
  const entitlementIds = ev.entitlement_ids ?? (ev.entitlement_id ? [ev.entitlement_id] : []);
  const tier = entitlementIds.length
    ? await tx.subscriptionTier.findFirst({ where: { revenueCatEntitlement: { in: entitlementIds } }, orderBy: [{ sortOrder: "desc" }, { createdAt: "asc" }] })
    : null;
  const start = at(ev.purchased_at_ms);
  const end = at(ev.expiration_at_ms);
  const when = at(ev.event_timestamp_ms) ?? new Date(0);
  const period = start && end && end > start ? { start, end } : null;
  const entitlements = Object.fromEntries(
    entitlementIds.map((e) => [
      e,
      { productId: ev.product_id ?? null, store: ev.store ?? null, environment: ev.environment ?? null, periodType: ev.period_type ?? null, expiresAt: end?.toISOString() ?? null },
    ]),
  ) as Prisma.InputJsonValue;
  const base: ProviderSnapshot = {
    provider: "REVENUECAT",
    providerSubscriptionId,
    userId: await subscriberOf(tx, ev),
    tierId: tier?.id ?? null,
    billingPeriod: period && period.end.getTime() - period.start.getTime() > 40 * 86_400_000 ? "YEARLY" : "MONTHLY",
    status: null,
    entitlements,
    source: `revenuecat:${ev.type}`,
  };
  switch (ev.type) {
    case "INITIAL_PURCHASE":
      return { ...base, status: ev.period_type === "TRIAL" ? "TRIALING" : "ACTIVE", period, trialEnd: ev.period_type === "TRIAL" ? end : null, renewal: false, cancelAtPeriodEnd: false };
    case "RENEWAL":
      return { ...base, status: "ACTIVE", period, renewal: true, cancelAtPeriodEnd: false };
    case "SUBSCRIPTION_EXTENDED":
      return { ...base, period, renewal: false };
    case "UNCANCELLATION":
      return { ...base, cancelAtPeriodEnd: false };
    case "CANCELLATION":
      // a refund revokes at once (the expiration is not after the event); otherwise it runs out
      if (end && end <= when) return { ...base, status: "ENDED", endedAt: when, cancellationReason: ev.cancel_reason ?? "refunded" };
      return { ...base, cancelAtPeriodEnd: true, canceledAt: when, cancellationReason: ev.cancel_reason ?? null };
    case "BILLING_ISSUE":
      return { ...base, status: "PAST_DUE", pastDueSince: when };
    case "EXPIRATION":
      return { ...base, status: "ENDED", endedAt: end ?? when, cancellationReason: ev.expiration_reason ?? "expired" };
    case "PRODUCT_CHANGE":
      return base; // the new entitlement's tier is scheduled for the next period
    default:
      return null; // TEST, TRANSFER, NON_RENEWING_PURCHASE, SUBSCRIPTION_PAUSED (access stays until EXPIRATION), …
  }
}

/**
 * One-time purchases (voice packs, content) and their refunds: mapped to the same Purchase,
 * Payment and grant as a web purchase (commerce/store-purchases.ts). null: not a one-time
 * purchase event (the subscription path handles it).
 */
async function storePurchaseEvent(tx: Tx, rt: JobRuntime, ev: RevenueCatEvent, actor: ReturnType<typeof systemActor>, now: Date): Promise<"processed" | "ignored" | null> {
  const transactionId = ev.transaction_id ?? ev.original_transaction_id;
  if (ev.type === "NON_RENEWING_PURCHASE") {
    const userId = await subscriberOf(tx, ev);
    if (!userId || !transactionId || !ev.product_id) return "ignored";
    const amount = typeof ev.price_in_purchased_currency === "number" && ev.price_in_purchased_currency >= 0 ? ev.price_in_purchased_currency.toFixed(2) : null;
    const outcome = await recordStorePurchase(tx, { actor, now, feePercent: rt.config.PLATFORM_FEE_PERCENT }, { userId, productId: ev.product_id, transactionId, amount, currency: ev.currency?.toUpperCase() ?? null });
    if (outcome === "unknown_product" || outcome === "already_owned") rt.log.warn({ eventId: ev.id, productId: ev.product_id, outcome }, "revenuecat one-time purchase not granted");
    return outcome === "granted" || outcome === "duplicate" ? "processed" : "ignored";
  }
  if (ev.type === "CANCELLATION" && transactionId) {
    const payment = await tx.payment.findUnique({ where: { providerPaymentId: `revenuecat:${transactionId}` }, select: { id: true } });
    if (!payment) return null; // a subscription's cancellation
    await refundStorePurchase(tx, { actor, now }, transactionId, ev.cancel_reason ?? "refunded");
    return "processed";
  }
  return null;
}

async function processEvent(rt: JobRuntime, ev: RevenueCatEvent, payload: Prisma.InputJsonValue): Promise<string> {
  const key = { provider_eventId: { provider: "revenuecat", eventId: ev.id } };
  return transaction(rt.db.prisma, async (tx) => {
    const existing = await tx.webhookEvent.findUnique({ where: key, select: { status: true } });
    if (existing && existing.status !== "FAILED" && existing.status !== "RECEIVED") return "duplicate";
    if (existing) await tx.webhookEvent.update({ where: key, data: { attempts: { increment: 1 } } });
    else await tx.webhookEvent.create({ data: { provider: "revenuecat", eventId: ev.id, type: ev.type, payload, status: "RECEIVED", attempts: 1 } });
    const now = rt.services.clock();
    const actor = systemActor("revenuecat-webhook", ev.id);
    const store = await storePurchaseEvent(tx, rt, ev, actor, now);
    const snap = store === null ? await snapshotFromRevenueCat(tx, ev) : null;
    if (snap) await syncProviderSnapshot(tx, actor, snap, now);
    const handled = store !== null ? store !== "ignored" : !!snap;
    await tx.webhookEvent.update({ where: key, data: { status: handled ? "PROCESSED" : "IGNORED", processedAt: now, error: null } });
    return handled ? "processed" : "ignored";
  });
}

export const revenueCatRoute: HttpRoute = {
  method: "POST",
  path: "/webhooks/revenuecat",
  handler: async (request, rt) => {
    const secret = rt.config.REVENUECAT_WEBHOOK_SECRET;
    if (!secret) return json(503, { error: "RevenueCat webhooks are not configured (REVENUECAT_WEBHOOK_SECRET)." });
    const header = request.headers.get("authorization") ?? "";
    if (!safeEqual(header.replace(/^Bearer\s+/i, ""), secret)) return json(401, { error: "Invalid authorization." });
    let body: unknown;
    try {
      body = JSON.parse(await request.text());
    } catch {
      return json(400, { error: "The body is not JSON." });
    }
    const parsed = eventSchema.safeParse(body);
    if (!parsed.success) return json(400, { error: "Not a RevenueCat event.", field: parsed.error.issues[0]?.path.join(".") });
    const ev = parsed.data.event;
    try {
      return json(200, { received: true, outcome: await processEvent(rt, ev, body as Prisma.InputJsonValue) });
    } catch (e) {
      if (isUniqueViolation(e) && (await rt.db.prisma.webhookEvent.count({ where: { provider: "revenuecat", eventId: ev.id, status: { in: ["PROCESSED", "IGNORED"] } } }))) {
        return json(200, { received: true, outcome: "duplicate" });
      }
      rt.log.error({ eventId: ev.id, type: ev.type, err: (e as Error).message }, "revenuecat webhook processing failed");
      await rt.db.prisma.webhookEvent
        .upsert({
          where: { provider_eventId: { provider: "revenuecat", eventId: ev.id } },
          create: { provider: "revenuecat", eventId: ev.id, type: ev.type, payload: body as Prisma.InputJsonValue, status: "FAILED", attempts: 1, error: (e as Error).message?.slice(0, 1000) },
          update: { status: "FAILED", error: (e as Error).message?.slice(0, 1000) },
        })
        .catch(() => undefined);
      // 500 → RevenueCat retries; the FAILED row lets the retry run again.
      return json(500, { error: "Processing failed; it will be retried." });
    }
  },
};
