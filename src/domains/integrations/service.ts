// Platform connections, social accounts, content sync and full-text search.
//  - A connection keeps only a vault reference (vaultSecretName); the token goes to the secrets
//    port before the row is written and is removed again if the write fails.
//  - Social accounts are capped by the plan (tier.maxSocialAccounts, live accounts counted under
//    a per-user lock) → QUOTA_EXCEEDED.
//  - A sync consumes one SYNC quota, pulls the account's items through the platform client,
//    upserts them by (socialAccount, platformContentId) and writes a ContentRevision for every
//    tracked field that changed. search_vector is a generated column: never written here.
import { locallyEditedFields } from "./local-edits.ts";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx } from "../../core/tx.ts";
import { Prisma, type ContentItem, type SyncMode, type Visibility } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";
import { parseInput } from "../../core/validation.ts";
import { consumeQuota, ensureFreeSubscription, type QuotaState } from "../subscriptions/index.ts";
import { currentQuota, dropSecret, liveSubscription, precheckQuota, readSecret, withNewSecret } from "./common.ts";
import { lockUser } from "../../core/locks.ts";
import { requireViewer, type ServiceCtx } from "../../core/context.ts";
import { PlatformError, type PlatformAccountInfo, type PlatformClient, type PlatformContent } from "../../core/ports.ts";
import { newSecretName } from "../../core/ports.ts";
import { contentItemSqlFor, platformConnectionWhereFor, socialAccountWhereFor } from "./visibility.ts";

// ---------------------------------------------------------------------------------------------
// Platform errors → API errors (messages never contain the token)
// ---------------------------------------------------------------------------------------------

export function platformFailure(e: unknown, what = "Platform account"): Error {
  if (!(e instanceof PlatformError)) return e as Error;
  switch (e.kind) {
    case "unauthorized":
      return errors.conflict("TOKEN_REJECTED", "The platform refused the stored access token; verify or reconnect the connection.");
    case "not_found":
      return errors.notFound(what);
    default:
      return errors.unavailable("The platform is not available right now; try again later.");
  }
}

export interface StoredToken {
  accessToken: string;
  refreshToken?: string | null;
}

async function tokenOf(ctx: ServiceCtx, vaultSecretName: string): Promise<string> {
  const raw = await readSecret(ctx, vaultSecretName);
  try {
    return (JSON.parse(raw) as StoredToken).accessToken;
  } catch {
    return raw; // an entry injected by operations as the bare token
  }
}

