// SEO: search-engine connections (site URL + a key kept in the vault) and URL submissions.
// submitUrlForIndexing consumes one SEO_SUBMISSION quota and stores the submission PENDING with
// its IndexNow request (key replaced by "[vault]") and seo_usage, in one transaction; then the
// submission is dispatched through the indexing client right away. Dispatch is also what the
// `seo.dispatch-submissions` job runs for every due submission: a retryable failure (429, 5xx,
// network) waits SEO_RETRY_BASE_SECONDS × 2^(retry-1) (at most 6 h) and is tried again up to
// SEO_MAX_RETRIES times; then, or on a refusal (400/403/422), the submission is FAILED.
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { billingCycle, dropSecret, readSecret, withNewSecret } from "../integrations/index.ts";
import { requireViewer, type ServiceCtx } from "../../core/context.ts";
import { lookupSpec } from "../integrations/index.ts";
import { httpUrl, label, slug } from "../../core/validation.ts";
import { newSecretName } from "../../core/ports.ts";
import { contentItemWhereFor } from "../integrations/index.ts";
import { consumeQuota } from "../subscriptions/index.ts";
import { buildIndexNowRequest, INDEXNOW_KEY_RE, keyLocationFor, storableRequest, type IndexingOutcome } from "../../core/ports.ts";
import { seoConnectionWhereFor, seoSubmissionWhereFor } from "./visibility.ts";

export const SEARCH_ENGINE = lookupSpec({
  model: "searchEngine",
  entityType: "SearchEngine",
  action: "search_engine",
  create: z.object({
    slug,
    displayName: label,
    apiEndpoint: httpUrl.nullish(),
    apiDocsUrl: httpUrl.nullish(),
    supportsIndexnow: z.boolean().optional(),
    isActive: z.boolean().optional(),
  }),
});

const MAX_BACKOFF_SECONDS = 6 * 3600;
/** How long a dispatch owns a submission before another dispatcher may take it. */
const CLAIM_SECONDS = 300;

export function retryDelaySeconds(retryCount: number, baseSeconds: number): number {
  return Math.min(MAX_BACKOFF_SECONDS, baseSeconds * 2 ** Math.max(0, retryCount - 1));
}

/** Site URLs are stored as origin + path without a trailing slash. */
function normaliseSiteUrl(raw: string): string {
  const u = new URL(raw);
  if (u.search || u.hash || u.username || u.password) throw errors.badInput("siteUrl", "must not contain credentials, a query or a fragment");
  return `${u.origin}${u.pathname.replace(/\/+$/, "")}`;
}

// ---------------------------------------------------------------------------------------------
// Connections
// ---------------------------------------------------------------------------------------------

const connectSchema = z.object({
  searchEngineId: z.string().uuid(),
  siteUrl: httpUrl,
  apiKey: z.string().trim().min(8, "must be at least 8 characters").max(512).regex(/^\S+$/, "must not contain spaces"),
});

