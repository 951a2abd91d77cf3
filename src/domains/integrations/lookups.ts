// Admin writes of the lookup tables (platforms, content types, account statuses, AI providers and
// models, trending keywords; the SEO domain adds search engines). One create and one update per
// table, each one transaction with its audit row; a taken slug is CONFLICT SLUG_TAKEN, a missing
// referenced row NOT_FOUND, an empty update BAD_USER_INPUT.
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx } from "../../core/tx.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { httpUrl, label, parseInput, slug } from "../../core/validation.ts";
import type { ServiceCtx } from "../../core/context.ts";

export const text = z.string().trim().max(2000).nullish();
const perThousand = z.string().regex(/^\d{1,6}(\.\d{1,6})?$/, "must be a decimal like \"0.150000\"");
const currency = z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter upper-case currency code");
const score = z.number().min(0).max(100);

type LookupModel = "platform" | "socialContentType" | "accountStatus" | "aiProvider" | "aiModel" | "searchEngine" | "trendingKeyword";

interface LookupDelegate {
  create(args: { data: Record<string, unknown>; select: { id: true } }): Promise<{ id: string }>;
  update(args: { where: { id: string }; data: Record<string, unknown>; select: { id: true } }): Promise<{ id: string }>;
  findUnique(args: { where: { id: string } }): Promise<Record<string, unknown> | null>;
}

export interface LookupSpec {
  model: LookupModel;
  /** GraphQL / audit entity type, e.g. "Platform". */
  entityType: string;
  /** Audit action prefix, e.g. "platform" → "platform.create". */
  action: string;
  create: z.ZodType<Record<string, unknown>>;
  update: z.ZodType<Record<string, unknown>>;
  /** Checks referenced rows inside the transaction (NOT_FOUND when missing). */
  check?: (tx: Tx, data: Record<string, unknown>, now: Date) => Promise<void>;
}

function delegate(tx: Tx, model: LookupModel): LookupDelegate {
  return (tx as unknown as Record<LookupModel, LookupDelegate>)[model];
}

export function lookupSpec(spec: Omit<LookupSpec, "update"> & { create: z.ZodObject }): LookupSpec {
  return { ...spec, update: spec.create.partial() as unknown as z.ZodType<Record<string, unknown>> } as LookupSpec;
}

async function write<T>(ctx: ServiceCtx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await transaction(ctx.prisma, fn);
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict("SLUG_TAKEN", "A row with this slug (or name) already exists.");
    throw e;
  }
}

export async function createLookup(ctx: ServiceCtx, spec: LookupSpec, input: Record<string, unknown>): Promise<{ id: string }> {
  const data = parseInput(spec.create, input);
  return write(ctx, async (tx) => {
    await spec.check?.(tx, data, ctx.services.clock());
    const row = await delegate(tx, spec.model).create({ data, select: { id: true } });
    await recordAudit(tx, ctx, { action: `${spec.action}.create`, entityType: spec.entityType, entityId: row.id, newValues: data });
    return row;
  });
}

export async function updateLookup(ctx: ServiceCtx, spec: LookupSpec, id: string, input: Record<string, unknown>): Promise<{ id: string }> {
  const data = Object.fromEntries(Object.entries(parseInput(spec.update, input)).filter(([, v]) => v !== undefined));
  if (Object.keys(data).length === 0) throw errors.badInput("input", "names nothing to change");
  return write(ctx, async (tx) => {
    const before = await delegate(tx, spec.model).findUnique({ where: { id } });
    if (!before) throw errors.notFound(spec.entityType, id);
    await spec.check?.(tx, data, ctx.services.clock());
    const row = await delegate(tx, spec.model).update({ where: { id }, data, select: { id: true } });
    const oldValues = Object.fromEntries(Object.keys(data).map((k) => [k, before[k]]));
    await recordAudit(tx, ctx, { action: `${spec.action}.update`, entityType: spec.entityType, entityId: id, oldValues, newValues: data });
    return row;
  });
}

export const PLATFORM = lookupSpec({
  model: "platform",
  entityType: "Platform",
  action: "platform",
  create: z.object({
    slug,
    displayName: label,
    description: text,
    websiteUrl: httpUrl.nullish(),
    logoUrl: httpUrl.nullish(),
    apiDocsUrl: httpUrl.nullish(),
    isOauthRequired: z.boolean().optional(),
    isActive: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  }),
});

export const SOCIAL_CONTENT_TYPE = lookupSpec({
  model: "socialContentType",
  entityType: "SocialContentType",
  action: "social_content_type",
  create: z.object({
    slug,
    displayName: label,
    description: text,
    isActive: z.boolean().optional(),
    sortOrder: z.number().int().min(0).max(10_000).optional(),
  }),
});

export const ACCOUNT_STATUS = lookupSpec({
  model: "accountStatus",
  entityType: "AccountStatus",
  action: "account_status",
  create: z.object({ slug, displayName: label, description: text, sortOrder: z.number().int().min(0).max(10_000).optional() }),
});

export const AI_PROVIDER = lookupSpec({
  model: "aiProvider",
  entityType: "AiProvider",
  action: "ai_provider",
  create: z.object({
    slug,
    displayName: label,
    baseUrl: httpUrl.nullish(),
    isApiKeyRequired: z.boolean().optional(),
    isStreamingSupported: z.boolean().optional(),
    isActive: z.boolean().optional(),
  }),
});

export const AI_MODEL = lookupSpec({
  model: "aiModel",
  entityType: "AiModel",
  action: "ai_model",
  create: z.object({
    providerId: z.string().uuid(),
    modelName: z.string().trim().min(1).max(200),
    displayName: label,
    capabilities: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
    maxContextTokens: z.number().int().positive().nullish(),
    inputCostPer1kTokens: perThousand.optional(),
    outputCostPer1kTokens: perThousand.optional(),
    currency: currency.optional(),
    isActive: z.boolean().optional(),
  }),
  check: async (tx, data) => {
    if (typeof data.providerId === "string" && !(await tx.aiProvider.findUnique({ where: { id: data.providerId }, select: { id: true } }))) {
      throw errors.notFound("AiProvider", data.providerId);
    }
  },
});

export const TRENDING_KEYWORD = lookupSpec({
  model: "trendingKeyword",
  entityType: "TrendingKeyword",
  action: "trending_keyword",
  create: z.object({
    platformId: z.string().uuid().nullish(),
    keyword: z.string().trim().toLowerCase().min(1).max(100),
    category: z.string().trim().max(100).nullish(),
    trendingScore: score.nullish(),
    searchVolume: z.number().int().min(0).nullish(),
    competitionLevel: z.enum(["low", "medium", "high"]).nullish(),
    source: z.string().trim().max(100).nullish(),
    region: z.string().trim().max(20).nullish(),
    language: z.string().trim().max(20).nullish(),
    validFrom: z.date().optional(),
    validUntil: z.date().nullish(),
  }),
  check: async (tx, data, now) => {
    const from = (data.validFrom as Date | undefined) ?? now;
    if (data.validUntil instanceof Date && data.validUntil <= from) throw errors.badInput("validUntil", "must be after validFrom");
    if (typeof data.platformId === "string" && !(await tx.platform.findUnique({ where: { id: data.platformId }, select: { id: true } }))) {
      throw errors.notFound("Platform", data.platformId);
    }
  },
});
