// Commerce: voice packs, payments (COMPLETED, one PENDING, one FAILED, one REFUNDED) with their
// purchases and access grants, voice-pack ownership, tips, subscription payments, webhook events,
// and credit balances whose ledger rows carry the running balance.
import type { CreditTransactionType, PaymentPurpose, PaymentStatus, Prisma } from "../../src/generated/prisma/client.ts";
import { contentId, contentSpec, SERIES, seriesId } from "./content.ts";
import { cents, split30, stamps, type SeedContext } from "./context.ts";
import { seedHex, sid } from "./ids.ts";
import { userId } from "./identity.ts";
import { PURCHASES } from "./plan.ts";
import { subscriptionId, SUBSCRIPTIONS, TIERS } from "./subscriptions.ts";

export const voicePackId = (key: string) => sid("voice-pack", key);
export const paymentId = (key: string) => sid("payment", key);

export const VOICE_PACKS = [
  { key: "storm-voices", name: "Storm Voices", description: "Weathered sailors, a smuggler and the storm itself. Unlocks the cave path of The Lighthouse Keeper's Choice.", price: "3.99", voiceIds: ["voice-old-sailor", "voice-young-sailor", "voice-smuggler", "voice-storm"], isPremium: true, isActive: true },
  { key: "storybook-classics", name: "Storybook Classics", description: "Warm bedtime narrators and a friendly dragon.", price: "5.99", voiceIds: ["voice-storybook", "voice-grandma", "voice-dragon"], isPremium: true, isActive: true },
  { key: "noir-detectives", name: "Noir Detectives", description: "Rain-soaked narration for mysteries.", price: "4.49", voiceIds: ["voice-noir", "voice-femme-fatale"], isPremium: true, isActive: true },
  { key: "calm-narrators", name: "Calm Narrators", description: "Two soothing narrators, retired from the store.", price: "1.99", voiceIds: ["voice-narrator-calm", "voice-narrator-soft"], isPremium: false, isActive: false },
];

export async function seedVoicePacks(ctx: SeedContext): Promise<void> {
  await ctx.add(
    "VoicePack",
    ctx.prisma.voicePack.createMany({
      data: VOICE_PACKS.map((v, i) => ({
        id: voicePackId(v.key),
        name: v.name,
        description: v.description,
        price: v.price,
        currency: "USD",
        voiceIds: v.voiceIds,
        isPremium: v.isPremium,
        isActive: v.isActive,
        ...stamps(ctx.at(-250 + i * 10, 8)),
      })),
      skipDuplicates: true,
    }),
  );
}

export interface PaymentSpec {
  key: string;
  user: string;
  purpose: PaymentPurpose;
  status: PaymentStatus;
  amount: string;
  at: Date;
  /** true: creator earnings (30 % platform fee / 70 % payout); false: platform revenue */
  creatorShare: boolean;
  description: string;
  contentId?: string;
  seriesId?: string;
  voicePackId?: string;
  offeringId?: string;
  subscriptionId?: string;
  failureReason?: string;
  refund?: { at: Date; reason: string };
}

export const providerPaymentId = (key: string) => `pi_demo_${seedHex(`payment:${key}`, 24)}`;

export function paymentRow(p: PaymentSpec): Prisma.PaymentCreateManyInput {
  const split = p.creatorShare ? split30(p.amount) : { platformFeeAmount: p.amount, creatorPayoutAmount: "0.00" };
  const done = new Date(p.at.getTime() + 60_000);
  const settled = p.status === "COMPLETED" || p.status === "REFUNDED";
  return {
    id: paymentId(p.key),
    userId: userId(p.user),
    purpose: p.purpose,
    status: p.status,
    amount: p.amount,
    currency: "USD",
    provider: "stripe",
    providerPaymentId: providerPaymentId(p.key),
    idempotencyKey: `seed:${p.key}`,
    description: p.description,
    contentId: p.contentId ?? null,
    seriesId: p.seriesId ?? null,
    voicePackId: p.voicePackId ?? null,
    offeringId: p.offeringId ?? null,
    subscriptionId: p.subscriptionId ?? null,
    ...split,
    failureReason: p.failureReason ?? null,
    completedAt: settled ? done : null,
    failedAt: p.status === "FAILED" ? done : null,
    refundedAt: p.refund?.at ?? null,
    refundReason: p.refund?.reason ?? null,
    metadata: { seed: true, purpose: p.purpose.toLowerCase() },
    ...stamps(p.at, p.refund?.at ?? (p.status === "PENDING" ? p.at : done)),
  };
}

