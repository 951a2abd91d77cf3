// AI suggestions in the graph: request (metered by the AI_ANALYSIS quota) and apply.
import { builder } from "../../schema/builder.ts";
import { AI_FIELDS, applyAiSuggestion, requestAiSuggestions, type AiField } from "./ai-service.ts";
import { ContentItemRef } from "./types.ts";
import { aiSuggestionApplicationWhereFor, aiSuggestionWhereFor } from "./visibility.ts";

export const AiSuggestionFieldEnum = builder.enumType("AiSuggestionField", {
  description: "A field of a suggestion that can be applied to its item (HASHTAGS applies the trending hashtags).",
  values: AI_FIELDS,
});

export const AiSuggestionRef = builder.prismaNode("AiSuggestion", {
  id: { field: "id" },
  nullable: true,
  description: "Suggestions for a content item from an AI provider, with what they cost.",
  findUnique: (id, ctx) => ({ id, AND: [aiSuggestionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    suggestedTitles: t.exposeStringList("suggestedTitles"),
    suggestedDescription: t.exposeString("suggestedDescription", { nullable: true }),
    suggestedTags: t.exposeStringList("suggestedTags"),
    suggestedCategory: t.exposeString("suggestedCategory", { nullable: true }),
    trendingKeywords: t.exposeStringList("trendingKeywords"),
    trendingHashtags: t.exposeStringList("trendingHashtags"),
    relatedTopics: t.exposeStringList("relatedTopics"),
    trendingScore: t.expose("trendingScore", { type: "Decimal", nullable: true, description: "0-100" }),
    seoScore: t.expose("seoScore", { type: "Decimal", nullable: true, description: "0-100" }),
    readabilityScore: t.expose("readabilityScore", { type: "Decimal", nullable: true, description: "0-100" }),
    confidenceScore: t.expose("confidenceScore", { type: "Decimal", nullable: true, description: "0-100" }),
    sentiment: t.exposeString("sentiment", { nullable: true }),
    targetAudience: t.exposeStringList("targetAudience"),
    promptTokens: t.exposeInt("promptTokens"),
    completionTokens: t.exposeInt("completionTokens"),
    totalCost: t.expose("totalCost", { type: "Decimal", description: "Token cost at the model's prices, in `currency`." }),
    currency: t.exposeString("currency"),
    processingTimeMs: t.exposeInt("processingTimeMs", { nullable: true }),
    isApplied: t.exposeBoolean("isApplied"),
    appliedAt: t.expose("appliedAt", { type: "DateTime", nullable: true }),
    version: t.exposeInt("version", { description: "1 for the item's first suggestion, then 2, 3, …" }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    contentItem: t.relation("contentItem"),
    provider: t.relation("provider"),
    model: t.relation("model", { nullable: true }),
    applications: t.relation("applications", {
      query: (_args, ctx) => ({ where: aiSuggestionApplicationWhereFor(ctx.viewer), orderBy: [{ appliedAt: "asc" }, { id: "asc" }] }),
    }),
  }),
});

builder.prismaNode("AiSuggestionApplication", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [aiSuggestionApplicationWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    appliedField: t.exposeString("appliedField", { description: "title | description | tags | category | hashtags" }),
    appliedValue: t.exposeString("appliedValue", { description: "Lists are JSON arrays." }),
    appliedAt: t.expose("appliedAt", { type: "DateTime" }),
    appliedBy: t.relation("appliedByUser", { nullable: true }),
    suggestion: t.relation("suggestion"),
  }),
});

const ApplyAiSuggestionResultRef = builder.objectRef<{ suggestionId: string; contentItemId: string; revisionIds: string[] }>("ApplyAiSuggestionResult").implement({
  fields: (t) => ({
    suggestion: t.prismaField({
      type: "AiSuggestion",
      resolve: (query, r, _a, ctx) => ctx.prisma.aiSuggestion.findUniqueOrThrow({ ...query, where: { id: r.suggestionId } }),
    }),
    contentItem: t.prismaField({
      type: "ContentItem",
      resolve: (query, r, _a, ctx) => ctx.prisma.contentItem.findUniqueOrThrow({ ...query, where: { id: r.contentItemId } }),
    }),
    revisions: t.prismaField({
      type: ["ContentRevision"],
      description: "The revisions this application wrote, one per field, in the order of `fields`.",
      resolve: async (query, r, _a, ctx) => {
        const rows = await ctx.prisma.contentRevision.findMany({ ...query, where: { id: { in: r.revisionIds } } });
        return rows.sort((a, b) => r.revisionIds.indexOf(a.id) - r.revisionIds.indexOf(b.id));
      },
    }),
  }),
});

builder.mutationFields((t) => ({
  requestAiSuggestions: t.prismaField({
    type: "AiSuggestion",
    description: "Asks the configured AI provider for title, description and tag suggestions. Consumes one AI_ANALYSIS quota of the item owner's plan.",
    args: { contentItemId: t.arg.globalID({ required: true, for: [ContentItemRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await requestAiSuggestions(ctx, args.contentItemId.id);
      return ctx.prisma.aiSuggestion.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  applyAiSuggestion: t.field({
    type: ApplyAiSuggestionResultRef,
    description: "Writes the chosen suggestion fields into the item: one content revision and one application record per field.",
    args: {
      suggestionId: t.arg.globalID({ required: true, for: [AiSuggestionRef] }),
      fields: t.arg({ type: [AiSuggestionFieldEnum], required: true }),
      titleIndex: t.arg.int({ description: "Which suggested title to apply (default 0, the first)." }),
    },
    resolve: (_r, args, ctx) => applyAiSuggestion(ctx, { suggestionId: args.suggestionId.id, fields: args.fields as AiField[], titleIndex: args.titleIndex }),
  }),
}));
