// Creator payouts: Connect Express onboarding (account → onboarding link → return / account.updated
// → payouts enabled) and the payout run that transfers each creator's available earnings
// (earnings.ts) and reverses the transferred part of later refunds. Provider calls happen outside
// transactions (they are remote); every one carries an idempotency key derived from our row ids,
// so a retry after a crash or an outage never moves money twice.
import { transaction, type Tx } from "../../core/tx.ts";
import type { CreatorPayoutAccount, PayoutAccountStatus, Prisma } from "../../generated/prisma/client.ts";
import type { JobRuntime } from "../../core/jobs.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit, type AuditActor } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";
import { requireViewer } from "./common.ts";
import { Decimal, money } from "./money.ts";
import { advisoryLock } from "../../core/locks.ts";
import type { ConnectAccountState } from "../../core/ports.ts";

export function accountStatus(s: Pick<ConnectAccountState, "detailsSubmitted" | "payoutsEnabled">): PayoutAccountStatus {
  if (s.payoutsEnabled) return "ENABLED";
  return s.detailsSubmitted ? "RESTRICTED" : "ONBOARDING";
}

/** Applies what the provider says about an account. Idempotent; writes an audit row when the status changes. */
export async function syncPayoutAccount(tx: Tx, actor: AuditActor, now: Date, row: CreatorPayoutAccount, state: ConnectAccountState): Promise<CreatorPayoutAccount> {
  const status = accountStatus(state);
  const updated = await tx.creatorPayoutAccount.update({
    where: { id: row.id },
    data: {
      status,
      detailsSubmitted: state.detailsSubmitted,
      chargesEnabled: state.chargesEnabled,
      payoutsEnabled: state.payoutsEnabled,
      requirementsDue: state.requirementsDue.slice(0, 100),
      payoutsEnabledAt: state.payoutsEnabled ? (row.payoutsEnabledAt ?? now) : row.payoutsEnabledAt,
      lastSyncedAt: now,
    },
  });
  if (row.status !== status) {
    await recordAudit(tx, actor, {
      action: "payout_account.status",
      entityType: "CreatorPayoutAccount",
      entityId: row.id,
      oldValues: { status: row.status },
      newValues: { status, requirementsDue: state.requirementsDue },
    });
    if (status === "ENABLED") {
      await notify(tx, {
        userId: row.userId,
        type: "SYSTEM",
        title: "Payouts are enabled",
        message: "Your payout account is ready: your earnings will be transferred to it.",
        relatedEntityType: "CreatorPayoutAccount",
        relatedEntityId: row.id,
      });
    }
  }
  return updated;
}

export interface OnboardingResult {
  url: string;
  expiresAt: Date | null;
  accountId: string;
}

function payoutUrls(ctx: Context) {
  const base = ctx.config.PUBLIC_APP_URL.replace(/\/+$/, "");
  return { returnUrl: `${base}/creator/payouts/return`, refreshUrl: `${base}/creator/payouts/refresh` };
}

async function callProvider<T>(ctx: { log: Context["log"] }, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    ctx.log.error({ err: (e as Error).message, what }, "payout provider call failed");
    throw errors.unavailable("The payout provider could not be reached; try again.");
  }
}

/**
 * A creator starts (or resumes) payout onboarding: their Connect Express account is created once
 * (User.stripeConnectAccountId and CreatorProfile.payoutAccount record it) and a fresh onboarding
 * link is returned. Calling it again reuses the account.
 */
export async function startPayoutOnboarding(ctx: Context): Promise<OnboardingResult> {
  const viewer = requireViewer(ctx);
  const user = await ctx.prisma.user.findFirst({ where: { id: viewer.id, deletedAt: null }, select: { email: true, payoutAccount: true } });
  if (!user) throw errors.unauthenticated();
  let account = user.payoutAccount;
  const provider = account ? ctx.services.connect.byName(account.provider) : ctx.services.connect.active;
  if (!provider) throw errors.unavailable(`The payout provider "${account?.provider}" of this account is not configured.`);
  if (!account) {
    // Idempotent at the provider (key per user): a retry after a lost answer gets the same account.
    const created = await callProvider(ctx, "createAccount", () => provider.createAccount({ userId: viewer.id, email: user.email }));
    account = await transaction(ctx.prisma, async (tx) => {
      await advisoryLock(tx, `payout-account:${viewer.id}`);
      const existing = await tx.creatorPayoutAccount.findUnique({ where: { userId: viewer.id } });
      if (existing) return existing;
      const row = await tx.creatorPayoutAccount.create({ data: { userId: viewer.id, provider: provider.name, accountId: created.accountId, status: "ONBOARDING", createdAt: ctx.services.clock() } });
      await tx.user.update({ where: { id: viewer.id }, data: { stripeConnectAccountId: created.accountId } });
      await tx.creatorProfile.updateMany({ where: { userId: viewer.id }, data: { payoutAccount: created.accountId } });
      await recordAudit(tx, ctx, { action: "payout_account.create", entityType: "CreatorPayoutAccount", entityId: row.id, newValues: { provider: provider.name, accountId: created.accountId } });
      return row;
    });
  }
  const acct = account;
  const link = await callProvider(ctx, "createOnboardingLink", () => provider.createOnboardingLink({ accountId: acct.accountId, ...payoutUrls(ctx) }));
  return { url: link.url, expiresAt: link.expiresAt, accountId: acct.id };
}

