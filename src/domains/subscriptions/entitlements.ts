// When does a subscription entitle its holder? While TRIALING or ACTIVE (a cancelled-at-period-end
// subscription stays ACTIVE until its period ends), and while PAST_DUE within the grace period
// (SUBSCRIPTION_GRACE_DAYS). Never when CANCELED, EXPIRED or PAUSED, or after current_period_end.
// Every entitlement check (content gates, story choice gates, offering rules) uses this predicate.
import type { Prisma } from "../../generated/prisma/client.ts";

export function entitlingSubscriptionWhere(now: Date, graceDays: number): Prisma.SubscriptionWhereInput {
  const graceStart = new Date(now.getTime() - graceDays * 86_400_000);
  return {
    currentPeriodEnd: { gt: now },
    OR: [{ status: { in: ["TRIALING", "ACTIVE"] } }, { status: "PAST_DUE", pastDueSince: { gt: graceStart } }],
  };
}
