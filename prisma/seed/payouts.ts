// Creator payouts (issue 17): ada is paid out through an enabled (locally simulated) Connect
// account, ben has started onboarding, cleo has not. Earnings are derived from the seeded
// payments whose creator share belongs to a creator: ada's older ones went out in one payout,
// recent ones are pending; refunded ones are canceled (or reversed, if they had been paid out).
import type { Prisma } from "../../src/generated/prisma/client.ts";
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { userId } from "./identity.ts";

const ACCOUNTS = [
  { key: "ada", status: "ENABLED" as const, day: -120 },
  { key: "ben", status: "ONBOARDING" as const, day: -6 },
];
const accountIdOf = (key: string) => `acct_local_${userId(key).replace(/-/g, "")}`;

export async function seedPayouts(ctx: SeedContext): Promise<void> {
  const db = ctx.prisma;
  await ctx.add(
    "CreatorPayoutAccount",
    db.creatorPayoutAccount.createMany({
      data: ACCOUNTS.map((a) => ({
        id: sid("payout-account", a.key),
        userId: userId(a.key),
        provider: "local",
        accountId: accountIdOf(a.key),
        status: a.status,
        detailsSubmitted: a.status === "ENABLED",
        chargesEnabled: a.status === "ENABLED",
        payoutsEnabled: a.status === "ENABLED",
        requirementsDue: a.status === "ENABLED" ? [] : ["external_account", "tos_acceptance.date"],
        payoutsEnabledAt: a.status === "ENABLED" ? ctx.at(a.day, 10) : null,
        lastSyncedAt: ctx.at(a.day, 10),
        ...stamps(ctx.at(a.day, 9)),
      })),
      skipDuplicates: true,
    }),
  );
  for (const a of ACCOUNTS) {
    await db.user.updateMany({ where: { id: userId(a.key), stripeConnectAccountId: null }, data: { stripeConnectAccountId: accountIdOf(a.key) } });
    await db.creatorProfile.updateMany({ where: { userId: userId(a.key), payoutAccount: null }, data: { payoutAccount: accountIdOf(a.key) } });
  }

  // Settled payments with a creator share, and whose creator they are.
  const payments = await db.payment.findMany({
    where: { status: { in: ["COMPLETED", "REFUNDED"] }, creatorPayoutAmount: { gt: 0 }, purpose: { in: ["CONTENT", "SERIES", "TIP", "OFFERING_BOOKING"] } },
    select: {
      id: true, status: true, amount: true, platformFeeAmount: true, creatorPayoutAmount: true, currency: true, completedAt: true, refundedAt: true, createdAt: true,
      content: { select: { creatorId: true } }, series: { select: { creatorId: true } }, offering: { select: { creatorId: true } }, tip: { select: { toCreatorId: true } },
    },
    orderBy: { id: "asc" },
  });
  const ada = userId("ada");
  const payoutCutoff = ctx.at(-30);
  const payoutId = sid("creator-payout", "ada-1");
  const rows: Prisma.CreatorEarningCreateManyInput[] = [];
  let paidTotal = 0;
  for (const p of payments) {
    const creatorId = p.content?.creatorId ?? p.series?.creatorId ?? p.offering?.creatorId ?? p.tip?.toCreatorId;
    if (!creatorId) continue;
    const earnedAt = p.completedAt ?? p.createdAt;
    const paidOut = creatorId === ada && earnedAt < payoutCutoff;
    const status = p.status === "REFUNDED" ? (paidOut ? "REVERSED" : "CANCELED") : paidOut ? "PAID" : "PENDING";
    if (paidOut) paidTotal += Math.round(Number(p.creatorPayoutAmount) * 100);
    rows.push({
      id: sid("creator-earning", p.id),
      creatorId,
      paymentId: p.id,
      grossAmount: p.amount,
      platformFeeAmount: p.platformFeeAmount,
      amount: p.creatorPayoutAmount,
      currency: p.currency,
      status,
      payoutId: paidOut ? payoutId : null,
      refundedAt: p.status === "REFUNDED" ? p.refundedAt : null,
      reversalId: status === "REVERSED" ? `trr_local_${sid("creator-earning", p.id)}` : null,
      reversedAt: status === "REVERSED" ? p.refundedAt : null,
      ...stamps(earnedAt),
    });
  }
  if (paidTotal > 0) {
    await ctx.add(
      "CreatorPayout",
      db.creatorPayout.createMany({
        data: [{
          id: payoutId, creatorId: ada, payoutAccountId: sid("payout-account", "ada"), provider: "local", amount: (paidTotal / 100).toFixed(2), currency: "USD",
          status: "SENT", transferId: `tr_local_${payoutId}`, attempts: 1, sentAt: ctx.at(-30, 6), ...stamps(ctx.at(-30, 5), ctx.at(-30, 6)),
        }],
        skipDuplicates: true,
      }),
    );
  }
  await ctx.add("CreatorEarning", db.creatorEarning.createMany({ data: rows.filter((r) => paidTotal > 0 || !r.payoutId), skipDuplicates: true }));
}