async function clientFor(ctx: ServiceCtx, platformId: string): Promise<PlatformClient> {
  const platform = await ctx.prisma.platform.findUniqueOrThrow({ where: { id: platformId }, select: { slug: true } });
  return ctx.services.platformClients.forPlatform(platform.slug);
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

const connectSchema = z.object({
  platformId: z.string().uuid(),
  accessToken: z.string().min(1, "must not be empty").max(8192),
  refreshToken: z.string().min(1).max(8192).nullish(),
  tokenExpiresAt: z.date().nullish(),
  scopes: z.array(z.string().trim().min(1).max(200)).max(100).nullish(),
});

export type ConnectInput = z.input<typeof connectSchema>;

/** Connects (or reconnects: same user, platform and platform user) a platform account. */
export async function connectPlatform(ctx: ServiceCtx, input: ConnectInput): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const data = parseInput(connectSchema, input);
  const now = ctx.services.clock();
  if (data.tokenExpiresAt && data.tokenExpiresAt <= now) throw errors.badInput("tokenExpiresAt", "must be in the future");
  const platform = await ctx.prisma.platform.findFirst({ where: { id: data.platformId, isActive: true }, select: { id: true, slug: true } });
  if (!platform) throw errors.notFound("Platform", data.platformId);

  let profile;
  try {
    profile = await ctx.services.platformClients.forPlatform(platform.slug).verify(data.accessToken);
  } catch (e) {
    if (e instanceof PlatformError && e.kind === "unauthorized") throw errors.badInput("accessToken", "was refused by the platform");
    throw platformFailure(e, "Platform profile");
  }

  const secretName = newSecretName("platform-connection");
  const secret = JSON.stringify({ accessToken: data.accessToken, refreshToken: data.refreshToken ?? null } satisfies StoredToken);
  const fields = {
    scopes: data.scopes ?? profile.scopes,
    tokenExpiresAt: data.tokenExpiresAt ?? null,
    platformUserId: profile.platformUserId,
    platformUsername: profile.username,
    platformDisplayName: profile.displayName,
    platformAvatarUrl: profile.avatarUrl,
    isActive: true,
    isVerified: true,
    lastVerifiedAt: now,
    lastError: null,
  };
  const { id, replacedSecret } = await withNewSecret(ctx, secretName, secret, () =>
    transaction(ctx.prisma, async (tx) => {
      const existing = await tx.platformConnection.findFirst({
        where: { userId: viewer.id, platformId: platform.id, platformUserId: profile.platformUserId },
        orderBy: { createdAt: "asc" },
      });
      if (existing) {
        await tx.platformConnection.update({ where: { id: existing.id }, data: { ...fields, vaultSecretName: secretName } });
        await recordAudit(tx, ctx, {
          action: "platform_connection.reconnect",
          entityType: "PlatformConnection",
          entityId: existing.id,
          oldValues: { isActive: existing.isActive, isVerified: existing.isVerified, scopes: existing.scopes },
          newValues: { isActive: true, isVerified: true, scopes: fields.scopes },
        });
        return { id: existing.id, replacedSecret: existing.vaultSecretName };
      }
      const created = await tx.platformConnection.create({
        data: { ...fields, userId: viewer.id, platformId: platform.id, vaultSecretName: secretName },
        select: { id: true },
      });
      await recordAudit(tx, ctx, {
        action: "platform_connection.connect",
        entityType: "PlatformConnection",
        entityId: created.id,
        newValues: { platform: platform.slug, platformUserId: profile.platformUserId, scopes: fields.scopes },
      });
      return { id: created.id, replacedSecret: null as string | null };
    }),
  );
  if (replacedSecret) await dropSecret(ctx, replacedSecret);
  return { id };
}

async function visibleConnection(ctx: ServiceCtx, id: string) {
  const connection = await ctx.prisma.platformConnection.findFirst({ where: { id, AND: [platformConnectionWhereFor(ctx.viewer)] } });
  if (!connection) throw errors.notFound("PlatformConnection", id);
  return connection;
}

/** Asks the platform whether the stored token still works; records the answer on the row. */
export async function verifyPlatformConnection(ctx: ServiceCtx, id: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const connection = await visibleConnection(ctx, id);
  if (!connection.isActive) throw errors.conflict("CONNECTION_INACTIVE", "This connection is deactivated; connect the platform again.");
  const now = ctx.services.clock();
  let update: Prisma.PlatformConnectionUpdateInput;
  try {
    const profile = await (await clientFor(ctx, connection.platformId)).verify(await tokenOf(ctx, connection.vaultSecretName));
    update = {
      isVerified: true,
      lastVerifiedAt: now,
      lastError: null,
      platformUserId: profile.platformUserId,
      platformUsername: profile.username,
      platformDisplayName: profile.displayName,
      platformAvatarUrl: profile.avatarUrl,
    };
  } catch (e) {
    const refused = (e instanceof PlatformError && e.kind === "unauthorized") || (e as { extensions?: { reason?: string } }).extensions?.reason === "CREDENTIAL_MISSING";
    if (!refused) throw platformFailure(e);
    update = { isVerified: false, lastVerifiedAt: now, lastError: "The platform refused the access token; connect again." };
  }
  await transaction(ctx.prisma, async (tx) => {
    await tx.platformConnection.update({ where: { id }, data: update });
    await recordAudit(tx, ctx, {
      action: "platform_connection.verify",
      entityType: "PlatformConnection",
      entityId: id,
      oldValues: { isVerified: connection.isVerified },
      newValues: { isVerified: update.isVerified, lastError: update.lastError },
    });
  });
  return { id };
}

