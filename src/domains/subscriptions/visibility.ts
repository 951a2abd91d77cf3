// Who may load what. Tiers: active ones are public (the price list); an inactive tier stays
// readable by its past and present subscribers (their subscription shows it) and admins.
// Subscriptions, their history and quota usage: the subscriber and admins only.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

export function tierWhereFor(viewer: Viewer | null, mode: "list" | "read" = "read"): Prisma.SubscriptionTierWhereInput {
  if (isAdmin(viewer)) return {};
  if (mode === "list" || !viewer) return { isActive: true };
  return { OR: [{ isActive: true }, { subscriptions: { some: { userId: viewer.id } } }] };
}

export function subscriptionWhereFor(viewer: Viewer | null): Prisma.SubscriptionWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : { id: { in: [] } };
}

export function subscriptionEventWhereFor(viewer: Viewer | null): Prisma.SubscriptionEventWhereInput {
  return isAdmin(viewer) ? {} : { subscription: subscriptionWhereFor(viewer) };
}

export function quotaUsageWhereFor(viewer: Viewer | null): Prisma.QuotaUsageHistoryWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : { id: { in: [] } };
}
