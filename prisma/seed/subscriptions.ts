// Subscriptions: the platform tiers free / basic / premium (004 quotas, 003 credits and access
// rules) plus one creator's own tier (002), subscriptions in every interesting state (at most one
// live per user), their lifecycle events and the quota usage history behind the counters.
import type { BillingPeriod, Prisma, QuotaKind, QuotaOperation, SubscriptionProvider, SubscriptionStatus } from "../../src/generated/prisma/client.ts";
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { userId } from "./identity.ts";

export const tierId = (slug: string) => sid("tier", slug);
export const subscriptionId = (key: string) => sid("subscription", key);

export const TIERS: Prisma.SubscriptionTierCreateManyInput[] = [
  {
    id: tierId("free"), name: "Free", slug: "free", description: "Try the platform: one social account and a taste of AI and SEO tools.",
    priceMonthly: "0.00", priceYearly: null, trialDays: 0, fullCatalogAccess: false, categoryAccess: [],
    offeringAccessRules: [], monthlyCredits: 0, creditRollover: false, maxCreditRollover: null,
    maxSocialAccounts: 1, maxSyncsPerMonth: 5, maxAiAnalysesPerMonth: 3, maxSeoSubmissionsPerMonth: 2,
    features: ["1 social account", "5 syncs / month", "3 AI analyses / month", "2 SEO submissions / month"],
    isFeatured: false, isActive: true, sortOrder: 0,
  },
  {
    id: tierId("basic"), name: "Basic", slug: "basic", description: "For growing creators and curious fans: art and writing catalogues, monthly credits.",
    priceMonthly: "9.99", priceYearly: "99.00", trialDays: 7, fullCatalogAccess: false, categoryAccess: ["art", "writing"],
    offeringAccessRules: [{ type: "ONE_TIME_EVENT", included: false }, { type: "RECURRING_FIXED", included: false }],
    monthlyCredits: 5, creditRollover: false, maxCreditRollover: null,
    maxSocialAccounts: 3, maxSyncsPerMonth: 50, maxAiAnalysesPerMonth: 25, maxSeoSubmissionsPerMonth: 20,
    features: ["Art + writing catalogue", "5 credits / month", "3 social accounts", "50 syncs / month"],
    stripePriceIdMonthly: "price_demo_basic_monthly", stripePriceIdYearly: "price_demo_basic_yearly", stripeProductId: "prod_demo_basic",
    revenueCatEntitlement: "basic", isFeatured: false, isActive: true, sortOrder: 1,
  },
  {
    id: tierId("premium"), name: "Premium", slug: "premium", description: "Everything: the full catalogue, live events included, generous quotas and rolling credits.",
    priceMonthly: "24.99", priceYearly: "249.00", trialDays: 14, fullCatalogAccess: true, categoryAccess: [],
    offeringAccessRules: [{ type: "ONE_TIME_EVENT", included: true }, { type: "RECURRING_FIXED", included: true }],
    monthlyCredits: 20, creditRollover: true, maxCreditRollover: 40,
    maxSocialAccounts: 10, maxSyncsPerMonth: 500, maxAiAnalysesPerMonth: 200, maxSeoSubmissionsPerMonth: 100,
    features: ["Full catalogue", "Live events included", "20 credits / month (roll over up to 40)", "10 social accounts", "500 syncs / month"],
    stripePriceIdMonthly: "price_demo_premium_monthly", stripePriceIdYearly: "price_demo_premium_yearly", stripeProductId: "prod_demo_premium",
    revenueCatEntitlement: "premium", isFeatured: true, isActive: true, sortOrder: 2,
  },
  {
    id: tierId("ada-studio-circle"), creatorId: sid("user", "ada"), name: "Ada's Studio Circle", slug: "ada-studio-circle",
    description: "Support Ada directly: members-only studio notes and monthly critiques.",
    priceMonthly: "5.00", priceYearly: "50.00", trialDays: 0, fullCatalogAccess: false, categoryAccess: ["art"],
    offeringAccessRules: [], monthlyCredits: 0, creditRollover: false,
    maxSocialAccounts: 0, maxSyncsPerMonth: 0, maxAiAnalysesPerMonth: 0, maxSeoSubmissionsPerMonth: 0,
    features: ["Members-only studio notes", "Monthly critique thread"], isFeatured: false, isActive: true, sortOrder: 3,
  },
];

