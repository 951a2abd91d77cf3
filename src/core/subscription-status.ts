// Which subscription statuses count, defined once. LIVE: the one subscription a user may hold at a
// time (partial unique index subscriptions_one_live_per_user) — quotas, usage billing cycles and
// roll-over read it. ENTITLING: the statuses that entitle without condition (PAST_DUE entitles only
// within SUBSCRIPTION_GRACE_DAYS: subscriptions/entitlements.ts).
import type { SubscriptionStatus } from "../generated/prisma/client.ts";

export const LIVE_STATUSES = ["TRIALING", "ACTIVE", "PAST_DUE"] as const satisfies readonly SubscriptionStatus[];
export const ENTITLING_STATUSES = ["TRIALING", "ACTIVE"] as const satisfies readonly SubscriptionStatus[];

export const isLive = (s: SubscriptionStatus) => (LIVE_STATUSES as readonly string[]).includes(s);