/** Deactivates a connection: its accounts stop syncing and the token is removed from the vault. */
export async function deactivatePlatformConnection(ctx: ServiceCtx, id: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const connection = await visibleConnection(ctx, id);
  if (!connection.isActive) return { id };
  await transaction(ctx.prisma, async (tx) => {
    await tx.platformConnection.update({ where: { id }, data: { isActive: false, isVerified: false } });
    const disabled = await tx.socialAccount.updateMany({ where: { connectionId: id, syncMode: { not: "DISABLED" } }, data: { syncMode: "DISABLED", nextSyncAt: null } });
    await recordAudit(tx, ctx, {
      action: "platform_connection.deactivate",
      entityType: "PlatformConnection",
      entityId: id,
      oldValues: { isActive: true },
      newValues: { isActive: false, accountsDisabled: disabled.count },
    });
  });
  await dropSecret(ctx, connection.vaultSecretName);
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Social accounts
// ---------------------------------------------------------------------------------------------

const SYNC_MODES = ["AUTO", "MANUAL", "DISABLED"] as const;
const VISIBILITIES = ["PUBLIC", "UNLISTED", "PRIVATE", "MEMBERS_ONLY", "PURCHASED_ONLY"] as const;

const addAccountSchema = z.object({
  connectionId: z.string().uuid(),
  platformAccountId: z.string().trim().min(1).max(200),
  syncMode: z.enum(SYNC_MODES).nullish(),
  visibility: z.enum(VISIBILITIES).nullish(),
  isPrimary: z.boolean().nullish(),
});

const updateAccountSchema = z.object({
  syncMode: z.enum(SYNC_MODES).nullish(),
  visibility: z.enum(VISIBILITIES).nullish(),
  isPrimary: z.boolean().nullish(),
});

/** Checks the plan's social-account cap for `userId` under a per-user lock (call inside the tx). */
async function takeAccountSlot(tx: Tx, userId: string, now: Date, accountId: string): Promise<void> {
  await lockUser(tx, "social_account", userId);
  await ensureFreeSubscription(tx, userId, now);
  const q = await currentQuota(tx, userId, "SOCIAL_ACCOUNT", now);
  if (q.used + 1 > q.limit) throw errors.quotaExceeded("SOCIAL_ACCOUNT", q.limit, null, q.used);
  await accountQuotaHistory(tx, userId, accountId, "INCREMENT", q.used + 1, q.limit);
}

async function accountQuotaHistory(tx: Tx, userId: string, accountId: string, operation: "INCREMENT" | "DECREMENT", after: number, limit: number) {
  const sub = await liveSubscription(tx, userId);
  await tx.quotaUsageHistory.create({
    data: {
      userId,
      subscriptionId: sub?.id ?? null,
      quotaKind: "SOCIAL_ACCOUNT",
      operation,
      amount: 1,
      currentValue: Math.max(0, after),
      maxValue: Math.max(0, limit),
      relatedEntityType: "SocialAccount",
      relatedEntityId: accountId,
      reason: operation === "INCREMENT" ? "social_account.add" : "social_account.remove",
      billingCycleStart: sub?.currentPeriodStart ?? null,
      billingCycleEnd: sub?.currentPeriodEnd ?? null,
    },
  });
}

/** What the platform says about an account (everything but its id). */
function accountDetails({ platformAccountId: _id, ...details }: PlatformAccountInfo) {
  return details;
}

function nextSyncFor(mode: SyncMode, now: Date): Date | null {
  return mode === "AUTO" ? now : null;
}

/** Adds an account of a connection (fetched from the platform) within the plan's cap. */
export async function addSocialAccount(ctx: ServiceCtx, input: z.input<typeof addAccountSchema>): Promise<{ id: string }> {
  requireViewer(ctx);
  const data = parseInput(addAccountSchema, input);
  const connection = await visibleConnection(ctx, data.connectionId);
  if (!connection.isActive) throw errors.conflict("CONNECTION_INACTIVE", "This connection is deactivated; connect the platform again.");
  const now = ctx.services.clock();
  let info;
  try {
    info = await (await clientFor(ctx, connection.platformId)).getAccount(await tokenOf(ctx, connection.vaultSecretName), data.platformAccountId);
  } catch (e) {
    throw platformFailure(e);
  }
  const syncMode = data.syncMode ?? "MANUAL";
  const details = {
    ...accountDetails(info),
    syncMode,
    nextSyncAt: nextSyncFor(syncMode, now),
    visibility: (data.visibility ?? "PRIVATE") as Visibility,
    isPrimary: data.isPrimary ?? false,
  };
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const status = await tx.accountStatus.findUnique({ where: { slug: "active" }, select: { id: true } });
      const existing = await tx.socialAccount.findUnique({
        where: { connectionId_platformAccountId: { connectionId: connection.id, platformAccountId: info.platformAccountId } },
      });
      if (existing && !existing.deletedAt) throw errors.conflict("ACCOUNT_ALREADY_ADDED", "This account is already added.");
      const id = existing?.id ?? randomUUID();
      await takeAccountSlot(tx, connection.userId, now, id);
      if (details.isPrimary) await tx.socialAccount.updateMany({ where: { userId: connection.userId, isPrimary: true }, data: { isPrimary: false } });
      if (existing) {
        await tx.socialAccount.update({ where: { id }, data: { ...details, deletedAt: null, statusId: status?.id ?? null } });
      } else {
        await tx.socialAccount.create({
          data: {
            ...details,
            id,
            userId: connection.userId,
            connectionId: connection.id,
            platformId: connection.platformId,
            platformAccountId: info.platformAccountId,
            statusId: status?.id ?? null,
          },
        });
      }
      await recordAudit(tx, ctx, {
        action: existing ? "social_account.restore" : "social_account.add",
        entityType: "SocialAccount",
        entityId: id,
        newValues: { platformAccountId: info.platformAccountId, syncMode, visibility: details.visibility, isPrimary: details.isPrimary },
      });
      return { id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict("ACCOUNT_ALREADY_ADDED", "This account is already added.");
    throw e;
  }
}

async function visibleAccount(ctx: ServiceCtx, id: string) {
  const account = await ctx.prisma.socialAccount.findFirst({
    where: { id, AND: [socialAccountWhereFor(ctx.viewer)] },
    include: { connection: true, platform: { select: { slug: true } } },
  });
  if (!account) throw errors.notFound("SocialAccount", id);
  return account;
}

export async function updateSocialAccount(ctx: ServiceCtx, id: string, input: z.input<typeof updateAccountSchema>): Promise<{ id: string }> {
  requireViewer(ctx);
  const data = parseInput(updateAccountSchema, input);
  const account = await visibleAccount(ctx, id);
  const change: Prisma.SocialAccountUpdateInput = {};
  const now = ctx.services.clock();
  if (data.syncMode) {
    if (data.syncMode !== "DISABLED" && !account.connection.isActive) {
      throw errors.conflict("CONNECTION_INACTIVE", "This account's connection is deactivated; connect the platform again.");
    }
    change.syncMode = data.syncMode;
    change.nextSyncAt = data.syncMode === "AUTO" ? account.nextSyncAt ?? now : null;
  }
  if (data.visibility) change.visibility = data.visibility;
  if (data.isPrimary !== null && data.isPrimary !== undefined) change.isPrimary = data.isPrimary;
  if (Object.keys(change).length === 0) throw errors.badInput("input", "names nothing to change");
  await transaction(ctx.prisma, async (tx) => {
    if (change.isPrimary === true) await tx.socialAccount.updateMany({ where: { userId: account.userId, isPrimary: true, id: { not: id } }, data: { isPrimary: false } });
    await tx.socialAccount.update({ where: { id }, data: change });
    await recordAudit(tx, ctx, {
      action: "social_account.update",
      entityType: "SocialAccount",
      entityId: id,
      oldValues: { syncMode: account.syncMode, visibility: account.visibility, isPrimary: account.isPrimary },
      newValues: { syncMode: change.syncMode, visibility: change.visibility, isPrimary: change.isPrimary },
    });
  });
  return { id };
}

/** Soft-deletes an account (its items are hidden with it); frees a slot of the plan's cap. */
export async function removeSocialAccount(ctx: ServiceCtx, id: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const account = await visibleAccount(ctx, id);
  if (account.deletedAt) return { id };
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    await lockUser(tx, "social_account", account.userId);
    await tx.socialAccount.update({ where: { id }, data: { deletedAt: now, syncMode: "DISABLED", nextSyncAt: null, isPrimary: false } });
    const q = await currentQuota(tx, account.userId, "SOCIAL_ACCOUNT", now);
    await accountQuotaHistory(tx, account.userId, id, "DECREMENT", q.used, q.limit);
    await recordAudit(tx, ctx, { action: "social_account.remove", entityType: "SocialAccount", entityId: id, oldValues: { deletedAt: null }, newValues: { deletedAt: now } });
  });
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Sync
// ---------------------------------------------------------------------------------------------

