// One-time purchases of content, series bundles and voice packs; free-content claims; admin
// refunds. A purchase is a Purchase row settled by its Payment through the state machine in
// payments.ts; completing it grants (ContentAccess for content / series, UserVoicePack for voice
// packs), refunding it revokes exactly the grant that payment made.
//
// Concurrency: everything a buyer does to one item runs under an advisory lock on
// (buyer, item), so "same key → same purchase", "already owned" and "one purchase in flight" are
// decided race-free — 100 identical concurrent requests produce one purchase and one grant.
import { requireVerifiedEmail } from "../identity/index.ts";
import { transaction, type Tx } from "../../core/tx.ts";
import type { AccessType, Payment } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { liveGrant } from "../content/index.ts";
import { contentWhereFor, seriesWhereFor } from "../content/index.ts";
import { parseInput } from "../../core/validation.ts";
import { z } from "zod";
import { isPlatformOwner, parseIdempotencyKey, requireViewer, sendReceipt } from "./common.ts";
import { Decimal, money, revenueSplit } from "./money.ts";
import { checkout, createPendingPayment, refundPayment, registerFulfiller, requestProviderRefund, type CheckoutResult, type Fulfiller } from "./payments.ts";
import { advisoryLock } from "../../core/locks.ts";
import { voicePackWhereFor } from "./visibility.ts";

export type ItemKind = "CONTENT" | "SERIES" | "VOICE_PACK";

interface SaleItem {
  kind: ItemKind;
  id: string;
  title: string;
  price: Decimal;
  currency: string;
  /** null for the platform's own products (voice packs). */
  creatorId: string | null;
}

const OWNING_GRANTS: AccessType[] = ["PURCHASED", "COMPLIMENTARY"];

function itemWhere(kind: ItemKind, id: string) {
  return kind === "CONTENT" ? { contentId: id } : kind === "SERIES" ? { seriesId: id } : { voicePackId: id };
}

function itemLockKey(userId: string, kind: ItemKind, id: string): string {
  return `commerce:item:${userId}:${kind}:${id}`;
}

async function loadSaleItem(ctx: Context, kind: ItemKind, id: string): Promise<SaleItem> {
  if (kind === "CONTENT") {
    const c = await ctx.prisma.content.findFirst({
      where: { id, AND: [contentWhereFor(ctx.viewer, "read")] },
      select: { id: true, title: true, price: true, currency: true, status: true, creatorId: true, deletedAt: true },
    });
    if (!c) throw errors.notFound("Content", id);
    if (c.status !== "PUBLISHED" || c.deletedAt) throw errors.conflict("NOT_FOR_SALE", "This content is not published.");
    if (!c.price) throw errors.conflict("FREE_CONTENT", "This content is free: claim it with claimContent.");
    return { kind, id, title: c.title, price: c.price, currency: c.currency, creatorId: c.creatorId };
  }
  if (kind === "SERIES") {
    const s = await ctx.prisma.contentSeries.findFirst({
      where: { id, AND: [seriesWhereFor(ctx.viewer)] },
      select: { id: true, title: true, price: true, currency: true, status: true, creatorId: true, deletedAt: true },
    });
    if (!s) throw errors.notFound("Series", id);
    if (s.status !== "PUBLISHED" || s.deletedAt) throw errors.conflict("NOT_FOR_SALE", "This series is not published.");
    if (!s.price) throw errors.conflict("NOT_FOR_SALE", "This series is not sold as a bundle.");
    return { kind, id, title: s.title, price: s.price, currency: s.currency, creatorId: s.creatorId };
  }
  const v = await ctx.prisma.voicePack.findFirst({ where: { id, AND: [voicePackWhereFor(ctx.viewer)] } });
  if (!v) throw errors.notFound("Voice pack", id);
  if (!v.isActive) throw errors.conflict("NOT_FOR_SALE", "This voice pack is no longer sold.");
  return { kind, id, title: v.name, price: v.price, currency: v.currency, creatorId: null };
}

