import "./types.ts";
import "./creator-tiers.ts";
import { registerAccessSource } from "../content/index.ts";
import { subscriptionAccessSource } from "./entitlements.ts";
import type { HttpRoute } from "../../core/http.ts";
import type { Job } from "../../core/jobs.ts";
import { revenueCatRoute } from "./revenuecat.ts";
import { rolloverJob } from "./rollover.ts";
import { newContentJob } from "./new-content.ts";
export { rules } from "./rules.ts";
export { stripeHandlers } from "./stripe.ts";

export const routes: HttpRoute[] = [revenueCatRoute];
export const jobs: Job[] = [rolloverJob, newContentJob];

// Subscriptions entitle their holders to members-only and tier-category content.
registerAccessSource(subscriptionAccessSource);
export { entitlingSubscriptionWhere } from "./entitlements.ts";
export { FREE_TIER_SLUG, type MeteredQuota, type QuotaState, consumeQuota, ensureFreeSubscription, quotaStates } from "./quota.ts";
export { currentCycle } from "./cycle.ts";
