// Subscriptions: tier management (admins) and the subscriber's own lifecycle — subscribe,
// cancel (at period end by default, or now), resume, change tier (at the next period).
// Paid tiers go through Stripe when STRIPE_SECRET_KEY is set (the Stripe call happens before
// the transaction that records its answer); otherwise the local provider activates them at once
// (not in production: there it would give paid tiers away). RevenueCat subscriptions are managed
// in the app stores: cancel / resume / change tier answer CONFLICT MANAGED_BY_STORE for them.
import { requireVerifiedEmail } from "../identity/index.ts";
import { z } from "zod";
import { isUniqueViolation, transaction, type Tx } from "../../core/tx.ts";
import { Prisma, OfferingType, type BillingPeriod, type Subscription, type SubscriptionTier } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { createSubscriptionRow } from "./activation.ts";
import { addCalendarDays } from "../../core/calendar.ts";
import { periodEndAfter } from "./cycle.ts";
import { applyLifecycleEvent, isLive, recordTransition } from "./lifecycle.ts";
import { syncProviderSnapshot } from "./provider.ts";
import { FREE_TIER_SLUG } from "./quota.ts";
import { expireSubscription, lockSubscription, type LockedSubscription } from "./rollover.ts";
import { snapshotFromStripe, stripePriceOf } from "./stripe.ts";
import { subscriptionWhereFor, tierWhereFor } from "./visibility.ts";
import { LIVE_STATUSES } from "../../core/subscription-status.ts";

// ---------------------------------------------------------------------------------------------
// Tiers
// ---------------------------------------------------------------------------------------------

const money = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, "must be a decimal amount like 9.99");
const count = z.number().int().min(0).max(1_000_000);
const providerRef = z.string().trim().min(1).max(200).nullable();
const tierFields = z.object({
  name: z.string().trim().min(1).max(100),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lower-case letters, digits and dashes"),
  description: z.string().trim().max(2000).nullable(),
  priceMonthly: money.nullable(),
  priceYearly: money.nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter upper-case currency code"),
  trialDays: z.number().int().min(0).max(365),
  fullCatalogAccess: z.boolean(),
  categories: z.array(z.string().trim().min(1).max(100)).max(100).transform((c) => [...new Set(c)]),
  offeringAccessRules: z
    .array(z.strictObject({ type: z.enum(OfferingType), included: z.boolean(), discountPercent: z.number().min(0).max(100).optional() }))
    .max(20),
  monthlyCredits: count,
  creditRollover: z.boolean(),
  maxCreditRollover: count.nullable(),
  maxSocialAccounts: count,
  maxSyncsPerMonth: count,
  maxAiAnalysesPerMonth: count,
  maxSeoSubmissionsPerMonth: count,
  features: z.array(z.string().trim().min(1).max(200)).max(50),
  isFeatured: z.boolean(),
  isActive: z.boolean(),
  sortOrder: z.number().int().min(0).max(100_000),
  stripePriceIdMonthly: providerRef,
  stripePriceIdYearly: providerRef,
  stripeProductId: providerRef,
  revenueCatEntitlement: providerRef,
});
const createTierSchema = tierFields.partial().required({ name: true, slug: true });
const updateTierSchema = tierFields.partial();
export type TierInput = z.input<typeof tierFields> & { creatorId?: string | null };

/** GraphQL leaves omitted input fields undefined and explicit nulls null; zod keeps that apart. */
function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function tierData(input: z.infer<typeof updateTierSchema>) {
  const { categories, ...rest } = input;
  return stripUndefined({ ...rest, ...(categories !== undefined ? { categoryAccess: categories } : {}) });
}

const TIER_SLUG_TAKEN = () => errors.conflict("SLUG_TAKEN", "Another tier already uses this slug.");