/** The return step: reads the account from the provider and applies its state (the account.updated webhook does the same). */
export async function refreshPayoutAccount(ctx: Context): Promise<string> {
  const viewer = requireViewer(ctx);
  const row = await ctx.prisma.creatorPayoutAccount.findUnique({ where: { userId: viewer.id } });
  if (!row) throw errors.notFound("Payout account");
  const provider = ctx.services.connect.byName(row.provider);
  if (!provider) throw errors.unavailable(`The payout provider "${row.provider}" of this account is not configured.`);
  const state = await callProvider(ctx, "retrieveAccount", () => provider.retrieveAccount(row.accountId));
  await transaction(ctx.prisma, async (tx) => {
    const locked = await tx.creatorPayoutAccount.findUniqueOrThrow({ where: { id: row.id } });
    await syncPayoutAccount(tx, ctx, ctx.services.clock(), locked, state);
  });
  return row.id;
}

// ---------------------------------------------------------------------------------------------
// The payout run (job commerce.creator-payouts)
// ---------------------------------------------------------------------------------------------

function jobActor(now: Date): AuditActor {
  return { viewer: null, ip: null, userAgent: "job:commerce.creator-payouts", requestId: `job:${now.toISOString()}` };
}

/**
 * Batches each payouts-enabled creator's PENDING earnings older than PAYOUT_HOLD_DAYS into one
 * PENDING payout per currency, in one transaction per creator under an advisory lock.
 */
export async function createDuePayouts(rt: JobRuntime, limit = 200): Promise<number> {
  const now = rt.services.clock();
  const cutoff = new Date(now.getTime() - rt.config.PAYOUT_HOLD_DAYS * 86_400_000);
  const creators = await rt.db.prisma.creatorEarning.findMany({
    where: { status: "PENDING", createdAt: { lte: cutoff }, creator: { payoutAccount: { status: "ENABLED" } } },
    distinct: ["creatorId"],
    select: { creatorId: true },
    take: limit,
  });
  let created = 0;
  for (const { creatorId } of creators) {
    created += await transaction(rt.db.prisma, async (tx) => {
      await advisoryLock(tx, `creator-payout:${creatorId}`);
      const account = await tx.creatorPayoutAccount.findUnique({ where: { userId: creatorId } });
      if (!account || account.status !== "ENABLED") return 0;
      // Lock the rows we batch: a refund racing this either cancels an earning first (it is then
      // not PENDING here) or waits and finds it PAID (and owes the reversal).
      const rows = await tx.$queryRaw<{ id: string; amount: Prisma.Decimal; currency: string }[]>`
        SELECT id, amount, currency FROM creator_earnings
        WHERE creator_id = ${creatorId}::uuid AND status = 'PENDING' AND created_at <= ${cutoff}
        ORDER BY created_at, id LIMIT 5000 FOR UPDATE`;
      const byCurrency = new Map<string, { ids: string[]; total: Decimal }>();
      for (const r of rows) {
        const g = byCurrency.get(r.currency) ?? { ids: [], total: new Decimal(0) };
        g.ids.push(r.id);
        g.total = g.total.plus(r.amount);
        byCurrency.set(r.currency, g);
      }
      let n = 0;
      for (const [currency, g] of byCurrency) {
        if (g.total.lte(0)) continue;
        const payout = await tx.creatorPayout.create({
          data: { creatorId, payoutAccountId: account.id, provider: account.provider, amount: g.total, currency, status: "PENDING", createdAt: now },
        });
        await tx.creatorEarning.updateMany({ where: { id: { in: g.ids }, status: "PENDING" }, data: { status: "PAID", payoutId: payout.id } });
        await recordAudit(tx, jobActor(now), {
          action: "creator_payout.create",
          entityType: "CreatorPayout",
          entityId: payout.id,
          actorId: null,
          newValues: { creatorId, amount: money(g.total), currency, earnings: g.ids.length },
        });
        n++;
      }
      return n;
    });
  }
  return created;
}

