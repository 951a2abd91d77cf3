// AI suggestions for synced items. requestAiSuggestions checks the owner's AI_ANALYSIS quota,
// asks the configured provider (outside any transaction: it may be a slow HTTP call), then in ONE
// transaction consumes the quota, stores the suggestion with its token counts and cost (ai_model
// prices per 1k tokens), records ai_usage and the audit row. applyAiSuggestion writes the chosen
// fields into the item: a ContentRevision (AI_SUGGESTION) and an AiSuggestionApplication per field.
import { z } from "zod";
import { transaction, type Tx } from "../../core/tx.ts";
import { Prisma } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";
import { parseInput } from "../../core/validation.ts";
import { consumeQuota } from "../subscriptions/index.ts";
import { AiProviderError, LOCAL_MODEL_NAME, LOCAL_PROVIDER_SLUG, type AiAnalysisOutput } from "../../core/ports.ts";
import { billingCycle, precheckQuota } from "./common.ts";
import { requireViewer, type ServiceCtx } from "../../core/context.ts";
import { revisionValue } from "./service.ts";
import { aiSuggestionWhereFor, contentItemWhereFor } from "./visibility.ts";

/** cost = prompt/1000 × input price + completion/1000 × output price, exact, 6 decimals. */
export function aiCost(promptTokens: number, completionTokens: number, model: { inputCostPer1kTokens: Prisma.Decimal; outputCostPer1kTokens: Prisma.Decimal } | null): Prisma.Decimal {
  if (!model) return new Prisma.Decimal(0);
  return new Prisma.Decimal(promptTokens)
    .div(1000)
    .mul(model.inputCostPer1kTokens)
    .add(new Prisma.Decimal(completionTokens).div(1000).mul(model.outputCostPer1kTokens))
    .toDecimalPlaces(6);
}

/**
 * The catalogue rows the provider's usage is billed to. The local analyser's rows ("local" /
 * "keyword-tfidf", free) are created on first use so a fresh database works; a remote provider
 * must be in the catalogue (an admin adds it with its prices).
 */
async function providerRows(tx: Tx, providerSlug: string, modelName: string) {
  let provider = await tx.aiProvider.findUnique({ where: { slug: providerSlug } });
  if (!provider && providerSlug === LOCAL_PROVIDER_SLUG) {
    provider = await tx.aiProvider.upsert({
      where: { slug: LOCAL_PROVIDER_SLUG },
      create: { slug: LOCAL_PROVIDER_SLUG, displayName: "Local keyword analyser", isApiKeyRequired: false },
      update: {},
    });
  }
  if (!provider || !provider.isActive) throw errors.unavailable(`The AI provider "${providerSlug}" is not available in the catalogue.`);
  let model = await tx.aiModel.findUnique({ where: { providerId_modelName: { providerId: provider.id, modelName } } });
  if (!model && providerSlug === LOCAL_PROVIDER_SLUG && modelName === LOCAL_MODEL_NAME) {
    model = await tx.aiModel.create({ data: { providerId: provider.id, modelName, displayName: "Keyword TF-IDF", capabilities: ["suggestions"] } });
  }
  return { provider, model: model?.isActive ? model : null };
}