/** Does the user already own the item (creator, live purchased/complimentary grant, owned voice pack)? */
async function owns(tx: Tx, userId: string, kind: ItemKind, id: string, now: Date): Promise<boolean> {
  const grant = { ...liveGrant(userId, now), accessType: { in: OWNING_GRANTS } };
  if (kind === "CONTENT") {
    return (await tx.content.count({ where: { id, OR: [{ creatorId: userId }, { access: { some: grant } }, { series: { access: { some: grant } } }] } })) > 0;
  }
  if (kind === "SERIES") {
    return (await tx.contentSeries.count({ where: { id, OR: [{ creatorId: userId }, { access: { some: grant } }] } })) > 0;
  }
  return (await tx.userVoicePack.count({ where: { userId, voicePackId: id, revokedAt: null } })) > 0;
}

export interface PurchaseResult {
  purchaseId: string;
  checkout: CheckoutResult;
}

/** Buys content, a series bundle or a voice pack. Same idempotencyKey → the same purchase, never a second. */
export async function purchase(ctx: Context, kind: ItemKind, itemId: string, rawKey: string): Promise<PurchaseResult> {
  const viewer = requireViewer(ctx);
  await requireVerifiedEmail(ctx);
  const key = parseIdempotencyKey(rawKey);
  const now = ctx.services.clock();

  // A retry of a request that already created its purchase gets that purchase back, whatever
  // happened to the item since (unpublished, price changed, now owned).
  const earlier = await ctx.prisma.purchase.findUnique({ where: { customerId_idempotencyKey: { customerId: viewer.id, idempotencyKey: key } } });
  let purchaseRow = earlier ? sameItemOrConflict(earlier, kind, itemId) : null;

  if (!purchaseRow) {
    const item = await loadSaleItem(ctx, kind, itemId);
    const platform = item.creatorId === null || (await isPlatformOwner(ctx.prisma, item.creatorId, now));
    const split = revenueSplit(item.price, ctx.config.PLATFORM_FEE_PERCENT, platform);
    purchaseRow = await transaction(ctx.prisma, async (tx) => {
      await advisoryLock(tx, itemLockKey(viewer.id, kind, itemId));
      const existing = await tx.purchase.findUnique({ where: { customerId_idempotencyKey: { customerId: viewer.id, idempotencyKey: key } } });
      if (existing) return sameItemOrConflict(existing, kind, itemId);
      if (await owns(tx, viewer.id, kind, itemId, now)) {
        throw errors.conflict("ALREADY_OWNED", "You already own this.");
      }
      const inFlight = await tx.purchase.findFirst({ where: { customerId: viewer.id, status: "PENDING", ...itemWhere(kind, itemId) }, select: { id: true } });
      if (inFlight) {
        throw errors.conflict("PURCHASE_IN_PROGRESS", "A purchase of this item is already waiting for payment; complete it or retry it with its idempotencyKey.", {
          purchaseId: inFlight.id,
        });
      }
      const payment = await createPendingPayment(tx, {
        createdAt: now,
        userId: viewer.id,
        purpose: kind,
        amount: item.price,
        currency: item.currency,
        provider: ctx.services.payments.active.name,
        idempotencyKey: `purchase:${key}`,
        description: `${kind === "CONTENT" ? "Content" : kind === "SERIES" ? "Series" : "Voice pack"}: ${item.title}`,
        ...split,
        ...itemWhere(kind, itemId),
      });
      const created = await tx.purchase.create({
        data: {
          customerId: viewer.id,
          paymentId: payment.id,
          amountPaid: item.price,
          currency: item.currency,
          platformFeeAmount: split.platformFeeAmount,
          creatorPayoutAmount: split.creatorPayoutAmount,
          status: "PENDING",
          idempotencyKey: key,
          ...itemWhere(kind, itemId),
        },
      });
      await recordAudit(tx, ctx, {
        action: "purchase.create",
        entityType: "Purchase",
        entityId: created.id,
        newValues: { kind, itemId, amount: money(item.price), currency: item.currency, platformFee: money(split.platformFeeAmount), creatorPayout: money(split.creatorPayoutAmount) },
      });
      return created;
    });
  }
  // Drive the payment (again, if a previous attempt was interrupted): idempotent per payment.
  const result = await checkout(ctx, ctx, purchaseRow.paymentId);
  return { purchaseId: purchaseRow.id, checkout: result };
}

