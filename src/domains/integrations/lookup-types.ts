// Lookup tables in the graph: platforms, social content types, account statuses, AI providers and
// models, trending keywords. Active rows are public; admins see every row and write them.
import type { GraphQLResolveInfo } from "graphql";
import { queryFromInfo } from "@pothos/plugin-prisma";
import { builder } from "../../schema/builder.ts";
import type { Context } from "../../core/context.ts";
import {
  ACCOUNT_STATUS,
  AI_MODEL,
  AI_PROVIDER,
  PLATFORM,
  SOCIAL_CONTENT_TYPE,
  TRENDING_KEYWORD,
  createLookup,
  updateLookup,
  type LookupSpec,
} from "./lookups.ts";
import {
  accountStatusWhereFor,
  aiModelWhereFor,
  aiProviderWhereFor,
  platformWhereFor,
  socialContentTypeWhereFor,
  trendingKeywordWhereFor,
} from "./visibility.ts";

export const PlatformRef = builder.prismaNode("Platform", {
  id: { field: "id" },
  nullable: true,
  description: "A social platform creators can connect (YouTube, Instagram, TikTok, …).",
  findUnique: (id, ctx) => ({ id, AND: [platformWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    displayName: t.exposeString("displayName"),
    description: t.exposeString("description", { nullable: true }),
    websiteUrl: t.exposeString("websiteUrl", { nullable: true }),
    logoUrl: t.exposeString("logoUrl", { nullable: true }),
    apiDocsUrl: t.exposeString("apiDocsUrl", { nullable: true }),
    isOauthRequired: t.exposeBoolean("isOauthRequired"),
    isActive: t.exposeBoolean("isActive"),
    sortOrder: t.exposeInt("sortOrder"),
    trendingKeywords: t.relatedConnection(
      "trendingKeywords",
      {
        cursor: "id",
        description: "Keywords trending on this platform now, best first.",
        query: (_args, ctx) => ({
          where: trendingKeywordWhereFor(ctx.viewer, ctx.services.clock()),
          orderBy: [{ trendingScore: { sort: "desc", nulls: "last" } }, { id: "asc" }],
        }),
        totalCount: true,
      },
      {},
    ),
  }),
});

export const SocialContentTypeRef = builder.prismaNode("SocialContentType", {
  id: { field: "id" },
  nullable: true,
  description: "Kind of synced content (long_video, short_video, image, carousel, story, reel, post).",
  findUnique: (id, ctx) => ({ id, AND: [socialContentTypeWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    displayName: t.exposeString("displayName"),
    description: t.exposeString("description", { nullable: true }),
    isActive: t.exposeBoolean("isActive"),
    sortOrder: t.exposeInt("sortOrder"),
  }),
});

export const AccountStatusRef = builder.prismaNode("AccountStatus", {
  id: { field: "id" },
  nullable: true,
  description: "State of a social account (active, inactive, suspended, disconnected).",
  findUnique: (id, ctx) => ({ id, AND: [accountStatusWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    displayName: t.exposeString("displayName"),
    description: t.exposeString("description", { nullable: true }),
    sortOrder: t.exposeInt("sortOrder"),
  }),
});

export const AiProviderRef = builder.prismaNode("AiProvider", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [aiProviderWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    displayName: t.exposeString("displayName"),
    baseUrl: t.exposeString("baseUrl", { nullable: true }),
    isApiKeyRequired: t.exposeBoolean("isApiKeyRequired"),
    isStreamingSupported: t.exposeBoolean("isStreamingSupported"),
    isActive: t.exposeBoolean("isActive"),
    models: t.relation("models", {
      query: (_args, ctx) => ({ where: aiModelWhereFor(ctx.viewer), orderBy: [{ modelName: "asc" }] }),
    }),
  }),
});

export const AiModelRef = builder.prismaNode("AiModel", {
  id: { field: "id" },
  nullable: true,
  description: "An AI model with its prices per 1,000 tokens (in `currency`).",
  findUnique: (id, ctx) => ({ id, AND: [aiModelWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    modelName: t.exposeString("modelName"),
    displayName: t.exposeString("displayName"),
    capabilities: t.exposeStringList("capabilities"),
    maxContextTokens: t.exposeInt("maxContextTokens", { nullable: true }),
    inputCostPer1kTokens: t.expose("inputCostPer1kTokens", { type: "Decimal" }),
    outputCostPer1kTokens: t.expose("outputCostPer1kTokens", { type: "Decimal" }),
    currency: t.exposeString("currency"),
    isActive: t.exposeBoolean("isActive"),
    provider: t.relation("provider"),
  }),
});

export const TrendingKeywordRef = builder.prismaNode("TrendingKeyword", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [trendingKeywordWhereFor(ctx.viewer, ctx.services.clock())] }),
  fields: (t) => ({
    keyword: t.exposeString("keyword"),
    category: t.exposeString("category", { nullable: true }),
    trendingScore: t.expose("trendingScore", { type: "Decimal", nullable: true }),
    searchVolume: t.exposeInt("searchVolume", { nullable: true }),
    competitionLevel: t.exposeString("competitionLevel", { nullable: true }),
    source: t.exposeString("source", { nullable: true }),
    region: t.exposeString("region", { nullable: true }),
    language: t.exposeString("language", { nullable: true }),
    validFrom: t.expose("validFrom", { type: "DateTime" }),
    validUntil: t.expose("validUntil", { type: "DateTime", nullable: true }),
    platform: t.relation("platform", { nullable: true }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  platforms: t.prismaConnection(
    {
      type: "Platform",
      cursor: "id",
      description: "Active platforms in display order (admins: all).",
      resolve: (query, _r, _a, ctx) => ctx.prisma.platform.findMany({ ...query, where: platformWhereFor(ctx.viewer), orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.platform.count({ where: platformWhereFor(ctx.viewer) }),
    },
    {},
  ),
  socialContentTypes: t.prismaConnection(
    {
      type: "SocialContentType",
      cursor: "id",
      resolve: (query, _r, _a, ctx) =>
        ctx.prisma.socialContentType.findMany({ ...query, where: socialContentTypeWhereFor(ctx.viewer), orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.socialContentType.count({ where: socialContentTypeWhereFor(ctx.viewer) }),
    },
    {},
  ),
  accountStatuses: t.prismaConnection(
    {
      type: "AccountStatus",
      cursor: "id",
      resolve: (query, _r, _a, ctx) =>
        ctx.prisma.accountStatus.findMany({ ...query, where: accountStatusWhereFor(ctx.viewer), orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.accountStatus.count({ where: accountStatusWhereFor(ctx.viewer) }),
    },
    {},
  ),
  aiProviders: t.prismaConnection(
    {
      type: "AiProvider",
      cursor: "id",
      resolve: (query, _r, _a, ctx) => ctx.prisma.aiProvider.findMany({ ...query, where: aiProviderWhereFor(ctx.viewer), orderBy: [{ slug: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.aiProvider.count({ where: aiProviderWhereFor(ctx.viewer) }),
    },
    {},
  ),
  aiModels: t.prismaConnection(
    {
      type: "AiModel",
      cursor: "id",
      description: "Active AI models with their prices, optionally of one provider.",
      args: { provider: t.arg.globalID({ for: [AiProviderRef] }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.aiModel.findMany({ ...query, where: aiModelFilter(ctx, args.provider?.id), orderBy: [{ modelName: "asc" }, { id: "asc" }] }),
      totalCount: (_r, args, ctx) => ctx.prisma.aiModel.count({ where: aiModelFilter(ctx, args.provider?.id) }),
    },
    {},
  ),
  trendingKeywords: t.prismaConnection(
    {
      type: "TrendingKeyword",
      cursor: "id",
      description: "Keywords trending now on a platform (plus cross-platform ones), best first.",
      args: { platform: t.arg.globalID({ required: true, for: [PlatformRef] }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.trendingKeyword.findMany({
          ...query,
          where: trendingFilter(ctx, args.platform.id),
          orderBy: [{ trendingScore: { sort: "desc", nulls: "last" } }, { id: "asc" }],
        }),
      totalCount: (_r, args, ctx) => ctx.prisma.trendingKeyword.count({ where: trendingFilter(ctx, args.platform.id) }),
    },
    {},
  ),
}));

function aiModelFilter(ctx: Context, providerId: string | undefined) {
  return { AND: [aiModelWhereFor(ctx.viewer), providerId ? { providerId } : {}] };
}

function trendingFilter(ctx: Context, platformId: string) {
  return {
    AND: [
      trendingKeywordWhereFor(ctx.viewer, ctx.services.clock()),
      { OR: [{ platformId }, { platformId: null }] },
      { OR: [{ platformId: null }, { platform: platformWhereFor(ctx.viewer) }] },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Admin writes
// ---------------------------------------------------------------------------------------------

type InputFields = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];

/**
 * The create input (`<Name>Input`, the identifying fields required) and the update input
 * (`<Name>UpdateInput`, every field optional) of a lookup table, from one field list.
 */
export function lookupInputs(name: string, fields: (t: InputFields, create: boolean) => Record<string, unknown>) {
  return {
    createInput: builder.inputType(`${name}Input`, { fields: (t) => fields(t, true) as never }),
    updateInput: builder.inputType(`${name}UpdateInput`, { fields: (t) => fields(t, false) as never }),
  };
}

const PlatformInputs = lookupInputs("Platform", (t, create) => ({
  slug: t.string({ required: create }),
  displayName: t.string({ required: create }),
  description: t.string(),
  websiteUrl: t.string(),
  logoUrl: t.string(),
  apiDocsUrl: t.string(),
  isOauthRequired: t.boolean(),
  isActive: t.boolean(),
  sortOrder: t.int(),
}));

const SocialContentTypeInputs = lookupInputs("SocialContentType", (t, create) => ({
  slug: t.string({ required: create }),
  displayName: t.string({ required: create }),
  description: t.string(),
  isActive: t.boolean(),
  sortOrder: t.int(),
}));

const AccountStatusInputs = lookupInputs("AccountStatus", (t, create) => ({
  slug: t.string({ required: create }),
  displayName: t.string({ required: create }),
  description: t.string(),
  sortOrder: t.int(),
}));

const AiProviderInputs = lookupInputs("AiProvider", (t, create) => ({
  slug: t.string({ required: create }),
  displayName: t.string({ required: create }),
  baseUrl: t.string(),
  isApiKeyRequired: t.boolean(),
  isStreamingSupported: t.boolean(),
  isActive: t.boolean(),
}));

const AiModelInputs = lookupInputs("AiModel", (t, create) => ({
  // A model stays with its provider: the provider is set on create only.
  ...(create ? { provider: t.globalID({ required: true, for: [AiProviderRef] }) } : {}),
  modelName: t.string({ required: create }),
  displayName: t.string({ required: create }),
  capabilities: t.stringList(),
  maxContextTokens: t.int(),
  inputCostPer1kTokens: t.field({ type: "Decimal" }),
  outputCostPer1kTokens: t.field({ type: "Decimal" }),
  currency: t.string(),
  isActive: t.boolean(),
}));

const TrendingKeywordInput = builder.inputType("TrendingKeywordInput", {
  fields: (t) => ({
    platform: t.globalID({ for: [PlatformRef], description: "Omit for a cross-platform keyword." }),
    keyword: t.string({ required: true }),
    category: t.string(),
    trendingScore: t.float({ description: "0-100" }),
    searchVolume: t.int(),
    competitionLevel: t.string({ description: "low | medium | high" }),
    source: t.string(),
    region: t.string(),
    language: t.string(),
    validFrom: t.field({ type: "DateTime" }),
    validUntil: t.field({ type: "DateTime" }),
  }),
});

type LookupModel = "platform" | "socialContentType" | "accountStatus" | "aiProvider" | "aiModel" | "trendingKeyword" | "searchEngine";

/** Loads a row just written, with the selection the client asked for. */
function loadWritten(ctx: Context, info: GraphQLResolveInfo, model: LookupModel, typeName: string, id: string): Promise<never> {
  const delegate = ctx.prisma[model] as unknown as { findUniqueOrThrow(args: unknown): Promise<never> };
  return delegate.findUniqueOrThrow({ ...queryFromInfo({ context: ctx, info, typeName }), where: { id } });
}

export interface LookupMutationOptions {
  typeName: string;
  model: LookupModel;
  spec: LookupSpec;
  // Pothos refs are invariant in their shapes; the helper only passes them through (hence any).
  ref: any;
  createInput: any;
  updateInput?: any;
  /** Maps GraphQL input (global ids) to the service's data. */
  toData?: (input: Record<string, unknown>) => Record<string, unknown>;
}

/** createX (and updateX when an update input is given) for one lookup table: admin only, validated, audited. */
export function lookupMutations(o: LookupMutationOptions): void {
  const toData = o.toData ?? ((i) => i);
  builder.mutationFields((t) => ({
    [`create${o.typeName}`]: t.field({
      type: o.ref,
      args: { input: t.arg({ type: o.createInput, required: true }) },
      resolve: async (_r, args, ctx, info) => {
        const { id } = await createLookup(ctx, o.spec, toData(args.input as Record<string, unknown>));
        return loadWritten(ctx, info, o.model, o.typeName, id);
      },
    }),
    ...(o.updateInput
      ? {
          [`update${o.typeName}`]: t.field({
            type: o.ref,
            args: { id: t.arg.globalID({ required: true, for: [o.ref] }), input: t.arg({ type: o.updateInput, required: true }) },
            resolve: async (_r, args, ctx, info) => {
              const { id } = await updateLookup(ctx, o.spec, (args.id as { id: string }).id, toData(args.input as Record<string, unknown>));
              return loadWritten(ctx, info, o.model, o.typeName, id);
            },
          }),
        }
      : {}),
  }));
}

const gid = (v: unknown) => (v && typeof v === "object" && "id" in v ? (v as { id: string }).id : v === null ? null : undefined);

lookupMutations({ typeName: "Platform", model: "platform", spec: PLATFORM, ref: PlatformRef, ...PlatformInputs });
lookupMutations({ typeName: "SocialContentType", model: "socialContentType", spec: SOCIAL_CONTENT_TYPE, ref: SocialContentTypeRef, ...SocialContentTypeInputs });
lookupMutations({ typeName: "AccountStatus", model: "accountStatus", spec: ACCOUNT_STATUS, ref: AccountStatusRef, ...AccountStatusInputs });
lookupMutations({ typeName: "AiProvider", model: "aiProvider", spec: AI_PROVIDER, ref: AiProviderRef, ...AiProviderInputs });
lookupMutations({
  typeName: "AiModel",
  model: "aiModel",
  spec: AI_MODEL,
  ref: AiModelRef,
  ...AiModelInputs,
  toData: ({ provider, ...rest }) => (provider === undefined ? rest : { ...rest, providerId: gid(provider) }),
});
lookupMutations({
  typeName: "TrendingKeyword",
  model: "trendingKeyword",
  spec: TRENDING_KEYWORD,
  ref: TrendingKeywordRef,
  createInput: TrendingKeywordInput,
  toData: ({ platform, ...rest }) => ({ ...rest, platformId: gid(platform) }),
});