/** Requests suggestions for an item the viewer may see; the item's owner pays the quota. */
export async function requestAiSuggestions(ctx: ServiceCtx, contentItemId: string): Promise<{ id: string }> {
  requireViewer(ctx);
  const item = await ctx.prisma.contentItem.findFirst({
    where: { id: contentItemId, AND: [contentItemWhereFor(ctx.viewer)] },
    include: { socialAccount: { select: { userId: true } }, platform: { select: { slug: true } } },
  });
  if (!item) throw errors.notFound("ContentItem", contentItemId);
  const ownerId = item.socialAccount.userId;
  await precheckQuota(ctx, ownerId, "AI_ANALYSIS");

  const ai = ctx.services.aiProvider;
  const now = ctx.services.clock();
  const [settings, corpus, trending] = await Promise.all([
    ctx.prisma.userAiSetting.findUnique({ where: { userId: ownerId }, include: { preferredModel: { include: { provider: true } } } }),
    ctx.prisma.contentItem.findMany({
      where: { id: { not: item.id }, deletedAt: null, socialAccount: { userId: ownerId, deletedAt: null } },
      select: { title: true, description: true, tags: true, category: true },
      orderBy: { publishedAt: { sort: "desc", nulls: "last" } },
      take: 200,
    }),
    ctx.prisma.trendingKeyword.findMany({
      where: { OR: [{ platformId: item.platformId }, { platformId: null }], validFrom: { lte: now }, AND: [{ OR: [{ validUntil: null }, { validUntil: { gt: now } }] }] },
      orderBy: [{ trendingScore: { sort: "desc", nulls: "last" } }, { keyword: "asc" }],
      take: 50,
    }),
  ]);
  const preferred = settings?.preferredModel;
  const modelName = preferred && preferred.isActive && preferred.provider.slug === ai.providerSlug ? preferred.modelName : ai.modelName;

  const t0 = performance.now();
  let out: AiAnalysisOutput;
  try {
    out = await ai.analyse(
      {
        title: item.title,
        description: item.description,
        tags: item.tags,
        hashtags: item.hashtags,
        category: item.category,
        language: settings?.language ?? item.language,
        platform: item.platform.slug,
        tone: settings?.tone ?? "professional",
        corpus,
        trending: trending.map((t) => ({ keyword: t.keyword, score: t.trendingScore === null ? null : Number(t.trendingScore) })),
      },
      { modelName },
    );
  } catch (e) {
    if (e instanceof AiProviderError) throw errors.unavailable(e.message);
    throw e;
  }
  const processingTimeMs = Math.round(performance.now() - t0);

  return transaction(ctx.prisma, async (tx) => {
    const { provider, model } = await providerRows(tx, ai.providerSlug, modelName);
    const cost = aiCost(out.promptTokens, out.completionTokens, model);
    const currency = model?.currency ?? "USD";
    const version = (await tx.aiSuggestion.count({ where: { contentItemId: item.id } })) + 1;
    const suggestion = await tx.aiSuggestion.create({
      data: {
        contentItemId: item.id,
        providerId: provider.id,
        modelId: model?.id ?? null,
        requestedById: ctx.viewer?.id ?? null,
        suggestedTitles: out.suggestedTitles,
        suggestedDescription: out.suggestedDescription,
        suggestedTags: out.suggestedTags,
        suggestedCategory: out.suggestedCategory,
        trendingKeywords: out.trendingKeywords,
        trendingHashtags: out.trendingHashtags,
        relatedTopics: out.relatedTopics,
        trendingScore: out.trendingScore,
        seoScore: out.seoScore,
        readabilityScore: out.readabilityScore,
        confidenceScore: out.confidenceScore,
        sentiment: out.sentiment,
        targetAudience: out.targetAudience,
        promptTokens: out.promptTokens,
        completionTokens: out.completionTokens,
        totalCost: cost,
        currency,
        processingTimeMs,
        version,
      },
      select: { id: true },
    });
    const quota = await consumeQuota(tx, {
      userId: ownerId,
      kind: "AI_ANALYSIS",
      amount: 1,
      relatedEntityType: "AiSuggestion",
      relatedEntityId: suggestion.id,
      reason: "ai_suggestion.request",
      now,
    });
    await tx.aiUsage.create({
      data: {
        userId: ownerId,
        providerId: provider.id,
        modelId: model?.id ?? null,
        contentItemId: item.id,
        suggestionId: suggestion.id,
        operationType: "content_suggestions",
        promptTokens: out.promptTokens,
        completionTokens: out.completionTokens,
        totalTokens: out.promptTokens + out.completionTokens,
        cost,
        currency,
        processingTimeMs,
        ...(await billingCycle(tx, ownerId)),
      },
    });
    await recordAudit(tx, ctx, {
      action: "ai_suggestion.request",
      entityType: "AiSuggestion",
      entityId: suggestion.id,
      newValues: { contentItemId: item.id, provider: provider.slug, model: model?.modelName ?? null, promptTokens: out.promptTokens, completionTokens: out.completionTokens, cost, aiAnalysesUsed: quota.used },
    });
    await notify(tx, {
      userId: ownerId,
      type: "AI_SUGGESTIONS_READY",
      title: `AI suggestions ready for "${item.title ?? "your item"}"`,
      message: `${out.suggestedTitles.length} titles, ${out.suggestedTags.length} tags to review.`,
      relatedEntityType: "AiSuggestion",
      relatedEntityId: suggestion.id,
      metadata: { contentItemId: item.id, version },
    });
    return suggestion;
  });
}