/** Connects a site to a search engine; connecting the same site again replaces its key. */
export async function connectSearchEngine(ctx: ServiceCtx, input: z.input<typeof connectSchema>): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const data = parseInput(connectSchema, input);
  const siteUrl = normaliseSiteUrl(data.siteUrl);
  const engine = await ctx.prisma.searchEngine.findFirst({ where: { id: data.searchEngineId, isActive: true } });
  if (!engine) throw errors.notFound("SearchEngine", data.searchEngineId);
  if (engine.supportsIndexnow && !INDEXNOW_KEY_RE.test(data.apiKey)) throw errors.badInput("apiKey", "must be an IndexNow key: 8-128 letters, digits or -");

  const secretName = newSecretName("seo-connection");
  const { id, replacedSecret } = await withNewSecret(ctx, secretName, data.apiKey, () =>
    transaction(ctx.prisma, async (tx) => {
      const existing = await tx.seoConnection.findUnique({ where: { userId_searchEngineId_siteUrl: { userId: viewer.id, searchEngineId: engine.id, siteUrl } } });
      const fields = { vaultSecretName: secretName, isActive: true, isVerified: false, lastVerifiedAt: null, lastError: null };
      if (existing) {
        await tx.seoConnection.update({ where: { id: existing.id }, data: fields });
        await recordAudit(tx, ctx, {
          action: "seo_connection.reconnect",
          entityType: "SeoConnection",
          entityId: existing.id,
          oldValues: { isActive: existing.isActive, isVerified: existing.isVerified },
          newValues: { isActive: true, isVerified: false },
        });
        return { id: existing.id, replacedSecret: existing.vaultSecretName as string | null };
      }
      const created = await tx.seoConnection.create({ data: { ...fields, userId: viewer.id, searchEngineId: engine.id, siteUrl }, select: { id: true } });
      await recordAudit(tx, ctx, { action: "seo_connection.connect", entityType: "SeoConnection", entityId: created.id, newValues: { searchEngine: engine.slug, siteUrl } });
      return { id: created.id, replacedSecret: null };
    }),
  );
  if (replacedSecret) await dropSecret(ctx, replacedSecret);
  return { id };
}

async function visibleConnection(ctx: ServiceCtx, id: string) {
  const connection = await ctx.prisma.seoConnection.findFirst({ where: { id, AND: [seoConnectionWhereFor(ctx.viewer)] }, include: { searchEngine: true } });
  if (!connection) throw errors.notFound("SeoConnection", id);
  return connection;
}

/** Checks the site's key (IndexNow: the key file at <site>/<key>.txt); records the result. */
export async function verifySeoConnection(ctx: ServiceCtx, id: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const connection = await visibleConnection(ctx, id);
  if (!connection.isActive) throw errors.conflict("CONNECTION_INACTIVE", "This connection is deactivated; connect the site again.");
  const key = await readSecret(ctx, connection.vaultSecretName);
  const result = await ctx.services.indexing.verifyKey(keyLocationFor(connection.siteUrl, key), key);
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    await tx.seoConnection.update({ where: { id }, data: { isVerified: result.ok, lastVerifiedAt: now, lastError: result.error } });
    await recordAudit(tx, ctx, {
      action: "seo_connection.verify",
      entityType: "SeoConnection",
      entityId: id,
      oldValues: { isVerified: connection.isVerified },
      newValues: { isVerified: result.ok, lastError: result.error },
    });
  });
  return { id };
}

export async function deactivateSeoConnection(ctx: ServiceCtx, id: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const connection = await visibleConnection(ctx, id);
  if (!connection.isActive) return { id };
  await transaction(ctx.prisma, async (tx) => {
    await tx.seoConnection.update({ where: { id }, data: { isActive: false, isVerified: false } });
    await recordAudit(tx, ctx, { action: "seo_connection.deactivate", entityType: "SeoConnection", entityId: id, oldValues: { isActive: true }, newValues: { isActive: false } });
  });
  await dropSecret(ctx, connection.vaultSecretName);
  return { id };
}

// ---------------------------------------------------------------------------------------------
// Submissions
// ---------------------------------------------------------------------------------------------

const submitSchema = z.object({
  connectionId: z.string().uuid(),
  url: httpUrl,
  contentItemId: z.string().uuid().nullish(),
  submissionType: z.enum(["url_updated", "url_deleted"]),
});

