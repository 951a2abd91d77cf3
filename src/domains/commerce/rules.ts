// Commerce rules. Rows are filtered by visibility.ts before they load, so a loaded row's fields
// are readable, except who bought a purchase and its payment (buyer and admins only: creators see
// their sales without the customer). What a user owns is readable by that user and admins.
import { rule } from "graphql-shield";
import type { Context } from "../../core/context.ts";
import { isAdmin as viewerIsAdmin } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { allow, isAdmin, isAuthenticated, isCreator, isSelfOrAdmin, or } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

/** The parent Purchase was bought by the viewer (or the viewer is an admin). */
export const isBuyerOrAdmin = rule({ cache: "no_cache" })((purchase: { customerId: string }, _a, ctx: Context) => {
  if (!ctx.viewer) return errors.unauthenticated();
  return viewerIsAdmin(ctx.viewer) || purchase.customerId === ctx.viewer.id ? true : errors.forbidden("Only the buyer sees this.");
});

export const rules = {
  Query: {
    voicePacks: allow,
    contentSeries: allow,
    payments: isAdmin,
    creditPacks: allow,
  },
  Subscription: {
    paymentUpdated: isAuthenticated,
  },
  CreditPack: { "*": allow },
  Mutation: {
    purchaseContent: isAuthenticated,
    purchaseSeries: isAuthenticated,
    purchaseVoicePack: isAuthenticated,
    claimContent: isAuthenticated,
    tipCreator: isAuthenticated,
    refundPayment: isAdmin,
    adjustCredits: isAdmin,
    createVoicePack: isAdmin,
    updateVoicePack: isAdmin,
    startPayoutOnboarding: or(isCreator, isAdmin),
    refreshPayoutAccount: or(isCreator, isAdmin),
    purchaseCreditPack: isAuthenticated,
    createCreditPack: isAdmin,
    updateCreditPack: isAdmin,
    grantComplimentaryAccess: isAdmin,
    revokeComplimentaryAccess: isAdmin,
  },
  PayoutAccount: { "*": allow },
  CreatorEarning: { "*": allow },
  CreatorPayout: { "*": allow },
  EarningsBalance: { "*": allow },
  CreatorEarnings: { "*": allow },
  PayoutOnboarding: { "*": allow },
  ContentSeries: { "*": allow },
  VoicePack: { "*": allow },
  Payment: { "*": allow },
  Purchase: { "*": allow, customer: isBuyerOrAdmin, payment: isBuyerOrAdmin },
  ContentAccess: { "*": allow },
  UserVoicePack: { "*": allow },
  Tip: { "*": allow },
  CreditTransaction: { "*": allow },
  Checkout: { "*": allow },
  PurchasePayload: { "*": allow },
  TipPayload: { "*": allow },
  User: {
    payments: isSelfOrAdmin,
    purchases: isSelfOrAdmin,
    library: isSelfOrAdmin,
    ownedVoicePacks: isSelfOrAdmin,
    tipsGiven: isSelfOrAdmin,
    tipsReceived: isSelfOrAdmin,
    creatorSales: isSelfOrAdmin,
    creditBalance: isSelfOrAdmin,
    creditTransactions: isSelfOrAdmin,
    earnings: isSelfOrAdmin,
  },
} satisfies RuleMap;