interface SubSpec {
  key: string;
  user: string;
  tier: string;
  status: SubscriptionStatus;
  period: BillingPeriod;
  provider: SubscriptionProvider;
  /** true: periods are days from the seed day (current state); false: from FIXED_ANCHOR (history) */
  live: boolean;
  start: number;
  end: number;
  created: number;
  trialEnd?: number;
  cancelAtPeriodEnd?: boolean;
  canceledAt?: number;
  cancellationReason?: string;
  pastDueSince?: number;
  used?: { syncs: number; ai: number; seo: number };
  entitlements?: Record<string, unknown>;
  events: Array<{ type: string; day: number; from?: SubscriptionStatus; to?: SubscriptionStatus; data?: Record<string, unknown> }>;
}

export const SUBSCRIPTIONS: SubSpec[] = [
  {
    key: "ada-premium", user: "ada", tier: "premium", status: "ACTIVE", period: "MONTHLY", provider: "STRIPE", live: true,
    start: -12, end: 18, created: -72, used: { syncs: 3, ai: 2, seo: 3 },
    events: [
      { type: "created", day: -72, to: "ACTIVE" },
      { type: "renewed", day: -42, from: "ACTIVE", to: "ACTIVE" },
      { type: "renewed", day: -12, from: "ACTIVE", to: "ACTIVE", data: { creditsGranted: 20 } },
    ],
  },
  {
    key: "ben-free", user: "ben", tier: "free", status: "ACTIVE", period: "MONTHLY", provider: "LOCAL", live: true,
    start: -5, end: 25, created: -35, used: { syncs: 2, ai: 1, seo: 0 },
    events: [
      { type: "created", day: -35, to: "ACTIVE", data: { reason: "first quota use" } },
      { type: "renewed", day: -5, from: "ACTIVE", to: "ACTIVE" },
    ],
  },
  {
    key: "cleo-premium", user: "cleo", tier: "premium", status: "CANCELED", period: "MONTHLY", provider: "STRIPE", live: true,
    start: -70, end: -40, created: -100, canceledAt: -40, cancellationReason: "Taking a break from social publishing",
    events: [
      { type: "created", day: -100, to: "ACTIVE" },
      { type: "renewed", day: -70, from: "ACTIVE", to: "ACTIVE" },
      { type: "canceled", day: -40, from: "ACTIVE", to: "CANCELED", data: { reason: "Taking a break from social publishing" } },
    ],
  },
  {
    key: "fan1-basic-old", user: "fan1", tier: "basic", status: "CANCELED", period: "MONTHLY", provider: "STRIPE", live: false,
    start: -156, end: -126, created: -170, trialEnd: -163, canceledAt: -126, cancellationReason: "Upgraded to Premium later",
    events: [
      { type: "trial_started", day: -170, to: "TRIALING" },
      { type: "activated", day: -163, from: "TRIALING", to: "ACTIVE" },
      { type: "canceled", day: -126, from: "ACTIVE", to: "CANCELED" },
    ],
  },
  {
    key: "fan1-premium", user: "fan1", tier: "premium", status: "ACTIVE", period: "MONTHLY", provider: "STRIPE", live: true,
    start: -10, end: 20, created: -40, used: { syncs: 0, ai: 0, seo: 0 },
    events: [
      { type: "created", day: -40, to: "ACTIVE" },
      { type: "renewed", day: -10, from: "ACTIVE", to: "ACTIVE", data: { creditsGranted: 20 } },
    ],
  },
  {
    key: "fan2-basic-trial", user: "fan2", tier: "basic", status: "TRIALING", period: "MONTHLY", provider: "STRIPE", live: true,
    start: -3, end: 4, created: -3, trialEnd: 4,
    events: [{ type: "trial_started", day: -3, to: "TRIALING", data: { trialDays: 7 } }],
  },
  {
    key: "fan3-basic", user: "fan3", tier: "basic", status: "PAST_DUE", period: "MONTHLY", provider: "STRIPE", live: true,
    start: -32, end: -2, created: -62, pastDueSince: -2,
    events: [
      { type: "created", day: -62, to: "ACTIVE" },
      { type: "renewed", day: -32, from: "ACTIVE", to: "ACTIVE" },
      { type: "past_due", day: -2, from: "ACTIVE", to: "PAST_DUE", data: { failureCode: "card_declined", attempt: 1 } },
    ],
  },
  {
    key: "fan4-premium-yearly", user: "fan4", tier: "premium", status: "ACTIVE", period: "YEARLY", provider: "REVENUECAT", live: true,
    start: -100, end: 265, created: -100, cancelAtPeriodEnd: true,
    entitlements: { premium: { active: true, productIdentifier: "premium_yearly", store: "APP_STORE", willRenew: false } },
    events: [
      { type: "created", day: -100, to: "ACTIVE", data: { store: "APP_STORE" } },
      { type: "cancel_scheduled", day: -6, from: "ACTIVE", to: "ACTIVE", data: { cancelAtPeriodEnd: true } },
    ],
  },
  {
    key: "fan5-basic-trial", user: "fan5", tier: "basic", status: "EXPIRED", period: "MONTHLY", provider: "STRIPE", live: true,
    start: -18, end: -11, created: -18, trialEnd: -11,
    events: [
      { type: "trial_started", day: -18, to: "TRIALING" },
      { type: "expired", day: -11, from: "TRIALING", to: "EXPIRED", data: { reason: "trial ended without a payment method" } },
    ],
  },
];

