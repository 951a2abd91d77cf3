// Creator payouts in the graph: `User.earnings` (balance per currency, the earnings ledger, the
// payout history and the payout account) and the onboarding mutations. Rules in rules.ts.
import { CreatorEarningStatus, CreatorPayoutStatus, PayoutAccountStatus } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { Decimal, money } from "./money.ts";
import { refreshPayoutAccount, startPayoutOnboarding, type OnboardingResult } from "./payouts.ts";
import { creatorEarningWhereFor, creatorPayoutWhereFor } from "./visibility.ts";

export const PayoutAccountStatusEnum = builder.enumType(PayoutAccountStatus, {
  name: "PayoutAccountStatus",
  description: "ONBOARDING (link issued, not finished) → RESTRICTED (details in, requirements due) → ENABLED (earnings are transferred).",
});
export const CreatorEarningStatusEnum = builder.enumType(CreatorEarningStatus, {
  name: "CreatorEarningStatus",
  description: "PENDING (in the balance) → PAID (in a payout); a refund makes PENDING → CANCELED and PAID → REVERSAL_PENDING → REVERSED.",
});
export const CreatorPayoutStatusEnum = builder.enumType(CreatorPayoutStatus, { name: "CreatorPayoutStatus", description: "PENDING (transfer being sent) → SENT." });

