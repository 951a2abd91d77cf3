// Creator payout accounts and transfers (Stripe Connect Express), behind one small port so the
// local provider can simulate the same states offline.
//
// Money model: SEPARATE CHARGES AND TRANSFERS. The fan pays the platform (the PaymentIntent of
// ./stripe.ts, unchanged); the creator's share is booked to the creator's earnings ledger and
// transferred to their connected account in batches (one transfer per creator and currency) once
// the hold period has passed. A refund after a payout reverses the refunded earning's part of that
// transfer. Why not destination charges: a destination charge needs the creator's account to be
// onboarded *at purchase time* and makes one transfer per payment; creators here sell (content,
// tips, bookings) before they finish onboarding, platform items have no creator at all, and
// batching keeps Stripe's per-transfer costs down. (Separate transfers need platform and
// connected account in the same region: the Express accounts are created in the platform's.)
import Stripe from "stripe";
import { toMinorUnits } from "../core/money.ts";
import type { ConnectAccountState, ConnectProvider, ConnectProviders } from "../core/ports.ts";
import { accountState } from "../core/stripe-connect.ts";

export type { ConnectAccountState, ConnectProvider, ConnectProviders };
export { accountState };

export function connectProviderSet(active: ConnectProvider, others: ConnectProvider[] = []): ConnectProviders {
  const all = new Map([...others, active].map((p) => [p.name, p] as const));
  return { active, byName: (name) => all.get(name as ConnectProvider["name"]) ?? null };
}

/**
 * Offline simulation: the account exists at once, the onboarding "link" leads straight back to
 * the return URL, and an account read after that says details submitted and payouts enabled —
 * so a creator goes ONBOARDING → ENABLED exactly as with Stripe. Transfers and reversals succeed
 * with ids derived from ours (no money moves).
 */
export function createLocalConnectProvider(): ConnectProvider {
  return {
    name: "local",
    async createAccount(req) {
      return { accountId: `acct_local_${req.userId.replace(/-/g, "")}` };
    },
    async createOnboardingLink(req) {
      const url = new URL(req.returnUrl);
      url.searchParams.set("account", req.accountId);
      url.searchParams.set("simulated", "1");
      return { url: url.href, expiresAt: null };
    },
    async retrieveAccount(accountId) {
      return { accountId, detailsSubmitted: true, chargesEnabled: true, payoutsEnabled: true, requirementsDue: [] };
    },
    async transfer(req) {
      return { transferId: `tr_local_${req.payoutId}` };
    },
    async reverseTransfer(req) {
      return { reversalId: `trr_local_${req.earningId}` };
    },
  };
}

/** Stripe Connect on the official SDK; every write carries an idempotency key derived from our ids. */
export function createStripeConnectProvider(stripe: Stripe): ConnectProvider {
  return {
    name: "stripe",
    async createAccount(req) {
      const account = await stripe.accounts.create(
        { type: "express", email: req.email, capabilities: { transfers: { requested: true } }, metadata: { userId: req.userId } },
        { idempotencyKey: `connect-account:${req.userId}` },
      );
      return { accountId: account.id };
    },
    async createOnboardingLink(req) {
      const link = await stripe.accountLinks.create({ account: req.accountId, type: "account_onboarding", return_url: req.returnUrl, refresh_url: req.refreshUrl });
      return { url: link.url, expiresAt: link.expires_at ? new Date(link.expires_at * 1000) : null };
    },
    async retrieveAccount(accountId) {
      return accountState(await stripe.accounts.retrieve(accountId));
    },
    async transfer(req) {
      const t = await stripe.transfers.create(
        { amount: toMinorUnits(req.amount, req.currency), currency: req.currency.toLowerCase(), destination: req.accountId, transfer_group: `payout:${req.payoutId}`, metadata: { payoutId: req.payoutId } },
        { idempotencyKey: `payout:${req.payoutId}` },
      );
      return { transferId: t.id };
    },
    async reverseTransfer(req) {
      const r = await stripe.transfers.createReversal(
        req.transferId,
        { amount: toMinorUnits(req.amount, req.currency), metadata: { earningId: req.earningId } },
        { idempotencyKey: `reversal:${req.earningId}` },
      );
      return { reversalId: r.id };
    },
  };
}
