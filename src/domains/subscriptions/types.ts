// Subscriptions in the graph: tiers (the public price list; admin CRUD), the viewer's
// subscription with its quotas and history (viewer.subscription), and the lifecycle mutations.
import { BillingPeriod, QuotaKind, QuotaOperation, SubscriptionProvider, SubscriptionStatus } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import type { Context } from "../../core/context.ts";
import { UserNode } from "../identity/index.ts";
import { isEntitledAt } from "./entitlements.ts";
import { LIVE_STATUSES } from "./lifecycle.ts";
import { quotaStatesOf } from "./quota.ts";
import * as service from "./service.ts";
import { quotaUsageWhereFor, subscriptionEventWhereFor, subscriptionWhereFor, tierWhereFor } from "./visibility.ts";

export const SubscriptionStatusEnum = builder.enumType(SubscriptionStatus, {
  name: "SubscriptionStatus",
  description: "TRIALING, ACTIVE and PAST_DUE are live (one per user); CANCELED (ended early) and EXPIRED (ran out) are final.",
});
export const BillingPeriodEnum = builder.enumType(BillingPeriod, { name: "BillingPeriod" });
export const SubscriptionProviderEnum = builder.enumType(SubscriptionProvider, {
  name: "SubscriptionProvider",
  description: "Who bills it: STRIPE, REVENUECAT (app stores) or LOCAL (free tier, or no payment provider configured).",
});
export const QuotaKindEnum = builder.enumType(QuotaKind, { name: "QuotaKind" });
export const QuotaOperationEnum = builder.enumType(QuotaOperation, { name: "QuotaOperation" });

const money = (v: { toFixed(dp: number): string } | null) => (v === null ? null : v.toFixed(2));

