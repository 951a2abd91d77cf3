// The payout-account state of a Stripe Connect account, as the ConnectProvider port reports it
// (used by the adapter and by commerce's account.updated webhook handler).
import type Stripe from "stripe";
import type { ConnectAccountState } from "./ports.ts";

export function accountState(a: Stripe.Account): ConnectAccountState {
  return {
    accountId: a.id,
    detailsSubmitted: a.details_submitted ?? false,
    chargesEnabled: a.charges_enabled ?? false,
    payoutsEnabled: a.payouts_enabled ?? false,
    requirementsDue: a.requirements?.currently_due ?? [],
  };
}