/** Fields whose changes are kept as ContentRevision rows (counts change all the time: not tracked). */
export const TRACKED_FIELDS = [
  "title",
  "description",
  "tags",
  "hashtags",
  "category",
  "language",
  "platformUrl",
  "thumbnailUrl",
  "mediaUrl",
  "durationSeconds",
  "publishedAt",
  "contentTypeId",
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** How a field value is written into content_revision.old_value / new_value. */
export function revisionValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return JSON.stringify(v);
  return String(v);
}

export interface SyncResult {
  socialAccountId: string;
  created: number;
  updated: number;
  unchanged: number;
  revisionsRecorded: number;
  quota: QuotaState;
}

type ItemFields = Pick<ContentItem, TrackedField | "viewsCount" | "likesCount" | "commentsCount" | "sharesCount">;

function itemFields(c: PlatformContent, contentTypeId: string | null): ItemFields {
  return {
    title: c.title,
    description: c.description,
    tags: c.tags,
    hashtags: c.hashtags,
    category: c.category,
    language: c.language,
    platformUrl: c.platformUrl,
    thumbnailUrl: c.thumbnailUrl,
    mediaUrl: c.mediaUrl,
    durationSeconds: c.durationSeconds,
    publishedAt: c.publishedAt,
    contentTypeId,
    viewsCount: c.viewsCount,
    likesCount: c.likesCount,
    commentsCount: c.commentsCount,
    sharesCount: c.sharesCount,
  };
}