/** Submits a URL of the connection's site for indexing; one SEO_SUBMISSION quota of the owner's plan. */
export async function submitUrlForIndexing(ctx: ServiceCtx, input: z.input<typeof submitSchema>): Promise<{ id: string }> {
  requireViewer(ctx);
  const data = parseInput(submitSchema, input);
  const connection = await visibleConnection(ctx, data.connectionId);
  if (!connection.isActive) throw errors.conflict("CONNECTION_INACTIVE", "This connection is deactivated; connect the site again.");
  if (!connection.isVerified) throw errors.conflict("CONNECTION_NOT_VERIFIED", "Verify the site's key before submitting URLs.");
  const url = new URL(data.url);
  const site = new URL(connection.siteUrl);
  if (url.host !== site.host) throw errors.badInput("url", `must be on ${site.host}`);
  if (data.contentItemId) {
    const item = await ctx.prisma.contentItem.findFirst({
      where: { id: data.contentItemId, AND: [contentItemWhereFor(ctx.viewer)], socialAccount: { userId: connection.userId } },
      select: { id: true },
    });
    if (!item) throw errors.notFound("ContentItem", data.contentItemId);
  }
  const key = await readSecret(ctx, connection.vaultSecretName);
  const request = buildIndexNowRequest(connection.searchEngine.apiEndpoint, connection.siteUrl, key, [url.toString()]);
  const now = ctx.services.clock();

  const { id } = await transaction(ctx.prisma, async (tx) => {
    const submission = await tx.seoSubmission.create({
      data: {
        connectionId: connection.id,
        searchEngineId: connection.searchEngineId,
        contentItemId: data.contentItemId ?? null,
        submittedUrl: url.toString(),
        submissionType: data.submissionType,
        submissionMethod: "indexnow",
        requestPayload: storableRequest(request) as Prisma.InputJsonValue,
        status: "PENDING",
        nextRetryAt: now,
      },
      select: { id: true },
    });
    const quota = await consumeQuota(tx, {
      userId: connection.userId,
      kind: "SEO_SUBMISSION",
      amount: 1,
      relatedEntityType: "SeoSubmission",
      relatedEntityId: submission.id,
      reason: "seo_submission.create",
      now,
    });
    await tx.seoUsage.create({
      data: {
        userId: connection.userId,
        searchEngineId: connection.searchEngineId,
        contentItemId: data.contentItemId ?? null,
        submissionId: submission.id,
        operationType: data.submissionType,
        urlsCount: 1,
        ...(await billingCycle(tx, connection.userId)),
      },
    });
    await recordAudit(tx, ctx, {
      action: "seo_submission.create",
      entityType: "SeoSubmission",
      entityId: submission.id,
      newValues: { url: url.toString(), searchEngine: connection.searchEngine.slug, submissionType: data.submissionType, seoSubmissionsUsed: quota.used },
    });
    return submission;
  });
  await dispatchSubmission(ctx, id);
  return { id };
}

/** Makes a FAILED submission due again (no new quota: it was paid when submitted). */
export async function retrySeoSubmission(ctx: ServiceCtx, id: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const submission = await ctx.prisma.seoSubmission.findFirst({ where: { id, AND: [seoSubmissionWhereFor(ctx.viewer)] }, include: { connection: true } });
  if (!submission) throw errors.notFound("SeoSubmission", id);
  if (submission.status !== "FAILED") throw errors.conflict("NOT_FAILED", "Only failed submissions can be retried.");
  if (!submission.connection.isActive) throw errors.conflict("CONNECTION_INACTIVE", "This submission's connection is deactivated.");
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    await tx.seoSubmission.update({ where: { id }, data: { status: "PENDING", retryCount: 0, nextRetryAt: now, errorMessage: null } });
    await recordAudit(tx, ctx, { action: "seo_submission.retry", entityType: "SeoSubmission", entityId: id, oldValues: { status: "FAILED" }, newValues: { status: "PENDING" } });
  });
  await dispatchSubmission(ctx, id);
  return { id };
}

export type DispatchResult = "skipped" | "submitted" | "pending" | "retrying" | "failed";

/**
 * Sends one due submission through the indexing client and records the outcome. Safe to call
 * concurrently: a guarded update claims the row first, so only one dispatcher sends it.
 */