interface LedgerSpec {
  type: CreditTransactionType;
  amount: number;
  day: number;
  hour: number;
  description: string;
  subscription?: string;
  booking?: string;
  reason?: string;
  actor?: string;
  expiresInDays?: number;
}

/** Credit ledgers (days from the seed day). Balances are the running sums; never below zero. */
export const LEDGERS: Record<string, LedgerSpec[]> = {
  ada: [
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -72, hour: 8, description: "Premium monthly credits", subscription: "ada-premium", expiresInDays: 90 },
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -42, hour: 8, description: "Premium monthly credits", subscription: "ada-premium", expiresInDays: 90 },
    { type: "EXPIRED", amount: -20, day: -12, hour: 7, description: "Rollover above the 40-credit cap expired", subscription: "ada-premium" },
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -12, hour: 8, description: "Premium monthly credits", subscription: "ada-premium", expiresInDays: 90 },
  ],
  fan1: [
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -40, hour: 8, description: "Premium monthly credits", subscription: "fan1-premium", expiresInDays: 90 },
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -10, hour: 8, description: "Premium monthly credits", subscription: "fan1-premium", expiresInDays: 90 },
    { type: "SPENT_OFFERING", amount: -10, day: -4, hour: 19, description: "Booked: Live Watercolor Jam", booking: "jam-fan1" },
    { type: "ADJUSTMENT", amount: 5, day: -3, hour: 10, description: "Goodwill credit", reason: "Stream outage during the Sound Lab session", actor: "admin" },
  ],
  fan2: [{ type: "EARNED_SUBSCRIPTION", amount: 5, day: -3, hour: 8, description: "Basic monthly credits (trial)", subscription: "fan2-basic-trial", expiresInDays: 60 }],
  fan3: [
    { type: "EARNED_SUBSCRIPTION", amount: 5, day: -62, hour: 8, description: "Basic monthly credits", subscription: "fan3-basic", expiresInDays: 60 },
    { type: "EARNED_SUBSCRIPTION", amount: 5, day: -32, hour: 8, description: "Basic monthly credits", subscription: "fan3-basic", expiresInDays: 60 },
    { type: "ADJUSTMENT", amount: -3, day: -30, hour: 12, description: "Correction", reason: "Duplicate grant reversed", actor: "admin" },
  ],
  fan4: [
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -40, hour: 8, description: "Premium monthly credits", subscription: "fan4-premium-yearly", expiresInDays: 39 },
    { type: "SPENT_OFFERING", amount: -8, day: -22, hour: 18, description: "Booked: Weekly Sound Lab", booking: "lab-fan4" },
    { type: "REFUND_OFFERING", amount: 8, day: -20, hour: 9, description: "Refund: Weekly Sound Lab booking canceled", booking: "lab-fan4" },
    { type: "EARNED_SUBSCRIPTION", amount: 20, day: -10, hour: 8, description: "Premium monthly credits", subscription: "fan4-premium-yearly", expiresInDays: 90 },
    { type: "EXPIRED", amount: -5, day: -1, hour: 0, description: "Unused credits from an earlier grant expired", subscription: "fan4-premium-yearly" },
  ],
};

function priceOf(target: (typeof PURCHASES)[number]["target"]): { amount: string; creatorShare: boolean; title: string } {
  if ("content" in target) {
    const c = contentSpec(target.content);
    return { amount: c.price!, creatorShare: true, title: c.title };
  }
  if ("series" in target) {
    const s = SERIES.find((x) => x.key === target.series)!;
    return { amount: s.price!, creatorShare: true, title: s.title };
  }
  const v = VOICE_PACKS.find((x) => x.key === target.voicePack)!;
  return { amount: v.price, creatorShare: false, title: v.name };
}