export async function createTier(ctx: Context, input: TierInput): Promise<SubscriptionTier> {
  const { creatorId, ...fields } = input;
  const data = parseInput(createTierSchema, stripUndefined(fields));
  const now = ctx.services.clock();
  try {
    return await transaction(ctx.prisma, async (tx) => {
      if (creatorId && !(await tx.user.findFirst({ where: { id: creatorId, deletedAt: null }, select: { id: true } }))) throw errors.notFound("User", creatorId);
      const tier = await tx.subscriptionTier.create({
        data: { ...tierData(data), name: data.name, slug: data.slug, creatorId: creatorId ?? null, deactivatedAt: data.isActive === false ? now : null },
      });
      await recordAudit(tx, ctx, { action: "subscription_tier.create", entityType: "SubscriptionTier", entityId: tier.id, newValues: tier });
      return tier;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw TIER_SLUG_TAKEN();
    throw e;
  }
}

export async function updateTier(ctx: Context, id: string, input: Omit<TierInput, "creatorId">): Promise<SubscriptionTier> {
  const data = parseInput(updateTierSchema, stripUndefined(input));
  const now = ctx.services.clock();
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const before = await tx.subscriptionTier.findUnique({ where: { id } });
      if (!before) throw errors.notFound("SubscriptionTier", id);
      const activeChange =
        data.isActive === undefined || data.isActive === before.isActive ? {} : { deactivatedAt: data.isActive ? null : now };
      const tier = await tx.subscriptionTier.update({ where: { id }, data: { ...tierData(data), ...activeChange } });
      await recordAudit(tx, ctx, { action: "subscription_tier.update", entityType: "SubscriptionTier", entityId: id, oldValues: before, newValues: tier });
      return tier;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw TIER_SLUG_TAKEN();
    throw e;
  }
}

/** Only a tier nobody ever subscribed to can be deleted; retire the others with isActive: false. */
export async function deleteTier(ctx: Context, id: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const tier = await tx.subscriptionTier.findUnique({ where: { id }, include: { _count: { select: { subscriptions: true, pendingSubscriptions: true } } } });
    if (!tier) throw errors.notFound("SubscriptionTier", id);
    if (tier.slug === FREE_TIER_SLUG) throw errors.conflict("FREE_TIER_REQUIRED", "The free tier backs every user without a paid subscription; it cannot be deleted.");
    if (tier._count.subscriptions + tier._count.pendingSubscriptions > 0) {
      throw errors.conflict("TIER_IN_USE", "This tier has (or had) subscribers; deactivate it instead (isActive: false).");
    }
    const { _count, ...before } = tier;
    await tx.subscriptionTier.delete({ where: { id } });
    await recordAudit(tx, ctx, { action: "subscription_tier.delete", entityType: "SubscriptionTier", entityId: id, oldValues: before });
    return id;
  });
}

// ---------------------------------------------------------------------------------------------
// The subscriber's lifecycle
// ---------------------------------------------------------------------------------------------

const idempotencyKeySchema = z.string().trim().min(8, "must be at least 8 characters").max(200).regex(/^[A-Za-z0-9_.:-]+$/, "may use letters, digits and _ . : -");

const priceFor = (tier: SubscriptionTier, period: BillingPeriod) => (period === "YEARLY" ? tier.priceYearly : tier.priceMonthly);
const isPaid = (tier: SubscriptionTier, period: BillingPeriod) => {
  const price = priceFor(tier, period);
  return price !== null && new Prisma.Decimal(price).gt(0);
};

function signedIn(ctx: Context) {
  if (!ctx.viewer) throw errors.unauthenticated();
  return ctx.viewer;
}

async function offeredTier(ctx: Context, tierId: string, period: BillingPeriod, field: "billingPeriod" | "tierId" = "billingPeriod"): Promise<SubscriptionTier> {
  const tier = await ctx.prisma.subscriptionTier.findFirst({ where: { id: tierId, ...tierWhereFor(ctx.viewer, "read") } });
  if (!tier) throw errors.notFound("SubscriptionTier", tierId);
  if (!tier.isActive) throw errors.conflict("TIER_INACTIVE", "This tier is no longer offered.");
  const other: BillingPeriod = period === "YEARLY" ? "MONTHLY" : "YEARLY";
  if (priceFor(tier, period) === null && priceFor(tier, other) !== null) {
    throw errors.badInput(field, `this tier has no ${period.toLowerCase()} price`);
  }
  return tier;
}