/** Sends one PENDING payout's transfer; on success marks it SENT and tells the creator. */
export async function sendPayout(rt: JobRuntime, payoutId: string): Promise<"sent" | "failed" | "not_pending"> {
  const payout = await rt.db.prisma.creatorPayout.findUnique({ where: { id: payoutId }, include: { payoutAccount: true } });
  if (!payout || payout.status !== "PENDING") return "not_pending";
  const provider = rt.services.connect.byName(payout.provider);
  try {
    if (!provider) throw new Error(`payout provider "${payout.provider}" is not configured`);
    const t = await provider.transfer({ payoutId: payout.id, accountId: payout.payoutAccount.accountId, amount: money(payout.amount), currency: payout.currency });
    const now = rt.services.clock();
    await transaction(rt.db.prisma, async (tx) => {
      const done = await tx.creatorPayout.updateMany({ where: { id: payout.id, status: "PENDING" }, data: { status: "SENT", transferId: t.transferId, sentAt: now, attempts: { increment: 1 }, lastError: null } });
      if (done.count === 0) return;
      await recordAudit(tx, jobActor(now), { action: "creator_payout.sent", entityType: "CreatorPayout", entityId: payout.id, actorId: null, newValues: { transferId: t.transferId } });
      await notify(tx, {
        userId: payout.creatorId,
        type: "PAYOUT_SENT",
        title: `Payout sent: ${money(payout.amount)} ${payout.currency}`,
        message: `${money(payout.amount)} ${payout.currency} of your earnings is on its way to your payout account.`,
        relatedEntityType: "CreatorPayout",
        relatedEntityId: payout.id,
      });
    });
    return "sent";
  } catch (e) {
    rt.log.error({ payoutId, err: (e as Error).message }, "creator payout transfer failed; will retry");
    await rt.db.prisma.creatorPayout.update({ where: { id: payout.id }, data: { attempts: { increment: 1 }, lastError: (e as Error).message.slice(0, 1000) } });
    return "failed";
  }
}

/** Reverses the transferred part of a refunded earning (once its payout's transfer exists). */
export async function sendReversal(rt: JobRuntime, earningId: string): Promise<"reversed" | "failed" | "waiting"> {
  const e = await rt.db.prisma.creatorEarning.findUnique({ where: { id: earningId }, include: { payout: true } });
  if (!e || e.status !== "REVERSAL_PENDING") return "waiting";
  if (!e.payout || e.payout.status !== "SENT" || !e.payout.transferId) return "waiting"; // the transfer is still being sent
  const provider = rt.services.connect.byName(e.payout.provider);
  try {
    if (!provider) throw new Error(`payout provider "${e.payout.provider}" is not configured`);
    const r = await provider.reverseTransfer({ earningId: e.id, transferId: e.payout.transferId, amount: money(e.amount), currency: e.currency });
    const now = rt.services.clock();
    await transaction(rt.db.prisma, async (tx) => {
      const done = await tx.creatorEarning.updateMany({ where: { id: e.id, status: "REVERSAL_PENDING" }, data: { status: "REVERSED", reversalId: r.reversalId, reversedAt: now, reversalAttempts: { increment: 1 }, reversalError: null } });
      if (done.count > 0) {
        await recordAudit(tx, jobActor(now), { action: "creator_earning.reversed", entityType: "CreatorEarning", entityId: e.id, actorId: null, newValues: { reversalId: r.reversalId, amount: money(e.amount), currency: e.currency } });
      }
    });
    return "reversed";
  } catch (err) {
    rt.log.error({ earningId, err: (err as Error).message }, "transfer reversal failed; will retry");
    await rt.db.prisma.creatorEarning.update({ where: { id: e.id }, data: { reversalAttempts: { increment: 1 }, reversalError: (err as Error).message.slice(0, 1000) } });
    return "failed";
  }
}

/** One payout run: batch what is due, send pending transfers, send owed reversals. Idempotent. */
export async function runPayouts(rt: JobRuntime): Promise<Record<string, number>> {
  const created = await createDuePayouts(rt);
  const out = { created, sent: 0, failed: 0, reversed: 0, reversalsFailed: 0 };
  const pending = await rt.db.prisma.creatorPayout.findMany({ where: { status: "PENDING" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: 200 });
  for (const p of pending) {
    const r = await sendPayout(rt, p.id);
    if (r === "sent") out.sent++;
    else if (r === "failed") out.failed++;
  }
  const owed = await rt.db.prisma.creatorEarning.findMany({ where: { status: "REVERSAL_PENDING", payout: { status: "SENT" } }, select: { id: true }, take: 200 });
  for (const e of owed) {
    const r = await sendReversal(rt, e.id);
    if (r === "reversed") out.reversed++;
    else if (r === "failed") out.reversalsFailed++;
  }
  return out;
}
