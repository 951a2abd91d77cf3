// Subscription rules. Tiers: the price list is public, tier management is for admins, provider
// price ids and subscriber counts are admin fields. Subscriptions, their history and quota usage
// are loaded only through subscriptionWhereFor (subscriber or admin) or User.subscription(s)
// (isSelfOrAdmin), so a loaded row's fields are readable.
import { allow, isAdmin, isAuthenticated, isCreator, isSelfOrAdmin } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Query: {
    subscriptionTiers: allow,
    subscriptionTier: allow,
    subscriptions: isAdmin,
  },
  Mutation: {
    createSubscriptionTier: isAdmin,
    updateSubscriptionTier: isAdmin,
    deleteSubscriptionTier: isAdmin,
    createCreatorTier: isCreator,
    updateCreatorTier: isCreator,
    archiveCreatorTier: isCreator,
    restoreCreatorTier: isCreator,
    subscribe: isAuthenticated,
    cancelSubscription: isAuthenticated,
    resumeSubscription: isAuthenticated,
    changeTier: isAuthenticated,
  },
  SubscriptionTier: {
    "*": allow,
    stripePriceIdMonthly: isAdmin,
    stripePriceIdYearly: isAdmin,
    stripeProductId: isAdmin,
    subscriberCount: isAdmin,
  },
  UserSubscription: { "*": allow },
  SubscriptionEvent: { "*": allow },
  QuotaUsageRecord: { "*": allow },
  QuotaState: { "*": allow },
  SubscribePayload: { "*": allow },
  User: {
    subscription: isSelfOrAdmin,
    subscriptions: isSelfOrAdmin,
  },
} satisfies RuleMap;