function assertPaymentsPossible(ctx: Context) {
  if (!ctx.services.stripeBilling && ctx.config.production) {
    throw errors.unavailable("Payments are not configured (STRIPE_SECRET_KEY); paid tiers cannot be sold right now.");
  }
}

export interface SubscribeResult {
  subscription: Subscription | null;
  /** Stripe: the client secret to confirm the first payment with; null when nothing is due now */
  paymentClientSecret: string | null;
}

export async function subscribe(ctx: Context, input: { tierId: string; billingPeriod: BillingPeriod; idempotencyKey: string }): Promise<SubscribeResult> {
  const viewer = signedIn(ctx);
  await requireVerifiedEmail(ctx);
  const idempotencyKey = parseInput(z.object({ idempotencyKey: idempotencyKeySchema }), { idempotencyKey: input.idempotencyKey }).idempotencyKey;
  const userId = viewer.id;
  const replay = async () => {
    const prior = await ctx.prisma.subscription.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } } });
    if (prior && (prior.tierId !== input.tierId || prior.billingPeriod !== input.billingPeriod)) {
      throw errors.conflict("IDEMPOTENCY_KEY_REUSED", "This idempotency key was used for a different subscription.");
    }
    return prior;
  };
  const prior = await replay();
  if (prior) return { subscription: prior, paymentClientSecret: null };

  const tier = await offeredTier(ctx, input.tierId, input.billingPeriod);
  const now = ctx.services.clock();
  const paid = isPaid(tier, input.billingPeriod);
  if (paid) assertPaymentsPossible(ctx);
  const hadTrial = (await ctx.prisma.subscription.count({ where: { userId, trialEnd: { not: null } } })) > 0;
  const trialDays = tier.trialDays > 0 && !hadTrial ? tier.trialDays : 0;

  if (paid && ctx.services.stripeBilling) return subscribeWithStripe(ctx, tier, input.billingPeriod, idempotencyKey, trialDays);

  try {
    const subscription = await transaction(ctx.prisma, (tx) =>
      createSubscriptionRow(
        tx,
        ctx,
        {
          userId,
          tier,
          billingPeriod: input.billingPeriod,
          provider: "LOCAL",
          status: trialDays ? "TRIALING" : "ACTIVE",
          period: { start: now, end: trialDays ? addCalendarDays(now, trialDays) : periodEndAfter(now, input.billingPeriod) },
          trialEnd: trialDays ? addCalendarDays(now, trialDays) : null,
          idempotencyKey,
        },
        now,
        { action: "subscription.subscribe" },
      ),
    );
    return { subscription, paymentClientSecret: null };
  } catch (e) {
    // the same request twice at once: the second finds the first one's row (as a unique
    // violation on Postgres, or as ALREADY_SUBSCRIBED when the first had committed already)
    const raced = await replay();
    if (raced) return { subscription: raced, paymentClientSecret: null };
    if (isUniqueViolation(e)) throw errors.conflict("ALREADY_SUBSCRIBED", "You already have a live subscription; change its tier or cancel it first.");
    throw e;
  }
}