export const SubscriptionTierRef = builder.prismaNode("SubscriptionTier", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see answers null
  description: "A plan: prices, what content it opens, monthly credits and quotas.",
  findUnique: (id, ctx) => ({ id, AND: [tierWhereFor(ctx.viewer, "read")] }),
  fields: (t) => ({
    name: t.exposeString("name"),
    slug: t.exposeString("slug"),
    description: t.exposeString("description", { nullable: true }),
    priceMonthly: t.field({ type: "Decimal", nullable: true, description: "Null: not sold monthly (or free).", resolve: (r) => money(r.priceMonthly) }),
    priceYearly: t.field({ type: "Decimal", nullable: true, description: "Null: not sold yearly.", resolve: (r) => money(r.priceYearly) }),
    currency: t.exposeString("currency"),
    trialDays: t.exposeInt("trialDays", { description: "Free trial length for a user's first subscription (one trial per user)." }),
    fullCatalogAccess: t.exposeBoolean("fullCatalogAccess", { description: "Opens every members-only and purchased-only item." }),
    categories: t.exposeStringList("categoryAccess", {
      description: "Content categories this tier opens (members-only and purchased-only items). A tier with no categories and no full catalogue opens every members-only item (except the free tier).",
    }),
    offeringAccessRules: t.expose("offeringAccessRules", { type: "JSON", description: "[{ type: OfferingType, included: Boolean, discountPercent? }]" }),
    monthlyCredits: t.exposeInt("monthlyCredits", { description: "Credits granted each month while ACTIVE (not during a trial)." }),
    creditRollover: t.exposeBoolean("creditRollover"),
    maxCreditRollover: t.exposeInt("maxCreditRollover", { nullable: true, description: "Most credits carried into the next month; null = all of them." }),
    maxSocialAccounts: t.exposeInt("maxSocialAccounts"),
    maxSyncsPerMonth: t.exposeInt("maxSyncsPerMonth"),
    maxAiAnalysesPerMonth: t.exposeInt("maxAiAnalysesPerMonth"),
    maxSeoSubmissionsPerMonth: t.exposeInt("maxSeoSubmissionsPerMonth"),
    features: t.expose("features", { type: "JSON", description: "Marketing feature list (strings)." }),
    isFeatured: t.exposeBoolean("isFeatured"),
    isActive: t.exposeBoolean("isActive", { description: "Inactive tiers are not sold; their subscribers keep them until the period ends." }),
    sortOrder: t.exposeInt("sortOrder"),
    deactivatedAt: t.expose("deactivatedAt", { type: "DateTime", nullable: true }),
    creator: t.relation("creator", { nullable: true, description: "Set for a creator's own tier (it only opens that creator's content)." }),
    revenueCatEntitlement: t.exposeString("revenueCatEntitlement", { nullable: true, description: "The RevenueCat entitlement id that maps store purchases onto this tier." }),
    stripePriceIdMonthly: t.exposeString("stripePriceIdMonthly", { nullable: true, description: "Admins only." }),
    stripePriceIdYearly: t.exposeString("stripePriceIdYearly", { nullable: true, description: "Admins only." }),
    stripeProductId: t.exposeString("stripeProductId", { nullable: true, description: "Admins only." }),
    subscriberCount: t.relationCount("subscriptions", { where: { status: { in: [...LIVE_STATUSES] } }, description: "Live subscriptions on this tier. Admins only." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

interface QuotaStateShape {
  kind: QuotaKind;
  used: number;
  limit: number;
  resetsAt: Date | null;
}

const QuotaStateRef = builder.objectRef<QuotaStateShape>("QuotaState").implement({
  description: "One quota of the plan: how much of it is used in the current cycle.",
  fields: (t) => ({
    kind: t.expose("kind", { type: QuotaKindEnum }),
    used: t.exposeInt("used"),
    limit: t.exposeInt("limit"),
    remaining: t.int({ resolve: (q) => Math.max(0, q.limit - q.used) }),
    resetsAt: t.expose("resetsAt", {
      type: "DateTime",
      nullable: true,
      description: "When the counter goes back to 0 (the end of the monthly cycle); null for SOCIAL_ACCOUNT, a standing cap on connected accounts.",
    }),
  }),
});

export const UserSubscriptionRef = builder.prismaNode("Subscription", {
  name: "UserSubscription",
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see answers null
  description: "A user's subscription to a tier. Visible to the subscriber and admins.",
  findUnique: (id, ctx) => ({ id, AND: [subscriptionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    status: t.expose("status", { type: SubscriptionStatusEnum }),
    billingPeriod: t.expose("billingPeriod", { type: BillingPeriodEnum }),
    provider: t.expose("provider", { type: SubscriptionProviderEnum }),
    tier: t.relation("tier"),
    pendingTier: t.relation("pendingTier", { nullable: true, description: "The tier the next period starts on (changeTier); null when unchanged." }),
    currentPeriodStart: t.expose("currentPeriodStart", { type: "DateTime" }),
    currentPeriodEnd: t.expose("currentPeriodEnd", { type: "DateTime", description: "Renewal (or end, when cancelAtPeriodEnd) time." }),
    trialEnd: t.expose("trialEnd", { type: "DateTime", nullable: true }),
    cancelAtPeriodEnd: t.exposeBoolean("cancelAtPeriodEnd"),
    canceledAt: t.expose("canceledAt", { type: "DateTime", nullable: true }),
    cancellationReason: t.exposeString("cancellationReason", { nullable: true }),
    pastDueSince: t.expose("pastDueSince", { type: "DateTime", nullable: true }),
    isEntitled: t.boolean({
      description: "Whether it opens its tier's content right now: TRIALING or ACTIVE within the period, or PAST_DUE within the grace days.",
      resolve: (s, _a, ctx) => isEntitledAt(s, ctx.services.clock(), ctx.config.SUBSCRIPTION_GRACE_DAYS),
    }),
    quotas: t.field({
      type: [QuotaStateRef],
      description: "Used / limit / reset time of every quota of the tier in the current cycle.",
      select: {
        tier: { select: { maxSocialAccounts: true, maxSyncsPerMonth: true, maxAiAnalysesPerMonth: true, maxSeoSubmissionsPerMonth: true } },
        user: { select: { _count: { select: { socialAccounts: { where: { deletedAt: null } } } } } },
      },
      resolve: (s) =>
        Object.entries(quotaStatesOf(s, s.tier, s.user._count.socialAccounts)).map(([kind, q]) => ({
          kind: kind as QuotaKind,
          used: q.used,
          limit: q.limit,
          resetsAt: kind === "SOCIAL_ACCOUNT" ? null : q.resetsAt,
        })),
    }),
    entitlements: t.expose("entitlements", { type: "JSON", description: "Store entitlements (RevenueCat) as last reported." }),
    user: t.relation("user"),
    history: t.relatedConnection("events", {
      cursor: "id",
      description: "Lifecycle history, newest first.",
      query: { orderBy: [{ occurredAt: "desc" }, { id: "desc" }] },
      totalCount: true,
    }),
    quotaUsage: t.relatedConnection("quotaUsage", {
      cursor: "id",
      description: "Every quota increment and reset, newest first.",
      query: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
      totalCount: true,
    }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("SubscriptionEvent", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see answers null
  findUnique: (id, ctx) => ({ id, AND: [subscriptionEventWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    type: t.exposeString("type", { description: "created, renewed, cycle_reset, activated, past_due, cancel_scheduled, resumed, canceled, expired, tier_change_scheduled, …" }),
    fromStatus: t.expose("fromStatus", { type: SubscriptionStatusEnum, nullable: true }),
    toStatus: t.expose("toStatus", { type: SubscriptionStatusEnum, nullable: true }),
    data: t.expose("data", { type: "JSON" }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
  }),
});

builder.prismaNode("QuotaUsageHistory", {
  name: "QuotaUsageRecord",
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see answers null
  findUnique: (id, ctx) => ({ id, AND: [quotaUsageWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    kind: t.expose("quotaKind", { type: QuotaKindEnum }),
    operation: t.expose("operation", { type: QuotaOperationEnum }),
    amount: t.exposeInt("amount"),
    valueAfter: t.exposeInt("currentValue"),
    limit: t.exposeInt("maxValue"),
    relatedEntityType: t.exposeString("relatedEntityType", { nullable: true }),
    relatedEntityId: t.exposeString("relatedEntityId", { nullable: true }),
    reason: t.exposeString("reason", { nullable: true }),
    cycleStart: t.expose("billingCycleStart", { type: "DateTime", nullable: true }),
    cycleEnd: t.expose("billingCycleEnd", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectFields("User", (t) => ({
  subscription: t.field({
    type: UserSubscriptionRef,
    nullable: true,
    description: "The live subscription (TRIALING, ACTIVE or PAST_DUE), or null (the free tier applies). The user themself and admins.",
    select: (_args, _ctx, nestedSelection) => ({
      subscriptions: nestedSelection({ where: { status: { in: [...LIVE_STATUSES] } }, orderBy: { createdAt: "desc" }, take: 1 }),
    }),
    resolve: (u) => u.subscriptions[0] ?? null,
  }),
  subscriptions: t.relatedConnection("subscriptions", {
    cursor: "id",
    description: "Every subscription, ended ones included, newest first. The user themself and admins.",
    query: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] },
    totalCount: true,
  }),
}));

// ---------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  subscriptionTiers: t.prismaConnection(
    {
      type: "SubscriptionTier",
      cursor: "id",
      description: "Tiers on sale, in display order. Platform tiers unless `creatorId` names a creator. Admins may include inactive ones.",
      args: {
        creatorId: t.arg.globalID({ required: false, for: [UserNode] }),
        includeInactive: t.arg.boolean({ required: false, defaultValue: false }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.subscriptionTier.findMany({ ...query, where: tierListWhere(args, ctx), orderBy: [{ sortOrder: "asc" }, { createdAt: "asc" }, { id: "asc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.subscriptionTier.count({ where: tierListWhere(args, ctx) }),
    },
    {},
  ),
  subscriptionTier: t.prismaField({
    type: "SubscriptionTier",
    nullable: true,
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.subscriptionTier.findFirst({ ...query, where: { slug: args.slug, ...tierWhereFor(ctx.viewer, "read") } }),
  }),
  subscriptions: t.prismaConnection(
    {
      type: "Subscription",
      cursor: "id",
      description: "Admins: every subscription, newest first, optionally by status and tier.",
      args: {
        status: t.arg({ type: [SubscriptionStatusEnum], required: false }),
        tierId: t.arg.globalID({ required: false, for: [SubscriptionTierRef] }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.subscription.findMany({ ...query, where: adminSubscriptionWhere(args, ctx), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.subscription.count({ where: adminSubscriptionWhere(args, ctx) }),
    },
    {},
  ),
}));

function tierListWhere(args: { creatorId?: { id: string } | null; includeInactive?: boolean | null }, ctx: Context) {
  // non-admins always get active tiers only (tierWhereFor "list"); admins may ask for inactive ones too
  return { AND: [tierWhereFor(ctx.viewer, "list"), args.includeInactive ? {} : { isActive: true }, { creatorId: args.creatorId?.id ?? null }] };
}

function adminSubscriptionWhere(args: { status?: SubscriptionStatus[] | null; tierId?: { id: string } | null }, ctx: Context) {
  return {
    AND: [subscriptionWhereFor(ctx.viewer), args.status?.length ? { status: { in: args.status } } : {}, args.tierId ? { tierId: args.tierId.id } : {}],
  };
}

// ---------------------------------------------------------------------------------------------

const TierOfferingRule = "JSON: [{ type: OfferingType, included: Boolean, discountPercent?: Float }]";

function tierInput(name: string, description: string, required: boolean) {
  return builder.inputType(name, {
    description,
    fields: (t) => ({
      name: t.string({ required }),
      slug: t.string({ required, description: "lower-case letters, digits and dashes; unique" }),
      description: t.string(),
      priceMonthly: t.field({ type: "Decimal", description: "null: not sold monthly" }),
      priceYearly: t.field({ type: "Decimal", description: "null: not sold yearly" }),
      currency: t.string({ description: "3 upper-case letters (default USD)" }),
      trialDays: t.int(),
      fullCatalogAccess: t.boolean(),
      categories: t.stringList(),
      offeringAccessRules: t.field({ type: "JSON", description: TierOfferingRule }),
      monthlyCredits: t.int(),
      creditRollover: t.boolean(),
      maxCreditRollover: t.int({ description: "null: carry every unspent credit" }),
      maxSocialAccounts: t.int(),
      maxSyncsPerMonth: t.int(),
      maxAiAnalysesPerMonth: t.int(),
      maxSeoSubmissionsPerMonth: t.int(),
      features: t.stringList(),
      isFeatured: t.boolean(),
      isActive: t.boolean({ description: "false retires the tier: not sold, subscribers keep it until their period ends" }),
      sortOrder: t.int(),
      stripePriceIdMonthly: t.string(),
      stripePriceIdYearly: t.string(),
      stripeProductId: t.string(),
      revenueCatEntitlement: t.string(),
    }),
  });
}

const TierCreateInput = tierInput("SubscriptionTierCreateInput", "A new tier; omitted fields take their defaults (free, no quotas, active).", true);
const TierUpdateInput = tierInput("SubscriptionTierUpdateInput", "Fields to change; omitted fields stay as they are, null clears a nullable one.", false);

const SubscribePayloadRef = builder.objectRef<service.SubscribeResult>("SubscribePayload").implement({
  fields: (t) => ({
    subscription: t.prismaField({
      type: "Subscription",
      nullable: true,
      description: "The new (or, for a retried idempotency key, the earlier) subscription; null while Stripe waits for the first payment.",
      resolve: (query, r, _a, ctx) => (r.subscription ? ctx.prisma.subscription.findUnique({ ...query, where: { id: r.subscription.id } }) : null),
    }),
    paymentClientSecret: t.exposeString("paymentClientSecret", {
      nullable: true,
      description: "Stripe: confirm the first payment with this on the client (Stripe.js); null when nothing is due now.",
    }),
    requiresPayment: t.boolean({ resolve: (r) => r.subscription === null && r.paymentClientSecret !== null }),
  }),
});

const refetch = <T extends { id: string }>(ctx: Context, query: object, row: T) =>
  ctx.prisma.subscription.findUniqueOrThrow({ ...query, where: { id: row.id } });

builder.mutationFields((t) => ({
  createSubscriptionTier: t.prismaField({
    type: "SubscriptionTier",
    description: "Admins.",
    args: { input: t.arg({ type: TierCreateInput, required: true }), creatorId: t.arg.globalID({ required: false, for: [UserNode] }) },
    resolve: async (query, _r, args, ctx) => {
      const tier = await service.createTier(ctx, { ...(args.input as service.TierInput), creatorId: args.creatorId?.id ?? null });
      return ctx.prisma.subscriptionTier.findUniqueOrThrow({ ...query, where: { id: tier.id } });
    },
  }),
  updateSubscriptionTier: t.prismaField({
    type: "SubscriptionTier",
    description: "Admins. isActive: false retires the tier (its subscribers keep it until their period ends).",
    args: { id: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }), input: t.arg({ type: TierUpdateInput, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const tier = await service.updateTier(ctx, args.id.id, args.input as service.TierInput);
      return ctx.prisma.subscriptionTier.findUniqueOrThrow({ ...query, where: { id: tier.id } });
    },
  }),
  deleteSubscriptionTier: t.id({
    description: "Admins. Only a tier nobody ever subscribed to; returns its id. CONFLICT TIER_IN_USE otherwise (deactivate it).",
    args: { id: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }) },
    resolve: async (_r, args, ctx) => {
      await service.deleteTier(ctx, args.id.id);
      return encodeGlobalId("SubscriptionTier", args.id.id);
    },
  }),
  subscribe: t.field({
    type: SubscribePayloadRef,
    description:
      "Starts a subscription: TRIALING (first subscription with a trial tier) or ACTIVE. A retry with the same idempotencyKey returns the first result. A free-tier subscription is replaced; any other live one is CONFLICT ALREADY_SUBSCRIBED.",
    args: {
      tierId: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }),
      billingPeriod: t.arg({ type: BillingPeriodEnum, required: false, defaultValue: "MONTHLY" }),
      idempotencyKey: t.arg.string({ required: true }),
    },
    resolve: (_r, args, ctx) => service.subscribe(ctx, { tierId: args.tierId.id, billingPeriod: args.billingPeriod ?? "MONTHLY", idempotencyKey: args.idempotencyKey }),
  }),
  cancelSubscription: t.prismaField({
    type: "Subscription",
    description: "Cancels the viewer's live subscription (or `id`): at the period end by default (it stays entitled until then), or now.",
    args: {
      id: t.arg.globalID({ required: false, for: [UserSubscriptionRef] }),
      atPeriodEnd: t.arg.boolean({ required: false, defaultValue: true }),
      reason: t.arg.string({ required: false }),
    },
    resolve: async (query, _r, args, ctx) =>
      refetch(ctx, query, await service.cancelSubscription(ctx, { id: args.id?.id, atPeriodEnd: args.atPeriodEnd, reason: args.reason })),
  }),
  resumeSubscription: t.prismaField({
    type: "Subscription",
    description: "Undoes a cancel-at-period-end before the period ends.",
    args: { id: t.arg.globalID({ required: false, for: [UserSubscriptionRef] }) },
    resolve: async (query, _r, args, ctx) => refetch(ctx, query, await service.resumeSubscription(ctx, { id: args.id?.id })),
  }),
  changeTier: t.prismaField({
    type: "Subscription",
    description: "Schedules a tier change for the next period (upgrades and downgrades alike; no proration). The current tier again withdraws the change.",
    args: {
      id: t.arg.globalID({ required: false, for: [UserSubscriptionRef] }),
      tierId: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }),
    },
    resolve: async (query, _r, args, ctx) => refetch(ctx, query, await service.changeTier(ctx, { id: args.id?.id, tierId: args.tierId.id })),
  }),
}));