function sameItemOrConflict<T extends { contentId: string | null; seriesId: string | null; voicePackId: string | null }>(p: T, kind: ItemKind, itemId: string): T {
  const same = kind === "CONTENT" ? p.contentId === itemId : kind === "SERIES" ? p.seriesId === itemId : p.voicePackId === itemId;
  if (!same) throw errors.conflict("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was already used for a different purchase; use a new key for a new purchase.");
  return p;
}

/** Free content: grants access at once (COMPLIMENTARY, permanent). Claiming again returns the same grant. */
export async function claimContent(ctx: Context, contentId: string): Promise<string> {
  const viewer = requireViewer(ctx);
  const now = ctx.services.clock();
  const c = await ctx.prisma.content.findFirst({
    where: { id: contentId, AND: [contentWhereFor(ctx.viewer, "read")] },
    select: { id: true, title: true, price: true, status: true },
  });
  if (!c) throw errors.notFound("Content", contentId);
  if (c.status !== "PUBLISHED") throw errors.conflict("NOT_FOR_SALE", "This content is not published.");
  if (c.price) throw errors.paymentRequired("This content has a price: buy it with purchaseContent.", "NOT_FREE");
  return transaction(ctx.prisma, async (tx) => {
    await advisoryLock(tx, itemLockKey(viewer.id, "CONTENT", contentId));
    const live = await tx.contentAccess.findFirst({ where: { ...liveGrant(viewer.id, now), contentId }, select: { id: true } });
    if (live) return live.id;
    const grant = await tx.contentAccess.upsert({
      where: { userId_contentId: { userId: viewer.id, contentId } },
      create: { userId: viewer.id, contentId, accessType: "COMPLIMENTARY", grantedAt: now },
      update: { accessType: "COMPLIMENTARY", grantedAt: now, expiresAt: null, revokedAt: null, revokeReason: null, purchaseId: null, paymentId: null, subscriptionId: null },
    });
    await recordAudit(tx, ctx, { action: "content_access.claim", entityType: "ContentAccess", entityId: grant.id, newValues: { contentId, accessType: "COMPLIMENTARY" } });
    return grant.id;
  });
}

const refundSchema = z.object({ reason: z.string().trim().min(3, "must say why (at least 3 characters)").max(500) });

/** Admin refund of any completed payment: revokes its grant now; the provider refund follows (retried by a job). */
export async function refundAsAdmin(ctx: Context, paymentId: string, rawReason: string): Promise<Payment> {
  const { reason } = parseInput(refundSchema, { reason: rawReason });
  const result = await transaction(ctx.prisma, (tx) => refundPayment(tx, { actor: ctx, now: ctx.services.clock() }, paymentId, reason, "admin"));
  if (result.changed) await requestProviderRefund(ctx, paymentId);
  return ctx.prisma.payment.findUniqueOrThrow({ where: { id: paymentId } });
}

// ---------------------------------------------------------------------------------------------
// Fulfilment: what completing / failing / refunding a purchase's payment does.
// ---------------------------------------------------------------------------------------------

async function purchaseOf(tx: Tx, payment: Payment) {
  return tx.purchase.findUniqueOrThrow({
    where: { paymentId: payment.id },
    include: { content: { select: { title: true } }, series: { select: { title: true } }, voicePack: { select: { name: true } } },
  });
}

type LoadedPurchase = Awaited<ReturnType<typeof purchaseOf>>;

function kindOf(p: LoadedPurchase): { kind: ItemKind; id: string; title: string } {
  if (p.contentId) return { kind: "CONTENT", id: p.contentId, title: p.content?.title ?? "content" };
  if (p.seriesId) return { kind: "SERIES", id: p.seriesId, title: p.series?.title ?? "series" };
  return { kind: "VOICE_PACK", id: p.voicePackId!, title: p.voicePack?.name ?? "voice pack" };
}