/** Quota history: INCREMENTs in the current period match the subscription counters. */
interface QuotaSpec {
  user: string;
  sub: string;
  kind: QuotaKind;
  op: QuotaOperation;
  amount: number;
  value: number;
  max: number;
  day: number;
  hour: number;
  related?: [type: string, key: string];
  reason?: string;
  cycle?: boolean;
}

export const QUOTA: QuotaSpec[] = [
  // Ada (premium: 10 accounts, 500 syncs, 200 analyses, 100 submissions)
  { user: "ada", sub: "ada-premium", kind: "SOCIAL_ACCOUNT", op: "INCREMENT", amount: 1, value: 1, max: 10, day: -70, hour: 10, related: ["social_account", "ada-youtube"] },
  { user: "ada", sub: "ada-premium", kind: "SOCIAL_ACCOUNT", op: "INCREMENT", amount: 1, value: 2, max: 10, day: -69, hour: 10, related: ["social_account", "ada-instagram"] },
  { user: "ada", sub: "ada-premium", kind: "SOCIAL_ACCOUNT", op: "INCREMENT", amount: 1, value: 3, max: 10, day: -50, hour: 10, related: ["social_account", "ada-youtube-clips"] },
  { user: "ada", sub: "ada-premium", kind: "SYNC", op: "RESET", amount: 41, value: 0, max: 500, day: -12, hour: 0, reason: "billing period renewed", cycle: true },
  { user: "ada", sub: "ada-premium", kind: "AI_ANALYSIS", op: "RESET", amount: 9, value: 0, max: 200, day: -12, hour: 0, reason: "billing period renewed", cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SEO_SUBMISSION", op: "RESET", amount: 6, value: 0, max: 100, day: -12, hour: 0, reason: "billing period renewed", cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SYNC", op: "INCREMENT", amount: 1, value: 1, max: 500, day: -11, hour: 6, related: ["social_account", "ada-youtube"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SYNC", op: "INCREMENT", amount: 1, value: 2, max: 500, day: -6, hour: 6, related: ["social_account", "ada-instagram"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SYNC", op: "INCREMENT", amount: 1, value: 3, max: 500, day: -1, hour: 6, related: ["social_account", "ada-youtube"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "AI_ANALYSIS", op: "INCREMENT", amount: 1, value: 1, max: 200, day: -6, hour: 9, related: ["ai_suggestion", "ada-wet-on-wet-yt"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "AI_ANALYSIS", op: "INCREMENT", amount: 1, value: 2, max: 200, day: -1, hour: 9, related: ["ai_suggestion", "ada-glazing-yt"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SEO_SUBMISSION", op: "INCREMENT", amount: 1, value: 1, max: 100, day: -5, hour: 11, related: ["seo_submission", "ada-wet-on-wet-google"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SEO_SUBMISSION", op: "INCREMENT", amount: 1, value: 2, max: 100, day: -4, hour: 11, related: ["seo_submission", "ada-sunset-indexnow"], cycle: true },
  { user: "ada", sub: "ada-premium", kind: "SEO_SUBMISSION", op: "INCREMENT", amount: 1, value: 3, max: 100, day: -1, hour: 11, related: ["seo_submission", "ada-glazing-bing"], cycle: true },
  // Ben (free: 1 account, 5 syncs, 3 analyses, 2 submissions)
  { user: "ben", sub: "ben-free", kind: "SOCIAL_ACCOUNT", op: "INCREMENT", amount: 1, value: 1, max: 1, day: -35, hour: 14, related: ["social_account", "ben-tiktok"] },
  { user: "ben", sub: "ben-free", kind: "SYNC", op: "INCREMENT", amount: 1, value: 1, max: 5, day: -4, hour: 15, related: ["social_account", "ben-tiktok"], cycle: true },
  { user: "ben", sub: "ben-free", kind: "SYNC", op: "INCREMENT", amount: 1, value: 2, max: 5, day: -2, hour: 15, related: ["social_account", "ben-tiktok"], cycle: true },
  { user: "ben", sub: "ben-free", kind: "AI_ANALYSIS", op: "INCREMENT", amount: 1, value: 1, max: 3, day: -2, hour: 16, related: ["ai_suggestion", "ben-foley-tt"], cycle: true },
];

export async function seedSubscriptions(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;
  await ctx.add(
    "SubscriptionTier",
    prisma.subscriptionTier.createMany({ data: TIERS.map((t, i) => ({ ...t, ...stamps(ctx.at(-260 + i, 8)) })), skipDuplicates: true }),
  );

  const when = (s: SubSpec, day: number, hour = 0) => (s.live ? ctx.live(day, hour) : ctx.at(day, hour));
  const subs: Prisma.SubscriptionCreateManyInput[] = SUBSCRIPTIONS.map((s) => {
    const last = s.events[s.events.length - 1];
    return {
      id: subscriptionId(s.key),
      userId: userId(s.user),
      tierId: tierId(s.tier),
      status: s.status,
      billingPeriod: s.period,
      provider: s.provider,
      providerSubscriptionId: s.provider === "STRIPE" ? `sub_demo_${s.key}` : s.provider === "REVENUECAT" ? `rc_demo_${s.key}` : null,
      providerCustomerId: s.provider === "STRIPE" ? `cus_demo_${s.user}` : null,
      currentPeriodStart: when(s, s.start),
      currentPeriodEnd: when(s, s.end),
      trialEnd: s.trialEnd !== undefined ? when(s, s.trialEnd) : null,
      cancelAtPeriodEnd: s.cancelAtPeriodEnd ?? false,
      canceledAt: s.canceledAt !== undefined ? when(s, s.canceledAt, 12) : null,
      cancellationReason: s.cancellationReason ?? null,
      pastDueSince: s.pastDueSince !== undefined ? when(s, s.pastDueSince) : null,
      entitlements: (s.entitlements ?? {}) as Prisma.InputJsonValue,
      syncsUsed: s.used?.syncs ?? 0,
      aiAnalysesUsed: s.used?.ai ?? 0,
      seoSubmissionsUsed: s.used?.seo ?? 0,
      lastRolloverPeriodEnd: s.status === "ACTIVE" && s.period === "MONTHLY" && s.tier === "premium" ? when(s, s.start) : null,
      idempotencyKey: `seed:${s.key}`,
      ...stamps(when(s, s.created, 8), when(s, last.day, 12)),
    };
  });
  await ctx.add("Subscription", prisma.subscription.createMany({ data: subs, skipDuplicates: true }));

  await ctx.add(
    "SubscriptionEvent",
    prisma.subscriptionEvent.createMany({
      data: SUBSCRIPTIONS.flatMap((s) =>
        s.events.map((e, i) => ({
          id: sid("subscription-event", s.key, i),
          subscriptionId: subscriptionId(s.key),
          type: e.type,
          fromStatus: e.from ?? null,
          toStatus: e.to ?? null,
          data: (e.data ?? {}) as Prisma.InputJsonValue,
          occurredAt: when(s, e.day, 8 + i),
          ...stamps(when(s, e.day, 8 + i)),
        })),
      ),
      skipDuplicates: true,
    }),
  );

  await ctx.add(
    "QuotaUsageHistory",
    prisma.quotaUsageHistory.createMany({
      data: QUOTA.map((q, i) => {
        const s = SUBSCRIPTIONS.find((x) => x.key === q.sub)!;
        return {
          id: sid("quota-usage", q.user, i),
          userId: userId(q.user),
          subscriptionId: subscriptionId(q.sub),
          quotaKind: q.kind,
          operation: q.op,
          amount: q.amount,
          currentValue: q.value,
          maxValue: q.max,
          relatedEntityType: q.related?.[0] ?? null,
          relatedEntityId: q.related ? sid(q.related[0].replace("_", "-"), q.related[1]) : null,
          reason: q.reason ?? null,
          billingCycleStart: q.cycle ? when(s, s.start) : null,
          billingCycleEnd: q.cycle ? when(s, s.end) : null,
          ...stamps(ctx.live(q.day, q.hour)),
        };
      }),
      skipDuplicates: true,
    }),
  );
}