export const AI_FIELDS = ["TITLE", "DESCRIPTION", "TAGS", "CATEGORY", "HASHTAGS"] as const;
export type AiField = (typeof AI_FIELDS)[number];

const applySchema = z.object({
  suggestionId: z.string().uuid(),
  fields: z
    .array(z.enum(AI_FIELDS))
    .min(1, "must name at least one field")
    .refine((f) => new Set(f).size === f.length, "must not repeat a field"),
  titleIndex: z.number().int().min(0).max(20),
});

/** The item column each suggestion field writes to. */
const COLUMN = { TITLE: "title", DESCRIPTION: "description", TAGS: "tags", CATEGORY: "category", HASHTAGS: "hashtags" } as const;

export async function applyAiSuggestion(
  ctx: ServiceCtx,
  input: { suggestionId: string; fields: AiField[]; titleIndex?: number | null },
): Promise<{ suggestionId: string; contentItemId: string; revisionIds: string[] }> {
  const viewer = requireViewer(ctx);
  const data = parseInput(applySchema, { ...input, titleIndex: input.titleIndex ?? 0 });
  const suggestion = await ctx.prisma.aiSuggestion.findFirst({ where: { id: data.suggestionId, AND: [aiSuggestionWhereFor(ctx.viewer)] } });
  if (!suggestion) throw errors.notFound("AiSuggestion", data.suggestionId);

  const values = new Map<AiField, string | string[]>();
  for (const f of data.fields) {
    const v =
      f === "TITLE" ? suggestion.suggestedTitles[data.titleIndex]
      : f === "DESCRIPTION" ? suggestion.suggestedDescription
      : f === "TAGS" ? suggestion.suggestedTags
      : f === "CATEGORY" ? suggestion.suggestedCategory
      : suggestion.trendingHashtags;
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) {
      throw errors.badInput(f === "TITLE" ? "titleIndex" : "fields", `the suggestion has no ${f.toLowerCase()} to apply`);
    }
    values.set(f, v);
  }
  const now = ctx.services.clock();

  return transaction(ctx.prisma, async (tx) => {
    const item = await tx.contentItem.findUniqueOrThrow({ where: { id: suggestion.contentItemId } });
    const update: Prisma.ContentItemUpdateInput = {};
    const revisionIds: string[] = [];
    for (const [f, value] of values) {
      const column = COLUMN[f];
      (update as Record<string, unknown>)[column] = value;
      const revision = await tx.contentRevision.create({
        data: {
          contentItemId: item.id,
          userId: viewer.id,
          suggestionId: suggestion.id,
          fieldName: column,
          oldValue: revisionValue(item[column]),
          newValue: revisionValue(value),
          changeSource: "AI_SUGGESTION",
          changeReason: `Applied AI suggestion v${suggestion.version}`,
        },
        select: { id: true },
      });
      revisionIds.push(revision.id);
      await tx.aiSuggestionApplication.create({
        data: { suggestionId: suggestion.id, appliedField: column, appliedValue: revisionValue(value) ?? "", appliedByUserId: viewer.id, appliedAt: now },
      });
    }
    await tx.contentItem.update({ where: { id: item.id }, data: update });
    await tx.aiSuggestion.update({ where: { id: suggestion.id }, data: { isApplied: true, appliedAt: now } });
    await recordAudit(tx, ctx, {
      action: "ai_suggestion.apply",
      entityType: "ContentItem",
      entityId: item.id,
      oldValues: Object.fromEntries([...values.keys()].map((f) => [COLUMN[f], item[COLUMN[f]]])),
      newValues: { ...Object.fromEntries([...values].map(([f, v]) => [COLUMN[f], v])), suggestionId: suggestion.id },
    });
    return { suggestionId: suggestion.id, contentItemId: item.id, revisionIds };
  });
}