/** Syncs one account now. The owner's SYNC quota pays for it (QUOTA_EXCEEDED when used up). */
export async function syncSocialAccount(ctx: ServiceCtx, id: string): Promise<SyncResult> {
  requireViewer(ctx);
  const account = await visibleAccount(ctx, id);
  if (account.deletedAt) throw errors.notFound("SocialAccount", id);
  return runSync(ctx, account);
}

type AccountWithConnection = Awaited<ReturnType<typeof visibleAccount>>;

/** The sync itself, for a request (the viewer's account) or the auto-sync job (any due account). */
async function runSync(ctx: ServiceCtx, account: AccountWithConnection): Promise<SyncResult> {
  const id = account.id;
  if (!account.connection.isActive) throw errors.conflict("CONNECTION_INACTIVE", "This account's connection is deactivated; connect the platform again.");
  if (account.syncMode === "DISABLED") throw errors.conflict("SYNC_DISABLED", "Syncing is disabled for this account.");
  if (!account.platformAccountId) throw errors.conflict("NO_PLATFORM_ACCOUNT", "This account has no platform account id to sync.");
  await precheckQuota(ctx, account.userId, "SYNC");

  const client = ctx.services.platformClients.forPlatform(account.platform.slug);
  let info, items: PlatformContent[];
  try {
    const token = await tokenOf(ctx, account.connection.vaultSecretName);
    info = await client.getAccount(token, account.platformAccountId);
    items = await client.listContent(token, account.platformAccountId, { limit: ctx.config.PLATFORM_SYNC_MAX_ITEMS });
  } catch (e) {
    throw platformFailure(e);
  }
  const contentTypes = new Map((await ctx.prisma.socialContentType.findMany({ select: { id: true, slug: true } })).map((t) => [t.slug, t.id]));
  const now = ctx.services.clock();
  const actorId = ctx.viewer?.id ?? null;

  return transaction(ctx.prisma, async (tx) => {
    const quota = await consumeQuota(tx, { userId: account.userId, kind: "SYNC", amount: 1, relatedEntityType: "SocialAccount", relatedEntityId: id, reason: "social_account.sync", now });
    const existing = new Map(
      (await tx.contentItem.findMany({ where: { socialAccountId: id, platformContentId: { in: items.map((i) => i.platformContentId) } } })).map((r) => [r.platformContentId, r]),
    );
    // Fields the creator edited here since the last sync that touched them are kept (local-edits.ts).
    const kept = await locallyEditedFields(tx, [...existing.values()].map((r) => r.id));
    const toCreate: Prisma.ContentItemCreateManyInput[] = [];
    const revisions: Prisma.ContentRevisionCreateManyInput[] = [];
    let updated = 0;
    let unchanged = 0;
    for (const incoming of items) {
      const fields = itemFields(incoming, (incoming.contentType && contentTypes.get(incoming.contentType)) || null);
      const row = existing.get(incoming.platformContentId);
      if (!row) {
        toCreate.push({ ...fields, socialAccountId: id, platformId: account.platformId, platformContentId: incoming.platformContentId, syncedAt: now });
        continue;
      }
      const keep = kept.get(row.id);
      if (keep) for (const f of keep) delete (fields as Partial<ItemFields>)[f as TrackedField];
      const changed = TRACKED_FIELDS.filter((f) => !keep?.has(f) && revisionValue(row[f]) !== revisionValue(fields[f]));
      for (const f of changed) {
        revisions.push({
          contentItemId: row.id,
          userId: actorId,
          fieldName: f,
          oldValue: revisionValue(row[f]),
          newValue: revisionValue(fields[f]),
          changeSource: "SYNC",
          changeReason: `Synced from ${account.platform.slug}`,
        });
      }
      const countsChanged = (["viewsCount", "likesCount", "commentsCount", "sharesCount"] as const).some((f) => row[f] !== fields[f]);
      if (changed.length || countsChanged) {
        await tx.contentItem.update({ where: { id: row.id }, data: { ...fields, syncedAt: now } });
        updated++;
      } else {
        unchanged++;
      }
    }
    if (toCreate.length) await tx.contentItem.createMany({ data: toCreate });
    if (revisions.length) await tx.contentRevision.createMany({ data: revisions });
    await tx.socialAccount.update({
      where: { id },
      data: {
        ...accountDetails(info),
        lastSyncedAt: now,
        lastSyncStatus: "OK",
        nextSyncAt: account.syncMode === "AUTO" ? new Date(now.getTime() + (await syncIntervalHours(tx, account.userId)) * 3_600_000) : null,
      },
    });
    const result = { socialAccountId: id, created: toCreate.length, updated, unchanged, revisionsRecorded: revisions.length, quota };
    await recordAudit(tx, ctx, {
      action: "social_account.sync",
      entityType: "SocialAccount",
      entityId: id,
      newValues: { created: result.created, updated, unchanged, revisionsRecorded: result.revisionsRecorded, syncsUsed: quota.used },
    });
    await notify(tx, {
      userId: account.userId,
      type: "SYNC_COMPLETED",
      title: `${info.accountName || account.platform.slug} synced`,
      message: `${result.created} new, ${updated} updated, ${unchanged} unchanged.`,
      relatedEntityType: "SocialAccount",
      relatedEntityId: id,
      metadata: { created: result.created, updated, unchanged, background: !ctx.viewer },
    });
    return result;
  });
}