async function subscribeWithStripe(ctx: Context, tier: SubscriptionTier, billingPeriod: BillingPeriod, idempotencyKey: string, trialDays: number): Promise<SubscribeResult> {
  const billing = ctx.services.stripeBilling!;
  const userId = ctx.viewer!.id;
  const priceId = stripePriceOf(tier, billingPeriod);
  if (!priceId) throw errors.conflict("TIER_NOT_PURCHASABLE", `This tier has no Stripe price for ${billingPeriod.toLowerCase()} billing.`);
  const live = await ctx.prisma.subscription.findFirst({ where: { userId, status: { in: [...LIVE_STATUSES] } }, include: { tier: true } });
  if (live && !(live.tier.slug === FREE_TIER_SLUG && live.provider === "LOCAL")) {
    throw errors.conflict("ALREADY_SUBSCRIBED", "You already have a live subscription; change its tier or cancel it first.");
  }
  const user = await ctx.prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { id: true, email: true, stripeCustomerId: true } });
  const customerId = await billing.ensureCustomer(user);
  const created = await billing.createSubscription({
    customerId,
    priceId,
    trialDays,
    idempotencyKey: `subscribe:${userId}:${idempotencyKey}`,
    metadata: { userId, tierId: tier.id, billingPeriod, idempotencyKey },
  });
  const now = ctx.services.clock();
  const subscription = await transaction(ctx.prisma, async (tx) => {
    if (user.stripeCustomerId !== customerId) {
      await tx.user.update({ where: { id: userId }, data: { stripeCustomerId: customerId } });
      await recordAudit(tx, ctx, { action: "user.stripe_customer_link", entityType: "User", entityId: userId, oldValues: { stripeCustomerId: user.stripeCustomerId }, newValues: { stripeCustomerId: customerId } });
    }
    const snap = await snapshotFromStripe(tx, created.subscription, "subscribe", now);
    return syncProviderSnapshot(tx, ctx, { ...snap, userId, tierId: tier.id, billingPeriod, idempotencyKey }, now, "subscription.subscribe");
  });
  return { subscription, paymentClientSecret: created.clientSecret };
}

/** The subscription a lifecycle mutation acts on: the given one (own, or any for admins) or the viewer's live one. */
async function liveTarget(ctx: Context, id: string | null | undefined) {
  const viewer = signedIn(ctx);
  const sub = id
    ? await ctx.prisma.subscription.findFirst({ where: { id, ...subscriptionWhereFor(viewer) } })
    : await ctx.prisma.subscription.findFirst({ where: { userId: viewer.id, status: { in: [...LIVE_STATUSES] } } });
  if (!sub) throw errors.notFound(id ? "Subscription" : "Live subscription", id ?? undefined);
  if (!isLive(sub.status)) throw errors.conflict("SUBSCRIPTION_ENDED", `This subscription is ${sub.status.toLowerCase()}.`);
  if (sub.provider === "REVENUECAT") {
    throw errors.conflict("MANAGED_BY_STORE", "This subscription was bought in an app store; manage it there (cancel, resume, change plan).");
  }
  return sub;
}

function billingFor(ctx: Context, sub: Subscription) {
  if (sub.provider !== "STRIPE") return null;
  if (!ctx.services.stripeBilling || !sub.providerSubscriptionId) throw errors.unavailable("Stripe is not configured; this subscription cannot be changed right now.");
  return { billing: ctx.services.stripeBilling, providerId: sub.providerSubscriptionId };
}

/** Runs `fn` in a transaction on the locked subscription, if it is still live. */
function whileLive<T>(ctx: Context, id: string, fn: (tx: Tx, locked: LockedSubscription) => Promise<T>): Promise<T> {
  return transaction(ctx.prisma, async (tx) => {
    const locked = await lockSubscription(tx, id);
    if (!locked || !isLive(locked.status)) throw errors.conflict("SUBSCRIPTION_ENDED", "This subscription has just ended.");
    return fn(tx, locked);
  });
}