export async function dispatchSubmission(ctx: ServiceCtx, id: string): Promise<DispatchResult> {
  const now = ctx.services.clock();
  const claimed = await ctx.prisma.seoSubmission.updateMany({
    where: { id, status: "PENDING", nextRetryAt: { lte: now } },
    data: { nextRetryAt: new Date(now.getTime() + CLAIM_SECONDS * 1000) },
  });
  if (claimed.count !== 1) return "skipped";
  const submission = await ctx.prisma.seoSubmission.findUniqueOrThrow({ where: { id }, include: { connection: true, searchEngine: true } });

  let outcome: IndexingOutcome;
  const key = submission.connection.isActive ? await ctx.services.secrets.get(submission.connection.vaultSecretName) : null;
  if (key === null) {
    outcome = { status: "FAILED", httpStatus: null, body: null, retryable: false, error: "The connection's key is no longer available." };
  } else {
    const stored = submission.requestPayload as { endpoint?: string; body?: { urlList?: string[] } } | null;
    const urls = stored?.body?.urlList?.length ? stored.body.urlList : [submission.submittedUrl];
    const request = buildIndexNowRequest(submission.searchEngine.apiEndpoint, submission.connection.siteUrl, key, urls);
    try {
      outcome = await ctx.services.indexing.send(request);
    } catch {
      outcome = { status: "FAILED", httpStatus: null, body: null, retryable: true, error: "The indexing client failed." };
    }
  }

  const maxRetries = ctx.config.SEO_MAX_RETRIES;
  const attempt = submission.retryCount + 1;
  let data: Prisma.SeoSubmissionUpdateInput;
  let result: DispatchResult;
  const common = { responseStatus: outcome.httpStatus, responseBody: (outcome.body ?? undefined) as Prisma.InputJsonValue | undefined, statusCheckedAt: now };
  if (outcome.status === "SUBMITTED") {
    data = { ...common, status: "SUBMITTED", submittedAt: now, nextRetryAt: null, errorMessage: null };
    result = "submitted";
  } else if (outcome.status === "PENDING") {
    data = { ...common, status: "PENDING", nextRetryAt: null, errorMessage: null };
    result = "pending";
  } else if (outcome.retryable && attempt <= maxRetries) {
    data = {
      ...common,
      status: "PENDING",
      retryCount: attempt,
      nextRetryAt: new Date(now.getTime() + retryDelaySeconds(attempt, ctx.config.SEO_RETRY_BASE_SECONDS) * 1000),
      errorMessage: outcome.error,
    };
    result = "retrying";
  } else {
    data = { ...common, status: "FAILED", retryCount: outcome.retryable ? attempt : submission.retryCount, nextRetryAt: null, errorMessage: outcome.error };
    result = "failed";
  }
  await transaction(ctx.prisma, async (tx) => {
    await tx.seoSubmission.update({ where: { id }, data });
    await recordAudit(tx, ctx, {
      action: "seo_submission.dispatch",
      entityType: "SeoSubmission",
      entityId: id,
      oldValues: { status: submission.status, retryCount: submission.retryCount },
      newValues: { status: data.status, retryCount: data.retryCount ?? submission.retryCount, httpStatus: outcome.httpStatus, result },
    });
  });
  return result;
}

/** The job: dispatches every due submission (oldest due first, at most `limit` per run). */
export async function dispatchDueSubmissions(ctx: ServiceCtx, limit = 100): Promise<Record<DispatchResult, number>> {
  const due = await ctx.prisma.seoSubmission.findMany({
    where: { status: "PENDING", nextRetryAt: { lte: ctx.services.clock() } },
    orderBy: [{ nextRetryAt: "asc" }, { id: "asc" }],
    select: { id: true },
    take: limit,
  });
  const counts: Record<DispatchResult, number> = { skipped: 0, submitted: 0, pending: 0, retrying: 0, failed: 0 };
  for (const { id } of due) counts[await dispatchSubmission(ctx, id)]++;
  return counts;
}