const TIPS = [
  { key: "fan1-ada", from: "fan1", to: "ada", amount: "5.00", message: "Loved the glazing lesson!", day: -55 },
  { key: "fan2-ben", from: "fan2", to: "ben", amount: "3.00", message: "For the foghorn.", day: -98 },
  { key: "fan3-cleo", from: "fan3", to: "cleo", amount: "10.00", message: "Your prompts got me writing again.", day: -69 },
  { key: "fan4-ada", from: "fan4", to: "ada", amount: "2.50", message: null, day: -48 },
];

export async function seedCommerce(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;

  // Purchases of content, series and voice packs, each with its payment.
  const payments: Prisma.PaymentCreateManyInput[] = [];
  const purchases: Prisma.PurchaseCreateManyInput[] = [];
  const access: Prisma.ContentAccessCreateManyInput[] = [];
  const voiceOwners: Prisma.UserVoicePackCreateManyInput[] = [];
  for (const p of PURCHASES) {
    const { amount, creatorShare, title } = priceOf(p.target);
    const at = ctx.at(p.day, 13);
    const refund = p.status === "REFUNDED" ? { at: ctx.at(p.day + 2, 10), reason: "requested_by_customer" } : undefined;
    const pay = paymentRow({
      key: p.key,
      user: p.buyer,
      purpose: "content" in p.target ? "CONTENT" : "series" in p.target ? "SERIES" : "VOICE_PACK",
      status: p.status,
      amount,
      at,
      creatorShare,
      description: `Purchase: ${title}`,
      contentId: "content" in p.target ? contentId(p.target.content) : undefined,
      seriesId: "series" in p.target ? seriesId(p.target.series) : undefined,
      voicePackId: "voicePack" in p.target ? voicePackId(p.target.voicePack) : undefined,
      failureReason: p.status === "FAILED" ? "card_declined" : undefined,
      refund,
    });
    payments.push(pay);
    const purchaseId = sid("purchase", p.key);
    purchases.push({
      id: purchaseId,
      customerId: userId(p.buyer),
      contentId: "content" in p.target ? contentId(p.target.content) : null,
      seriesId: "series" in p.target ? seriesId(p.target.series) : null,
      voicePackId: "voicePack" in p.target ? voicePackId(p.target.voicePack) : null,
      paymentId: pay.id!,
      amountPaid: amount,
      currency: "USD",
      stripePaymentIntentId: pay.providerPaymentId,
      platformFeeAmount: pay.platformFeeAmount,
      creatorPayoutAmount: pay.creatorPayoutAmount,
      status: p.status,
      purchasedAt: pay.completedAt ?? null,
      refundedAt: refund?.at ?? null,
      refundReason: refund?.reason ?? null,
      idempotencyKey: `seed:${p.key}`,
      ...stamps(at, pay.updatedAt as Date),
    });
    const granted = p.status === "COMPLETED" || p.status === "REFUNDED";
    if (granted && !("voicePack" in p.target)) {
      access.push({
        id: sid("content-access", p.key),
        userId: userId(p.buyer),
        contentId: "content" in p.target ? contentId(p.target.content) : null,
        seriesId: "series" in p.target ? seriesId(p.target.series) : null,
        accessType: "PURCHASED",
        grantedAt: pay.completedAt as Date,
        revokedAt: refund?.at ?? null,
        revokeReason: refund ? "refunded" : null,
        purchaseId,
        paymentId: pay.id,
        lastAccessedAt: refund ? null : ctx.at(p.day + 3, 20),
        ...stamps(pay.completedAt as Date, refund?.at ?? (pay.completedAt as Date)),
      });
    }
    if (granted && "voicePack" in p.target) {
      voiceOwners.push({
        id: sid("user-voice-pack", p.buyer, p.target.voicePack),
        userId: userId(p.buyer),
        voicePackId: voicePackId(p.target.voicePack),
        purchasedAt: pay.completedAt as Date,
        paymentId: pay.id,
        revokedAt: refund?.at ?? null,
        ...stamps(pay.completedAt as Date),
      });
    }
  }
  // A complimentary voice pack (no payment).
  voiceOwners.push({
    id: sid("user-voice-pack", "fan4", "storm-voices"),
    userId: userId("fan4"),
    voicePackId: voicePackId("storm-voices"),
    purchasedAt: ctx.at(-49, 9),
    ...stamps(ctx.at(-49, 9)),
  });

  // Tips, each settled by a completed payment.
  const tips: Prisma.TipCreateManyInput[] = [];
  for (const t of TIPS) {
    const pay = paymentRow({
      key: `tip-${t.key}`, user: t.from, purpose: "TIP", status: "COMPLETED", amount: t.amount, at: ctx.at(t.day, 16),
      creatorShare: true, description: `Tip to ${t.to}`,
    });
    payments.push(pay);
    tips.push({
      id: sid("tip", t.key),
      fromUserId: userId(t.from),
      toCreatorId: userId(t.to),
      amount: t.amount,
      currency: "USD",
      message: t.message,
      status: "COMPLETED",
      paymentId: pay.id,
      stripeTxn: pay.providerPaymentId,
      idempotencyKey: `seed:tip-${t.key}`,
      ...stamps(ctx.at(t.day, 16), pay.completedAt as Date),
    });
  }

  // Subscription charges (platform revenue: no creator payout).
  const subCharges = [
    { key: "ada-premium-renewal", sub: "ada-premium", day: -12 },
    { key: "fan1-premium-first", sub: "fan1-premium", day: -40 },
    { key: "fan1-premium-renewal", sub: "fan1-premium", day: -10 },
    { key: "cleo-premium-renewal", sub: "cleo-premium", day: -70 },
  ];
  for (const c of subCharges) {
    const s = SUBSCRIPTIONS.find((x) => x.key === c.sub)!;
    const tier = TIERS.find((t) => t.slug === s.tier)!;
    payments.push(
      paymentRow({
        key: c.key, user: s.user, purpose: "SUBSCRIPTION", status: "COMPLETED", amount: String(tier.priceMonthly), at: ctx.live(c.day, 8),
        creatorShare: false, description: `${tier.name} subscription (monthly)`, subscriptionId: subscriptionId(c.sub),
      }),
    );
  }

  await ctx.add("Payment", prisma.payment.createMany({ data: payments, skipDuplicates: true }));
  await ctx.add("Purchase", prisma.purchase.createMany({ data: purchases, skipDuplicates: true }));
  await ctx.add("Tip", prisma.tip.createMany({ data: tips, skipDuplicates: true }));
  await ctx.add("UserVoicePack", prisma.userVoicePack.createMany({ data: voiceOwners, skipDuplicates: true }));

  // Grants that are not purchases: a complimentary review copy, a subscription grant, an expired preview.
  access.push(
    {
      id: sid("content-access", "moderator-review-copy"), userId: userId("moderator"), contentId: contentId("ben-sound-design-guide"),
      accessType: "COMPLIMENTARY", grantedAt: ctx.at(-60, 9), ...stamps(ctx.at(-60, 9)),
    },
    {
      id: sid("content-access", "fan1-podcast-subscription"), userId: userId("fan1"), contentId: contentId("ben-podcast-ep1"),
      accessType: "SUBSCRIPTION", grantedAt: ctx.live(-10, 8), expiresAt: ctx.live(20), subscriptionId: subscriptionId("fan1-premium"),
      lastAccessedAt: ctx.live(-2, 21), ...stamps(ctx.live(-10, 8)),
    },
    {
      id: sid("content-access", "fan5-handbook-preview"), userId: userId("fan5"), contentId: contentId("cleo-worldbuilding-handbook"),
      accessType: "PREVIEW", grantedAt: ctx.live(-4, 12), expiresAt: ctx.live(-1, 12), ...stamps(ctx.live(-4, 12)),
    },
  );
  await ctx.add("ContentAccess", prisma.contentAccess.createMany({ data: access, skipDuplicates: true }));

  // Credits: ledger rows carry the running balance; the balance row equals the last balanceAfter.
  const ledgerRows: Prisma.CreditTransactionCreateManyInput[] = [];
  const balances: Prisma.CreditBalanceCreateManyInput[] = [];
  for (const [user, entries] of Object.entries(LEDGERS)) {
    let balance = 0;
    let earned = 0;
    let spent = 0;
    entries.forEach((e, i) => {
      balance += e.amount;
      if (balance < 0) throw new Error(`seed: credit balance of ${user} would go below zero`);
      if (e.type === "SPENT_OFFERING") spent += -e.amount;
      else if (e.type === "REFUND_OFFERING") spent -= e.amount;
      else if (e.amount > 0) earned += e.amount;
      const at = ctx.live(e.day, e.hour);
      ledgerRows.push({
        id: sid("credit-transaction", user, i),
        userId: userId(user),
        type: e.type,
        amount: e.amount,
        balanceAfter: balance,
        subscriptionId: e.subscription ? subscriptionId(e.subscription) : null,
        offeringBookingId: e.booking ? sid("offering-booking", e.booking) : null,
        description: e.description,
        reason: e.reason ?? null,
        expiresAt: e.expiresInDays ? ctx.live(e.day + e.expiresInDays, e.hour) : null,
        idempotencyKey: `seed:${user}:${i}`,
        actorId: e.actor ? userId(e.actor) : null,
        ...stamps(at),
      });
    });
    const first = entries[0];
    const last = entries[entries.length - 1];
    balances.push({
      id: sid("credit-balance", user),
      userId: userId(user),
      currentBalance: balance,
      lifetimeEarned: earned,
      lifetimeSpent: spent,
      ...stamps(ctx.live(first.day, first.hour), ctx.live(last.day, last.hour)),
    });
  }
  await ctx.add("CreditBalance", prisma.creditBalance.createMany({ data: balances, skipDuplicates: true }));
  await ctx.add("CreditTransaction", prisma.creditTransaction.createMany({ data: ledgerRows, skipDuplicates: true }));

  // Processed provider webhooks (replays are no-ops).
  await ctx.add(
    "WebhookEvent",
    prisma.webhookEvent.createMany({
      data: [
        {
          id: sid("webhook", "fan2-color-theory"), provider: "stripe", eventId: `evt_demo_${seedHex("evt:fan2-color-theory", 20)}`,
          type: "payment_intent.succeeded", payload: { object: "event", data: { object: { id: providerPaymentId("fan2-color-theory"), amount: cents("4.99"), currency: "usd" } } },
          status: "PROCESSED", attempts: 1, processedAt: ctx.at(-40, 13, 2), ...stamps(ctx.at(-40, 13, 1), ctx.at(-40, 13, 2)),
        },
        {
          id: sid("webhook", "fan3-invoice-failed"), provider: "stripe", eventId: `evt_demo_${seedHex("evt:fan3-invoice-failed", 20)}`,
          type: "invoice.payment_failed", payload: { object: "event", data: { object: { subscription: "sub_demo_fan3-basic", attempt_count: 1 } } },
          status: "PROCESSED", attempts: 1, processedAt: ctx.live(-2, 0, 5), ...stamps(ctx.live(-2, 0, 4), ctx.live(-2, 0, 5)),
        },
        {
          id: sid("webhook", "fan4-rc-cancel"), provider: "revenuecat", eventId: `rc_demo_${seedHex("evt:fan4-rc-cancel", 20)}`,
          type: "CANCELLATION", payload: { event: { type: "CANCELLATION", app_user_id: userId("fan4"), product_id: "premium_yearly" } },
          status: "PROCESSED", attempts: 1, processedAt: ctx.live(-6, 8, 1), ...stamps(ctx.live(-6, 8), ctx.live(-6, 8, 1)),
        },
        {
          id: sid("webhook", "customer-created"), provider: "stripe", eventId: `evt_demo_${seedHex("evt:customer-created", 20)}`,
          type: "customer.created", payload: { object: "event", data: { object: { id: "cus_demo_unrelated" } } },
          status: "IGNORED", attempts: 1, processedAt: ctx.at(-20, 9, 1), ...stamps(ctx.at(-20, 9), ctx.at(-20, 9, 1)),
        },
      ],
      skipDuplicates: true,
    }),
  );
}