async function syncIntervalHours(tx: Tx, userId: string): Promise<number> {
  const settings = await tx.userSettings.findUnique({ where: { userId }, select: { syncFrequencyHours: true } });
  return settings?.syncFrequencyHours ?? 24;
}

/**
 * The auto-sync job: syncs every live AUTO account whose nextSyncAt has come, on an active
 * connection, oldest due first. A failure is recorded on the account (lastSyncStatus) and the
 * next attempt is pushed back: to the quota's reset for QUOTA_EXCEEDED, by an hour otherwise.
 */
export async function syncDueAccounts(ctx: ServiceCtx, limit = 50): Promise<{ synced: number; failed: number }> {
  const now = ctx.services.clock();
  const due = await ctx.prisma.socialAccount.findMany({
    where: { syncMode: "AUTO", nextSyncAt: { lte: now }, deletedAt: null, connection: { isActive: true } },
    include: { connection: true, platform: { select: { slug: true } } },
    orderBy: [{ nextSyncAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  let synced = 0;
  let failed = 0;
  for (const account of due) {
    try {
      await runSync(ctx, account);
      synced++;
    } catch (e) {
      failed++;
      const ext = (e as { extensions?: { code?: string; resetsAt?: string | null } }).extensions;
      const status = ext?.code ? `ERROR: ${ext.code}` : "ERROR";
      const retryAt = ext?.code === "QUOTA_EXCEEDED" && ext.resetsAt ? new Date(ext.resetsAt) : new Date(now.getTime() + 3_600_000);
      if (!ext?.code) ctx.log.error({ socialAccountId: account.id, err: (e as Error).message }, "auto-sync failed");
      await transaction(ctx.prisma, async (tx) => {
        await tx.socialAccount.update({ where: { id: account.id }, data: { lastSyncStatus: status, nextSyncAt: retryAt } });
        await recordAudit(tx, ctx, {
          action: "social_account.sync_failed",
          entityType: "SocialAccount",
          entityId: account.id,
          newValues: { lastSyncStatus: status, nextSyncAt: retryAt },
        });
      });
    }
  }
  return { synced, failed };
}

// ---------------------------------------------------------------------------------------------
// Full-text search
// ---------------------------------------------------------------------------------------------

const searchSchema = z.object({
  query: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters"),
  limit: z.number().int().min(1).max(100),
  offset: z.number().int().min(0).max(10_000),
});

export interface SearchHit {
  id: string;
  rank: number;
}

/**
 * Ranked full-text search over the synced items the viewer may see: websearch_to_tsquery over the
 * generated search_vector (title A, description B, tags C; GIN index), ts_rank best first.
 */
export async function searchContentItems(ctx: ServiceCtx, input: { query: string; limit: number; offset: number }): Promise<{ hits: SearchHit[]; totalCount: number }> {
  requireViewer(ctx);
  const { query, limit, offset } = parseInput(searchSchema, input);
  const visible = contentItemSqlFor(ctx.viewer);
  const [hits, total] = await Promise.all([
    ctx.prisma.$queryRaw<{ id: string; rank: number }[]>`
      SELECT ci.id::text AS id, ts_rank(ci.search_vector, q.query)::float8 AS rank
        FROM content_item ci
        JOIN social_account sa ON sa.id = ci.social_account_id
       CROSS JOIN websearch_to_tsquery('simple', ${query}) AS q(query)
       WHERE ci.search_vector @@ q.query AND ${visible}
       ORDER BY rank DESC, ci.published_at DESC NULLS LAST, ci.id
       LIMIT ${limit} OFFSET ${offset}`,
    ctx.prisma.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n
        FROM content_item ci
        JOIN social_account sa ON sa.id = ci.social_account_id
       WHERE ci.search_vector @@ websearch_to_tsquery('simple', ${query}) AND ${visible}`,
  ]);
  return { hits: hits.map((h) => ({ id: h.id, rank: Number(h.rank) })), totalCount: Number(total[0]?.n ?? 0) };
}