const purchaseFulfiller: Fulfiller = {
  async complete(tx, payment, { now }) {
    const p = await purchaseOf(tx, payment);
    const item = kindOf(p);
    await advisoryLock(tx, itemLockKey(p.customerId, item.kind, item.id));
    const other = await tx.purchase.findFirst({ where: { customerId: p.customerId, status: "COMPLETED", id: { not: p.id }, ...itemWhere(item.kind, item.id) }, select: { id: true } });
    if (other) return { ok: false, reason: "ALREADY_OWNED" };
    await tx.purchase.update({
      where: { id: p.id },
      data: { status: "COMPLETED", purchasedAt: now, stripePaymentIntentId: payment.provider === "stripe" ? payment.providerPaymentId : null },
    });
    const grant = { accessType: "PURCHASED" as const, grantedAt: now, expiresAt: null, revokedAt: null, revokeReason: null, purchaseId: p.id, paymentId: payment.id, subscriptionId: null };
    if (item.kind === "CONTENT") {
      await tx.contentAccess.upsert({ where: { userId_contentId: { userId: p.customerId, contentId: item.id } }, create: { userId: p.customerId, contentId: item.id, ...grant }, update: grant });
      await tx.content.update({ where: { id: item.id }, data: { purchaseCount: { increment: 1 } } });
    } else if (item.kind === "SERIES") {
      await tx.contentAccess.upsert({ where: { userId_seriesId: { userId: p.customerId, seriesId: item.id } }, create: { userId: p.customerId, seriesId: item.id, ...grant }, update: grant });
    } else {
      const own = { purchasedAt: now, paymentId: payment.id, revokedAt: null };
      await tx.userVoicePack.upsert({ where: { userId_voicePackId: { userId: p.customerId, voicePackId: item.id } }, create: { userId: p.customerId, voicePackId: item.id, ...own }, update: own });
    }
    await sendReceipt(tx, {
      userId: p.customerId,
      type: "PURCHASE_RECEIPT",
      emailType: "purchase_receipt",
      title: `Receipt: ${item.title}`,
      message: `You paid ${money(p.amountPaid)} ${p.currency} for "${item.title}". It is in your library now.`,
      relatedEntityType: "Purchase",
      relatedEntityId: p.id,
    });
    return { ok: true };
  },
  async fail(tx, payment) {
    await tx.purchase.update({ where: { paymentId: payment.id }, data: { status: "FAILED" } });
  },
  async refund(tx, payment, { now }) {
    const p = await purchaseOf(tx, payment);
    const item = kindOf(p);
    await tx.purchase.update({ where: { id: p.id }, data: { status: "REFUNDED", refundedAt: now, refundReason: payment.refundReason } });
    // Revoke exactly what this payment granted (a later complimentary grant stays).
    const reason = `refunded: ${payment.refundReason ?? ""}`.slice(0, 500);
    await tx.contentAccess.updateMany({ where: { paymentId: payment.id, revokedAt: null }, data: { revokedAt: now, revokeReason: reason } });
    await tx.userVoicePack.updateMany({ where: { paymentId: payment.id, revokedAt: null }, data: { revokedAt: now } });
    if (p.status === "COMPLETED" && item.kind === "CONTENT") {
      await tx.content.updateMany({ where: { id: item.id, purchaseCount: { gt: 0 } }, data: { purchaseCount: { decrement: 1 } } });
    }
    await sendReceipt(tx, {
      userId: p.customerId,
      type: "SYSTEM",
      emailType: "refund_receipt",
      title: `Refund: ${item.title}`,
      message: `Your payment of ${money(p.amountPaid)} ${p.currency} for "${item.title}" was refunded.`,
      relatedEntityType: "Purchase",
      relatedEntityId: p.id,
    });
  },
};

registerFulfiller("CONTENT", purchaseFulfiller);
registerFulfiller("SERIES", purchaseFulfiller);
registerFulfiller("VOICE_PACK", purchaseFulfiller);