export async function cancelSubscription(ctx: Context, input: { id?: string | null; atPeriodEnd?: boolean | null; reason?: string | null }): Promise<Subscription> {
  const sub = await liveTarget(ctx, input.id);
  const atPeriodEnd = input.atPeriodEnd ?? true;
  const reason = input.reason ? parseInput(z.object({ reason: z.string().trim().max(500) }), { reason: input.reason }).reason : null;
  if (atPeriodEnd && sub.cancelAtPeriodEnd) return sub; // already scheduled: a retry changes nothing
  const stripe = billingFor(ctx, sub);
  if (stripe) await (atPeriodEnd ? stripe.billing.setCancelAtPeriodEnd(stripe.providerId, true) : stripe.billing.cancelNow(stripe.providerId));
  const now = ctx.services.clock();
  return whileLive(ctx, sub.id, async (tx, locked) => {
    if (!atPeriodEnd) {
      await expireSubscription(tx, ctx, locked, now, reason ?? "canceled by the subscriber", "CANCELED");
      return tx.subscription.findUniqueOrThrow({ where: { id: sub.id } });
    }
    const row = await applyLifecycleEvent(tx, ctx, locked, "CANCEL_AT_PERIOD_END", {
      type: "cancel_scheduled",
      action: "subscription.cancel",
      now,
      patch: { canceledAt: now, cancellationReason: reason },
    });
    return row ?? locked;
  });
}

export async function resumeSubscription(ctx: Context, input: { id?: string | null }): Promise<Subscription> {
  const sub = await liveTarget(ctx, input.id);
  if (!sub.cancelAtPeriodEnd) return sub; // nothing to resume: a retry changes nothing
  const now = ctx.services.clock();
  if (sub.currentPeriodEnd <= now) throw errors.conflict("PERIOD_ENDED", "The period has ended; subscribe again.");
  const stripe = billingFor(ctx, sub);
  if (stripe) await stripe.billing.setCancelAtPeriodEnd(stripe.providerId, false);
  return whileLive(ctx, sub.id, async (tx, locked) => {
    const row = await applyLifecycleEvent(tx, ctx, locked, "RESUME", {
      type: "resumed",
      action: "subscription.resume",
      now,
      patch: { canceledAt: null, cancellationReason: null },
    });
    return row ?? locked;
  });
}

/**
 * Schedules a tier change for the next period (upgrades too: no proration, no mid-period switch;
 * the new tier's price, quotas and credits start with the next period). Changing back to the
 * current tier withdraws a scheduled change.
 */
export async function changeTier(ctx: Context, input: { id?: string | null; tierId: string }): Promise<Subscription> {
  const sub = await liveTarget(ctx, input.id);
  if (sub.cancelAtPeriodEnd) throw errors.conflict("CANCEL_SCHEDULED", "This subscription ends at the period end; resume it before changing its tier.");
  const target = await offeredTier(ctx, input.tierId, sub.billingPeriod, "tierId");
  if (target.id === (sub.pendingTierId ?? sub.tierId)) return sub; // already what the next period will be
  const clearing = target.id === sub.tierId;
  if (!clearing && isPaid(target, sub.billingPeriod)) {
    assertPaymentsPossible(ctx);
    if (sub.provider === "LOCAL" && ctx.services.stripeBilling) {
      throw errors.conflict("SUBSCRIBE_REQUIRED", "Paid tiers start with subscribe (a payment); this subscription has no payment method.");
    }
  }
  const stripe = billingFor(ctx, sub);
  if (stripe) {
    const priceId = stripePriceOf(target, sub.billingPeriod);
    if (!priceId) throw errors.conflict("TIER_NOT_PURCHASABLE", `This tier has no Stripe price for ${sub.billingPeriod.toLowerCase()} billing.`);
    await stripe.billing.changePrice(stripe.providerId, priceId, { userId: sub.userId, tierId: target.id, billingPeriod: sub.billingPeriod });
  }
  const now = ctx.services.clock();
  return whileLive(ctx, sub.id, async (tx, locked) => {
    const after = { status: locked.status, pendingTierId: clearing ? null : target.id };
    const row = await tx.subscription.update({ where: { id: sub.id }, data: { pendingTierId: after.pendingTierId } });
    await recordTransition(tx, ctx, {
      type: clearing ? "tier_change_cleared" : "tier_change_scheduled",
      action: "subscription.change_tier",
      before: locked,
      after,
      occurredAt: now,
      data: { from: locked.tierId, to: target.id, effectiveAt: locked.currentPeriodEnd.toISOString() },
    });
    return row;
  });
}
