// Commerce in the graph: payments, purchases, access grants (the library), tips, voice packs,
// series bundles, the credit ledger; the purchase / claim / tip / refund / credit mutations; and
// what the viewer owns as fields on User. Resolvers stay thin: parse, call the service, return.
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import { AccessType, CreditTransactionType, PaymentPurpose, PaymentStatus } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import type { Context } from "../../core/context.ts";
import { isAdmin } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { liveGrant } from "../content/index.ts";
import { ContentNode, PublishStatusEnum } from "../content/index.ts";
import { contentWhereFor, seriesWhereFor } from "../content/index.ts";
import { UserNode } from "../identity/index.ts";
import { parseInput } from "../../core/validation.ts";
import { isUniqueViolation, transaction } from "../../core/tx.ts";
import { liveEvents } from "../identity/index.ts";
import { z } from "zod";
import { adjustCredits } from "./ledger.ts";
import { Decimal, money } from "./money.ts";
import { CURRENCY_RE } from "../../core/validation.ts";
import type { CheckoutResult } from "./payments.ts";
import { claimContent, purchase, refundAsAdmin } from "./purchases.ts";
import { tipCreator } from "./tips.ts";
import {
  contentAccessWhereFor,
  creditTransactionWhereFor,
  paymentWhereFor,
  purchaseWhereFor,
  tipWhereFor,
  userVoicePackWhereFor,
  voicePackWhereFor,
} from "./visibility.ts";

export const PaymentStatusEnum = builder.enumType(PaymentStatus, { name: "PaymentStatus", description: "PENDING → COMPLETED | FAILED; COMPLETED → REFUNDED." });
export const PaymentPurposeEnum = builder.enumType(PaymentPurpose, { name: "PaymentPurpose" });
export const AccessTypeEnum = builder.enumType(AccessType, { name: "AccessType" });
export const CreditTransactionTypeEnum = builder.enumType(CreditTransactionType, { name: "CreditTransactionType" });

const decimal = (d: Decimal | null | undefined) => (d === null || d === undefined ? null : money(d));

// ---------------------------------------------------------------------------------------------
// Per-request batches for "does the viewer own this" flags on catalogue rows.
// ---------------------------------------------------------------------------------------------

const seriesAccessLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, boolean>(async (ids) => {
      const viewer = ctx.viewer;
      if (!viewer) return ids.map(() => false);
      const rows = await ctx.prisma.contentSeries.findMany({
        where: { id: { in: [...ids] }, ...(isAdmin(viewer) ? {} : { OR: [{ creatorId: viewer.id }, { access: { some: liveGrant(viewer.id, ctx.services.clock()) } }] }) },
        select: { id: true },
      });
      const ok = new Set(rows.map((r) => r.id));
      return ids.map((id) => ok.has(id));
    }),
);

const voicePackOwnershipLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, boolean>(async (ids) => {
      if (!ctx.viewer) return ids.map(() => false);
      const rows = await ctx.prisma.userVoicePack.findMany({
        where: { userId: ctx.viewer.id, voicePackId: { in: [...ids] }, revokedAt: null },
        select: { voicePackId: true },
      });
      const ok = new Set(rows.map((r) => r.voicePackId));
      return ids.map((id) => ok.has(id));
    }),
);

// ---------------------------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------------------------

