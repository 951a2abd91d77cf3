// When does a subscription entitle its holder? While TRIALING or ACTIVE (a cancelled-at-period-end
// subscription stays ACTIVE until its period ends), and while PAST_DUE within the grace period
// (SUBSCRIPTION_GRACE_DAYS). Never when CANCELED, EXPIRED or PAUSED, or after current_period_end.
// Every entitlement check (content gates, story choice gates, offering rules) uses this predicate.
import type { Prisma, SubscriptionStatus } from "../../generated/prisma/client.ts";
import type { AccessSource } from "../content/index.ts";
import { ENTITLING_STATUSES } from "../../core/subscription-status.ts";

function entitlingWindow(now: Date, graceDays: number) {
  const graceStart = new Date(now.getTime() - graceDays * 86_400_000);
  const live: SubscriptionStatus[] = [...ENTITLING_STATUSES];
  return {
    currentPeriodEnd: { gt: now },
    OR: [{ status: { in: live } }, { status: "PAST_DUE" as const, pastDueSince: { gt: graceStart } }],
  };
}

export function entitlingSubscriptionWhere(now: Date, graceDays: number): Prisma.SubscriptionWhereInput {
  return entitlingWindow(now, graceDays);
}

/** The same rule for a loaded row (UserSubscription.isEntitled). */
export function isEntitledAt(
  sub: { status: SubscriptionStatus; currentPeriodEnd: Date; pastDueSince: Date | null },
  now: Date,
  graceDays: number,
): boolean {
  if (sub.currentPeriodEnd <= now) return false;
  if ((ENTITLING_STATUSES as readonly string[]).includes(sub.status)) return true;
  return sub.status === "PAST_DUE" && !!sub.pastDueSince && sub.pastDueSince.getTime() > now.getTime() - graceDays * 86_400_000;
}

/**
 * Members-only content and the tier's categories (and the full catalogue for full-catalogue
 * tiers) while the viewer's subscription entitles them: the subscription_content_grants view
 * (prisma/schema/subscriptions.prisma, SubscriptionGrant) says which content a tier grants, this
 * adds the entitlement window. Registered in ACCESS_SOURCES (src/domains/content/access.ts).
 */
export const subscriptionAccessSource: AccessSource = (viewer, now, { graceDays }) => ({
  subscriberGrants: { some: { userId: viewer.id, ...(entitlingWindow(now, graceDays) as Prisma.SubscriptionGrantWhereInput) } },
});