builder.prismaObject("CreatorPayoutAccount", {
  name: "PayoutAccount",
  description: "The Connect (Express) account a creator is paid through.",
  fields: (t) => ({
    provider: t.exposeString("provider", { description: "\"stripe\" or \"local\" (offline simulation)." }),
    accountId: t.exposeString("accountId", { description: "The provider's account id (acct_…)." }),
    status: t.expose("status", { type: PayoutAccountStatusEnum }),
    detailsSubmitted: t.exposeBoolean("detailsSubmitted"),
    payoutsEnabled: t.exposeBoolean("payoutsEnabled"),
    requirementsDue: t.exposeStringList("requirementsDue"),
    payoutsEnabledAt: t.expose("payoutsEnabledAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const CreatorEarningNode = builder.prismaNode("CreatorEarning", {
  id: { field: "id" },
  nullable: true,
  description: "The creator's share of one completed payment (one row of the earnings ledger). Visible to the creator and admins.",
  findUnique: (id, ctx) => ({ id, AND: [creatorEarningWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    status: t.expose("status", { type: CreatorEarningStatusEnum }),
    grossAmount: t.field({ type: "Decimal", description: "What the fan paid.", resolve: (e) => money(e.grossAmount) }),
    platformFeeAmount: t.field({ type: "Decimal", resolve: (e) => money(e.platformFeeAmount) }),
    amount: t.field({ type: "Decimal", description: "The creator's share.", resolve: (e) => money(e.amount) }),
    currency: t.exposeString("currency"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    refundedAt: t.expose("refundedAt", { type: "DateTime", nullable: true }),
    reversedAt: t.expose("reversedAt", { type: "DateTime", nullable: true }),
    payout: t.relation("payout", { nullable: true }),
  }),
});

export const CreatorPayoutNode = builder.prismaNode("CreatorPayout", {
  id: { field: "id" },
  nullable: true,
  description: "One transfer of a creator's available earnings (one currency) to their payout account. Visible to the creator and admins.",
  findUnique: (id, ctx) => ({ id, AND: [creatorPayoutWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    status: t.expose("status", { type: CreatorPayoutStatusEnum }),
    amount: t.field({ type: "Decimal", resolve: (p) => money(p.amount) }),
    currency: t.exposeString("currency"),
    provider: t.exposeString("provider"),
    transferId: t.exposeString("transferId", { nullable: true }),
    sentAt: t.expose("sentAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    earnings: t.relatedConnection("earnings", { cursor: "id", totalCount: true, query: () => ({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] }) }, {}),
  }),
});

interface Balance {
  currency: string;
  pending: Decimal;
  available: Decimal;
  paidOut: Decimal;
  reversalPending: Decimal;
  refunded: Decimal;
}

const EarningsBalance = builder.objectRef<Balance>("EarningsBalance").implement({
  description: "A creator's earnings in one currency.",
  fields: (t) => ({
    currency: t.string({ resolve: (b) => b.currency }),
    pending: t.field({ type: "Decimal", description: "Not paid out yet (PENDING earnings).", resolve: (b) => money(b.pending) }),
    available: t.field({ type: "Decimal", description: "Part of pending that is past the hold (PAYOUT_HOLD_DAYS) and goes out with the next payout run.", resolve: (b) => money(b.available) }),
    paidOut: t.field({ type: "Decimal", description: "Transferred (PAID) and not taken back.", resolve: (b) => money(b.paidOut) }),
    reversalPending: t.field({ type: "Decimal", description: "Paid out, then refunded: the transfer reversal is owed.", resolve: (b) => money(b.reversalPending) }),
    refunded: t.field({ type: "Decimal", description: "Refunded before payout (CANCELED) or reversed.", resolve: (b) => money(b.refunded) }),
  }),
});

const Earnings = builder.objectRef<{ userId: string }>("CreatorEarnings").implement({
  description: "What a creator has earned and been paid.",
  fields: (t) => ({
    balances: t.field({
      type: [EarningsBalance],
      description: "Per currency, from the earnings ledger.",
      resolve: async ({ userId }, _a, ctx) => {
        const cutoff = new Date(ctx.services.clock().getTime() - ctx.config.PAYOUT_HOLD_DAYS * 86_400_000);
        const [all, available] = await Promise.all([
          ctx.prisma.creatorEarning.groupBy({ by: ["currency", "status"], where: { creatorId: userId }, _sum: { amount: true } }),
          ctx.prisma.creatorEarning.groupBy({ by: ["currency"], where: { creatorId: userId, status: "PENDING", createdAt: { lte: cutoff } }, _sum: { amount: true } }),
        ]);
        const out = new Map<string, Balance>();
        const zero = () => new Decimal(0);
        const get = (c: string) => out.get(c) ?? out.set(c, { currency: c, pending: zero(), available: zero(), paidOut: zero(), reversalPending: zero(), refunded: zero() }).get(c)!;
        for (const g of all) {
          const b = get(g.currency);
          const sum = g._sum.amount ?? zero();
          if (g.status === "PENDING") b.pending = b.pending.plus(sum);
          else if (g.status === "PAID") b.paidOut = b.paidOut.plus(sum);
          else if (g.status === "REVERSAL_PENDING") b.reversalPending = b.reversalPending.plus(sum);
          else b.refunded = b.refunded.plus(sum);
        }
        for (const g of available) get(g.currency).available = g._sum.amount ?? zero();
        return [...out.values()].sort((a, b) => a.currency.localeCompare(b.currency));
      },
    }),
    payoutAccount: t.prismaField({
      type: "CreatorPayoutAccount",
      nullable: true,
      resolve: (query, { userId }, _a, ctx) => ctx.prisma.creatorPayoutAccount.findUnique({ ...query, where: { userId } }),
    }),
    entries: t.prismaConnection(
      {
        type: "CreatorEarning",
        cursor: "id",
        description: "The earnings ledger, newest first.",
        args: { status: t.arg({ type: CreatorEarningStatusEnum, required: false }) },
        resolve: (query, { userId }, args, ctx) =>
          ctx.prisma.creatorEarning.findMany({ ...query, where: { creatorId: userId, ...(args.status ? { status: args.status } : {}) }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
        totalCount: ({ userId }, args, ctx) => ctx.prisma.creatorEarning.count({ where: { creatorId: userId, ...(args.status ? { status: args.status } : {}) } }),
      },
      {},
    ),
    payouts: t.prismaConnection(
      {
        type: "CreatorPayout",
        cursor: "id",
        description: "Payout history, newest first.",
        resolve: (query, { userId }, _a, ctx) => ctx.prisma.creatorPayout.findMany({ ...query, where: { creatorId: userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
        totalCount: ({ userId }, _a, ctx) => ctx.prisma.creatorPayout.count({ where: { creatorId: userId } }),
      },
      {},
    ),
  }),
});

builder.prismaObjectFields("User", (t) => ({
  earnings: t.field({ type: Earnings, description: "Creator earnings, balance and payouts (the user themself and admins).", resolve: (u) => ({ userId: u.id }) }),
}));

const PayoutOnboarding = builder.objectRef<OnboardingResult>("PayoutOnboarding").implement({
  fields: (t) => ({
    url: t.string({ description: "Send the creator here to finish onboarding (Stripe-hosted; the local simulation links straight back to the return page).", resolve: (r) => r.url }),
    expiresAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.expiresAt }),
    account: t.prismaField({ type: "CreatorPayoutAccount", resolve: (query, r, _a, ctx) => ctx.prisma.creatorPayoutAccount.findUniqueOrThrow({ ...query, where: { id: r.accountId } }) }),
  }),
});

builder.mutationFields((t) => ({
  startPayoutOnboarding: t.field({
    type: PayoutOnboarding,
    description:
      "Creators: creates the Connect Express payout account (once) and returns an onboarding link. The creator returns to PUBLIC_APP_URL/creator/payouts/return; then call refreshPayoutAccount (the account.updated webhook does the same).",
    resolve: (_r, _a, ctx) => startPayoutOnboarding(ctx),
  }),
  refreshPayoutAccount: t.prismaField({
    type: "CreatorPayoutAccount",
    description: "Creators: reads the payout account's state from the provider (the onboarding return step). No account yet → NOT_FOUND.",
    resolve: async (query, _r, _a, ctx) => {
      const id = await refreshPayoutAccount(ctx);
      return ctx.prisma.creatorPayoutAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