export const SeriesNode = builder.prismaNode("ContentSeries", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A series of content items; sold as a bundle when it has a price (buying it grants access to every item in it).",
  findUnique: (id, ctx) => ({ id, AND: [seriesWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    slug: t.exposeString("slug"),
    description: t.exposeString("description", { nullable: true }),
    thumbnailUrl: t.exposeString("thumbnailUrl", { nullable: true }),
    price: t.field({ type: "Decimal", nullable: true, description: "Bundle price; null when the series is not sold as a bundle.", resolve: (s) => decimal(s.price) }),
    currency: t.exposeString("currency"),
    status: t.expose("status", { type: PublishStatusEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    creator: t.relation("creator"),
    viewerHasAccess: t.boolean({
      description: "Whether the viewer holds the bundle (a live grant on the series), created it, or is an admin.",
      resolve: (s, _a, ctx) => seriesAccessLoader(ctx).load(s.id),
    }),
    contents: t.relatedConnection(
      "content",
      {
        cursor: "id",
        totalCount: true,
        query: (_args, ctx) => ({ where: contentWhereFor(ctx.viewer, "list"), orderBy: [{ seriesPosition: { sort: "asc", nulls: "last" } }, { id: "asc" }] }),
      },
      {},
    ),
  }),
});

export const VoicePackNode = builder.prismaNode("VoicePack", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A purchasable collection of narrator voices (listed to everyone).",
  findUnique: (id, ctx) => ({ id, AND: [voicePackWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    name: t.exposeString("name"),
    description: t.exposeString("description", { nullable: true }),
    price: t.field({ type: "Decimal", resolve: (v) => money(v.price) }),
    currency: t.exposeString("currency"),
    voiceIds: t.exposeStringList("voiceIds"),
    isPremium: t.exposeBoolean("isPremium"),
    isActive: t.exposeBoolean("isActive"),
    storeProductId: t.exposeString("storeProductId", { nullable: true, description: "The app stores' product id (RevenueCat product_id) selling this pack in the mobile app." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    viewerOwns: t.boolean({ resolve: (v, _a, ctx) => voicePackOwnershipLoader(ctx).load(v.id) }),
  }),
});

export const PaymentNode = builder.prismaNode("Payment", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "One payment through the state machine PENDING → COMPLETED | FAILED, COMPLETED → REFUNDED. Visible to the payer and admins.",
  findUnique: (id, ctx) => ({ id, AND: [paymentWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    purpose: t.expose("purpose", { type: PaymentPurposeEnum }),
    status: t.expose("status", { type: PaymentStatusEnum }),
    amount: t.field({ type: "Decimal", resolve: (p) => money(p.amount) }),
    currency: t.exposeString("currency"),
    provider: t.exposeString("provider", { description: "\"local\" (settled in-process, no money moves) or \"stripe\"." }),
    providerPaymentId: t.exposeString("providerPaymentId", { nullable: true, description: "E.g. the Stripe PaymentIntent id." }),
    description: t.exposeString("description", { nullable: true }),
    platformFeeAmount: t.field({ type: "Decimal", resolve: (p) => money(p.platformFeeAmount) }),
    creatorPayoutAmount: t.field({ type: "Decimal", resolve: (p) => money(p.creatorPayoutAmount) }),
    failureReason: t.exposeString("failureReason", { nullable: true }),
    refundReason: t.exposeString("refundReason", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    completedAt: t.expose("completedAt", { type: "DateTime", nullable: true }),
    failedAt: t.expose("failedAt", { type: "DateTime", nullable: true }),
    refundedAt: t.expose("refundedAt", { type: "DateTime", nullable: true }),
    user: t.relation("user"),
  }),
});

export const PurchaseNode = builder.prismaNode("Purchase", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A one-time purchase of content, a series bundle or a voice pack. Visible to the buyer, admins, and (without the customer) the creator of what was sold.",
  findUnique: (id, ctx) => ({ id, AND: [purchaseWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    status: t.expose("status", { type: PaymentStatusEnum }),
    amountPaid: t.field({ type: "Decimal", resolve: (p) => money(p.amountPaid) }),
    currency: t.exposeString("currency"),
    platformFeeAmount: t.field({ type: "Decimal", resolve: (p) => money(p.platformFeeAmount) }),
    creatorPayoutAmount: t.field({ type: "Decimal", resolve: (p) => money(p.creatorPayoutAmount) }),
    purchasedAt: t.expose("purchasedAt", { type: "DateTime", nullable: true }),
    refundedAt: t.expose("refundedAt", { type: "DateTime", nullable: true }),
    refundReason: t.exposeString("refundReason", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    content: t.relation("content", { nullable: true }),
    series: t.relation("series", { nullable: true }),
    voicePack: t.relation("voicePack", { nullable: true }),
    customer: t.relation("customer", { description: "Buyer and admins only." }),
    payment: t.relation("payment", { description: "Buyer and admins only." }),
  }),
});

export const ContentAccessNode = builder.prismaNode("ContentAccess", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A grant to read the protected fields of a content item or of every item in a series.",
  findUnique: (id, ctx) => ({ id, AND: [contentAccessWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    accessType: t.expose("accessType", { type: AccessTypeEnum }),
    grantedAt: t.expose("grantedAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "Null means permanent." }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
    isActive: t.boolean({
      description: "Not revoked and not expired.",
      resolve: (a, _args, ctx) => !a.revokedAt && (!a.expiresAt || a.expiresAt > ctx.services.clock()),
    }),
    content: t.relation("content", { nullable: true }),
    series: t.relation("series", { nullable: true }),
    purchase: t.relation("purchase", { nullable: true }),
  }),
});

export const UserVoicePackNode = builder.prismaNode("UserVoicePack", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A voice pack the user owns.",
  findUnique: (id, ctx) => ({ id, AND: [userVoicePackWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    voicePack: t.relation("voicePack"),
    purchasedAt: t.expose("purchasedAt", { type: "DateTime" }),
    revokedAt: t.expose("revokedAt", { type: "DateTime", nullable: true }),
  }),
});

export const TipNode = builder.prismaNode("Tip", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "A tip from a user to a creator. Visible to both of them and admins.",
  findUnique: (id, ctx) => ({ id, AND: [tipWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    amount: t.field({ type: "Decimal", resolve: (p) => money(p.amount) }),
    currency: t.exposeString("currency"),
    message: t.exposeString("message", { nullable: true }),
    status: t.expose("status", { type: PaymentStatusEnum }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    fromUser: t.relation("fromUser"),
    toCreator: t.relation("toCreator"),
  }),
});

export const CreditTransactionNode = builder.prismaNode("CreditTransaction", {
  id: { field: "id" },
  nullable: true, // node(id) of a row the viewer may not see → null (findUnique, not findUniqueOrThrow)
  description: "One row of the append-only credit ledger.",
  findUnique: (id, ctx) => ({ id, AND: [creditTransactionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    type: t.expose("type", { type: CreditTransactionTypeEnum }),
    amount: t.exposeInt("amount", { description: "Positive earns or refunds, negative spends or expires." }),
    balanceAfter: t.exposeInt("balanceAfter"),
    description: t.exposeString("description", { nullable: true }),
    reason: t.exposeString("reason", { nullable: true, description: "Why an administrator adjusted the balance." }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "When credits earned by this row expire." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
  }),
});

export const CheckoutRef = builder.objectRef<CheckoutResult>("Checkout").implement({
  description:
    "What a client needs to finish paying. With the local provider the payment is already settled (status COMPLETED). With Stripe the status is PENDING: confirm the PaymentIntent with clientSecret (Stripe.js / mobile SDK); the webhook completes it.",
  fields: (t) => ({
    status: t.field({ type: PaymentStatusEnum, resolve: (c) => c.payment.status }),
    provider: t.string({ resolve: (c) => c.payment.provider }),
    providerPaymentId: t.string({ nullable: true, resolve: (c) => c.payment.providerPaymentId }),
    clientSecret: t.string({ nullable: true, resolve: (c) => c.clientSecret }),
    amount: t.field({ type: "Decimal", resolve: (c) => money(c.payment.amount) }),
    currency: t.string({ resolve: (c) => c.payment.currency }),
    payment: t.prismaField({ type: "Payment", resolve: (query, c, _a, ctx) => ctx.prisma.payment.findUniqueOrThrow({ ...query, where: { id: c.payment.id } }) }),
  }),
});

const PurchasePayload = builder.objectRef<{ purchaseId: string; checkout: CheckoutResult }>("PurchasePayload").implement({
  fields: (t) => ({
    purchase: t.prismaField({ type: "Purchase", resolve: (query, p, _a, ctx) => ctx.prisma.purchase.findUniqueOrThrow({ ...query, where: { id: p.purchaseId } }) }),
    checkout: t.field({ type: CheckoutRef, resolve: (p) => p.checkout }),
  }),
});

const TipPayload = builder.objectRef<{ tipId: string; checkout: CheckoutResult }>("TipPayload").implement({
  fields: (t) => ({
    tip: t.prismaField({ type: "Tip", resolve: (query, p, _a, ctx) => ctx.prisma.tip.findUniqueOrThrow({ ...query, where: { id: p.tipId } }) }),
    checkout: t.field({ type: CheckoutRef, resolve: (p) => p.checkout }),
  }),
});

// ---------------------------------------------------------------------------------------------
// What a user owns, on User (rules: self or admin; see rules.ts)
// ---------------------------------------------------------------------------------------------

builder.prismaObjectFields("User", (t) => ({
  payments: t.relatedConnection("payments", { cursor: "id", totalCount: true, query: () => ({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) }, {}),
  purchases: t.relatedConnection(
    "purchases",
    {
      cursor: "id",
      totalCount: true,
      args: { status: t.arg({ type: PaymentStatusEnum, required: false }) },
      query: (args) => ({ where: args.status ? { status: args.status } : {}, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
    },
    {},
  ),
  library: t.relatedConnection(
    "contentAccess",
    {
      cursor: "id",
      totalCount: true,
      description: "Content and series the user holds a live grant for (purchased, complimentary, subscription, preview), newest first, with expiry.",
      query: (_args, ctx) => {
        const now = ctx.services.clock();
        return { where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] }, orderBy: [{ grantedAt: "desc" }, { id: "desc" }] };
      },
    },
    {},
  ),
  ownedVoicePacks: t.relatedConnection("voicePacks", { cursor: "id", totalCount: true, query: () => ({ where: { revokedAt: null }, orderBy: [{ purchasedAt: "desc" }, { id: "desc" }] }) }, {}),
  tipsGiven: t.relatedConnection("tipsGiven", { cursor: "id", totalCount: true, query: () => ({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) }, {}),
  tipsReceived: t.relatedConnection(
    "tipsReceived",
    { cursor: "id", totalCount: true, description: "Completed (and refunded) tips received as a creator.", query: () => ({ where: { status: { in: ["COMPLETED", "REFUNDED"] } }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) },
    {},
  ),
  creatorSales: t.prismaConnection(
    {
      type: "Purchase",
      cursor: "id",
      description: "Completed and refunded purchases of the content and series this user created (their sales).",
      resolve: (query, user, _args, ctx) => ctx.prisma.purchase.findMany({ ...query, where: salesWhere(user.id), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (user, _args, ctx) => ctx.prisma.purchase.count({ where: salesWhere(user.id) }),
    },
    {},
  ),
  creditBalance: t.int({
    description: "Current credit balance.",
    select: { creditBalance: { select: { currentBalance: true } } },
    resolve: (u) => u.creditBalance?.currentBalance ?? 0,
  }),
  creditTransactions: t.relatedConnection("creditTransactions", { cursor: "id", totalCount: true, query: () => ({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] }) }, {}),
}));

function salesWhere(creatorId: string) {
  return { status: { in: ["COMPLETED" as const, "REFUNDED" as const] }, OR: [{ content: { creatorId } }, { series: { creatorId } }] };
}

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  voicePacks: t.prismaConnection(
    {
      type: "VoicePack",
      cursor: "id",
      description: "The voice pack catalogue (active packs; admins also see retired ones).",
      resolve: (query, _r, _a, ctx) => ctx.prisma.voicePack.findMany({ ...query, where: voicePackWhereFor(ctx.viewer), orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.voicePack.count({ where: voicePackWhereFor(ctx.viewer) }),
    },
    {},
  ),
  contentSeries: t.prismaConnection(
    {
      type: "ContentSeries",
      cursor: "id",
      description: "Published series (plus the viewer's own drafts), newest first.",
      resolve: (query, _r, _a, ctx) =>
        ctx.prisma.contentSeries.findMany({ ...query, where: seriesWhereFor(ctx.viewer), orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.contentSeries.count({ where: seriesWhereFor(ctx.viewer) }),
    },
    {},
  ),
  payments: t.prismaConnection(
    {
      type: "Payment",
      cursor: "id",
      description: "Every payment, newest first (admins).",
      args: { status: t.arg({ type: PaymentStatusEnum, required: false }), purpose: t.arg({ type: PaymentPurposeEnum, required: false }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.payment.findMany({ ...query, where: paymentsFilter(args, ctx), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (_r, args, ctx) => ctx.prisma.payment.count({ where: paymentsFilter(args, ctx) }),
    },
    {},
  ),
}));

function paymentsFilter(args: { status?: PaymentStatus | null; purpose?: PaymentPurpose | null }, ctx: Context) {
  return { AND: [paymentWhereFor(ctx.viewer), args.status ? { status: args.status } : {}, args.purpose ? { purpose: args.purpose } : {}] };
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

builder.mutationFields((t) => ({
  purchaseContent: t.field({
    type: PurchasePayload,
    description: "Buys a content item. Retrying with the same idempotencyKey returns the same purchase. Already owned → CONFLICT (ALREADY_OWNED); free content → CONFLICT (FREE_CONTENT, use claimContent).",
    args: { contentId: t.arg.globalID({ required: true, for: [ContentNode] }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => purchase(ctx, "CONTENT", args.contentId.id, args.idempotencyKey),
  }),
  purchaseSeries: t.field({
    type: PurchasePayload,
    description: "Buys a series bundle: access to every item of the series. Same idempotency rules as purchaseContent.",
    args: { seriesId: t.arg.globalID({ required: true, for: [SeriesNode] }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => purchase(ctx, "SERIES", args.seriesId.id, args.idempotencyKey),
  }),
  purchaseVoicePack: t.field({
    type: PurchasePayload,
    description: "Buys a voice pack. Same idempotency rules as purchaseContent.",
    args: { voicePackId: t.arg.globalID({ required: true, for: [VoicePackNode] }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => purchase(ctx, "VOICE_PACK", args.voicePackId.id, args.idempotencyKey),
  }),
  claimContent: t.prismaField({
    type: "ContentAccess",
    description: "Adds free content to the library at once (a permanent COMPLIMENTARY grant). Claiming again returns the same grant; priced content → PAYMENT_REQUIRED.",
    args: { contentId: t.arg.globalID({ required: true, for: [ContentNode] }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await claimContent(ctx, args.contentId.id);
      return ctx.prisma.contentAccess.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  tipCreator: t.field({
    type: TipPayload,
    description: "Tips a creator. Amount between TIP_MIN_AMOUNT and TIP_MAX_AMOUNT; tipping yourself → FORBIDDEN (SELF_TIP). Same idempotencyKey → the same tip.",
    args: {
      creatorId: t.arg.globalID({ required: true, for: [UserNode] }),
      amount: t.arg({ type: "Decimal", required: true }),
      currency: t.arg.string({ required: true }),
      message: t.arg.string({ required: false }),
      idempotencyKey: t.arg.string({ required: true }),
    },
    resolve: (_r, args, ctx) =>
      tipCreator(ctx, { creatorId: args.creatorId.id, amount: args.amount, currency: args.currency, message: args.message, idempotencyKey: args.idempotencyKey }),
  }),
  refundPayment: t.prismaField({
    type: "Payment",
    description: "Admin: refunds a completed payment. Revokes what it granted (content access, voice pack, booking seat) in the same transaction; the provider refund follows.",
    args: { paymentId: t.arg.globalID({ required: true, for: [PaymentNode] }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const p = await refundAsAdmin(ctx, args.paymentId.id, args.reason);
      return ctx.prisma.payment.findUniqueOrThrow({ ...query, where: { id: p.id } });
    },
  }),
  adjustCredits: t.prismaField({
    type: "CreditTransaction",
    description: "Admin: adds (positive) or removes (negative) credits with a reason. Never below zero (CONFLICT INSUFFICIENT_CREDITS). Same idempotencyKey → the same ledger row.",
    args: {
      userId: t.arg.globalID({ required: true, for: [UserNode] }),
      amount: t.arg.int({ required: true }),
      reason: t.arg.string({ required: true }),
      idempotencyKey: t.arg.string({ required: true }),
      expiresAt: t.arg({ type: "DateTime", required: false }),
    },
    resolve: async (query, _r, args, ctx) => {
      const id = await adjustCredits(ctx, { userId: args.userId.id, amount: args.amount, reason: args.reason, idempotencyKey: args.idempotencyKey, expiresAt: args.expiresAt ?? null });
      return ctx.prisma.creditTransaction.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  createVoicePack: t.prismaField({
    type: "VoicePack",
    description: "Admin: adds a voice pack to the catalogue.",
    args: {
      name: t.arg.string({ required: true }),
      description: t.arg.string({ required: false }),
      price: t.arg({ type: "Decimal", required: true }),
      currency: t.arg.string({ required: false, defaultValue: "USD" }),
      voiceIds: t.arg.stringList({ required: true }),
      isPremium: t.arg.boolean({ required: false, defaultValue: true }),
      storeProductId: t.arg.string({ required: false, description: "RevenueCat product_id of the in-app product that sells it." }),
    },
    resolve: async (query, _r, args, ctx) => {
      const data = parseInput(voicePackSchema, { ...args, description: args.description ?? undefined, storeProductId: args.storeProductId ?? undefined });
      const id = await transaction(ctx.prisma, async (tx) => {
        const v = await tx.voicePack.create({ data: { ...data, price: new Decimal(data.price) } });
        await recordAudit(tx, ctx, { action: "voice_pack.create", entityType: "VoicePack", entityId: v.id, newValues: { ...data } });
        return v.id;
      }).catch(storeProductTaken);
      return ctx.prisma.voicePack.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateVoicePack: t.prismaField({
    type: "VoicePack",
    description: "Admin: changes a voice pack (isActive: false retires it from sale; owners keep it).",
    args: {
      id: t.arg.globalID({ required: true, for: [VoicePackNode] }),
      name: t.arg.string({ required: false }),
      description: t.arg.string({ required: false }),
      price: t.arg({ type: "Decimal", required: false }),
      voiceIds: t.arg.stringList({ required: false }),
      isPremium: t.arg.boolean({ required: false }),
      isActive: t.arg.boolean({ required: false }),
      storeProductId: t.arg.string({ required: false, description: "RevenueCat product_id of the in-app product that sells it." }),
    },
    resolve: async (query, _r, args, ctx) => {
      const { id, ...rest } = args;
      const patch = parseInput(voicePackSchema.partial().extend({ isActive: z.boolean().optional() }), Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined)));
      await transaction(ctx.prisma, async (tx) => {
        const before = await tx.voicePack.findUnique({ where: { id: id.id } });
        if (!before) throw errors.notFound("Voice pack", id.id);
        await tx.voicePack.update({ where: { id: id.id }, data: { ...patch, ...(patch.price ? { price: new Decimal(patch.price) } : {}) } });
        await recordAudit(tx, ctx, {
          action: "voice_pack.update",
          entityType: "VoicePack",
          entityId: id.id,
          oldValues: { name: before.name, price: money(before.price), isActive: before.isActive, voiceIds: before.voiceIds, isPremium: before.isPremium },
          newValues: patch,
        });
      }).catch(storeProductTaken);
      return ctx.prisma.voicePack.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
}));

/** Two voice packs cannot be sold by the same in-app product. */
function storeProductTaken(e: unknown): never {
  if (isUniqueViolation(e)) throw errors.conflict("STORE_PRODUCT_TAKEN", "Another voice pack already uses this storeProductId.");
  throw e;
}

const voicePackSchema = z.object({
  name: z.string().trim().min(1, "must not be empty").max(200),
  description: z.string().trim().max(2000).optional(),
  price: z
    .string()
    .regex(/^\d{1,10}(\.\d{1,2})?$/, "must be an amount with at most two decimals")
    .refine((p) => new Decimal(p).gt(0), "must be greater than 0"),
  currency: z.string().trim().toUpperCase().regex(CURRENCY_RE, "must be a 3-letter ISO currency code"),
  voiceIds: z.array(z.string().trim().min(1).max(200)).min(1, "must list at least one voice").max(100),
  isPremium: z.boolean(),
  storeProductId: z.string().trim().min(1).max(200).optional(),
});

builder.subscriptionField("paymentUpdated", (t) =>
  t.prismaField({
    type: "Payment",
    description: "State changes of the viewer's payments (completed by a webhook, failed, refunded), from any instance.",
    subscribe: (_root, _args, ctx) =>
      liveEvents(ctx, {
        topic: "paymentUpdated",
        key: ctx.viewer!.id,
        visible: async (viewer, e) =>
          (await ctx.prisma.payment.findFirst({ where: { id: e.paymentId, userId: viewer!.id, AND: [paymentWhereFor(viewer)] }, select: { id: true } }))?.id ?? null,
      }),
    resolve: (query, id, _args, ctx) => ctx.prisma.payment.findUniqueOrThrow({ ...query, where: { id: id as unknown as string } }),
  }),
);
