// SEO in the graph: search engines (public lookup, admin write), the viewer's site connections to
// them (the key is in the vault: no field exposes it) and URL submissions with their status.
import { SeoSubmissionStatus } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { lookupInputs, lookupMutations } from "../integrations/index.ts";
import { ContentItemRef } from "../integrations/index.ts";
import * as service from "./service.ts";
import { searchEngineWhereFor, seoConnectionWhereFor, seoSubmissionWhereFor } from "./visibility.ts";

export const SeoSubmissionStatusEnum = builder.enumType(SeoSubmissionStatus, {
  name: "SeoSubmissionStatus",
  description: "PENDING: stored, not (yet) accepted by the engine (nextRetryAt set while a retry is scheduled); SUBMITTED: the engine accepted it; INDEXED; FAILED.",
});

export const SeoSubmissionTypeEnum = builder.enumType("SeoSubmissionType", {
  values: { URL_UPDATED: { value: "url_updated" }, URL_DELETED: { value: "url_deleted" } } as const,
});

export const SearchEngineRef = builder.prismaNode("SearchEngine", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [searchEngineWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    slug: t.exposeString("slug"),
    displayName: t.exposeString("displayName"),
    apiEndpoint: t.exposeString("apiEndpoint", { nullable: true }),
    apiDocsUrl: t.exposeString("apiDocsUrl", { nullable: true }),
    supportsIndexnow: t.exposeBoolean("supportsIndexnow"),
    isActive: t.exposeBoolean("isActive"),
  }),
});

export const SeoConnectionRef = builder.prismaNode("SeoConnection", {
  id: { field: "id" },
  nullable: true,
  description: "A site connected to a search engine. Its key is kept in the vault and is never readable here.",
  findUnique: (id, ctx) => ({ id, AND: [seoConnectionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    siteUrl: t.exposeString("siteUrl"),
    isActive: t.exposeBoolean("isActive"),
    isVerified: t.exposeBoolean("isVerified"),
    lastVerifiedAt: t.expose("lastVerifiedAt", { type: "DateTime", nullable: true }),
    lastError: t.exposeString("lastError", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    searchEngine: t.relation("searchEngine"),
    user: t.relation("user"),
    submissions: t.relatedConnection(
      "submissions",
      { cursor: "id", query: () => ({ orderBy: [{ createdAt: "desc" }, { id: "desc" }] }), totalCount: true },
      {},
    ),
  }),
});

export const SeoSubmissionRef = builder.prismaNode("SeoSubmission", {
  id: { field: "id" },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [seoSubmissionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    submittedUrl: t.exposeString("submittedUrl"),
    submissionType: t.exposeString("submissionType", { nullable: true }),
    submissionMethod: t.exposeString("submissionMethod", { nullable: true }),
    requestPayload: t.expose("requestPayload", { type: "JSON", nullable: true, description: "The IndexNow request as built (the key shows as \"[vault]\")." }),
    responseStatus: t.exposeInt("responseStatus", { nullable: true }),
    status: t.expose("status", { type: SeoSubmissionStatusEnum }),
    statusCheckedAt: t.expose("statusCheckedAt", { type: "DateTime", nullable: true }),
    errorMessage: t.exposeString("errorMessage", { nullable: true }),
    retryCount: t.exposeInt("retryCount"),
    nextRetryAt: t.expose("nextRetryAt", { type: "DateTime", nullable: true }),
    submittedAt: t.expose("submittedAt", { type: "DateTime", nullable: true }),
    indexedAt: t.expose("indexedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    connection: t.relation("connection"),
    searchEngine: t.relation("searchEngine"),
    contentItem: t.relation("contentItem", { nullable: true }),
  }),
});

builder.prismaObjectField("ContentItem", "seoSubmissions", (t) =>
  t.relatedConnection(
    "seoSubmissions",
    {
      cursor: "id",
      description: "Indexing submissions of this item's URL, newest first.",
      query: (_args, ctx) => ({ where: seoSubmissionWhereFor(ctx.viewer), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: true,
    },
    {},
  ),
);

builder.queryFields((t) => ({
  searchEngines: t.prismaConnection(
    {
      type: "SearchEngine",
      cursor: "id",
      resolve: (query, _r, _a, ctx) => ctx.prisma.searchEngine.findMany({ ...query, where: searchEngineWhereFor(ctx.viewer), orderBy: [{ slug: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.searchEngine.count({ where: searchEngineWhereFor(ctx.viewer) }),
    },
    {},
  ),
  seoConnections: t.prismaConnection(
    {
      type: "SeoConnection",
      cursor: "id",
      description: "The viewer's search-engine connections (admins: everyone's).",
      resolve: (query, _r, _a, ctx) =>
        ctx.prisma.seoConnection.findMany({ ...query, where: seoConnectionWhereFor(ctx.viewer), orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.seoConnection.count({ where: seoConnectionWhereFor(ctx.viewer) }),
    },
    {},
  ),
  seoSubmissions: t.prismaConnection(
    {
      type: "SeoSubmission",
      cursor: "id",
      description: "The viewer's URL submissions, newest first, optionally of one status.",
      args: { status: t.arg({ type: SeoSubmissionStatusEnum }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.seoSubmission.findMany({
          ...query,
          where: { AND: [seoSubmissionWhereFor(ctx.viewer), args.status ? { status: args.status } : {}] },
          orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        }),
      totalCount: (_r, args, ctx) => ctx.prisma.seoSubmission.count({ where: { AND: [seoSubmissionWhereFor(ctx.viewer), args.status ? { status: args.status } : {}] } }),
    },
    {},
  ),
}));

const SearchEngineInputs = lookupInputs("SearchEngine", (t, create) => ({
  slug: t.string({ required: create }),
  displayName: t.string({ required: create }),
  apiEndpoint: t.string({ description: "IndexNow endpoint, e.g. https://www.bing.com/indexnow" }),
  apiDocsUrl: t.string(),
  supportsIndexnow: t.boolean(),
  isActive: t.boolean(),
}));

lookupMutations({
  typeName: "SearchEngine",
  model: "searchEngine",
  spec: service.SEARCH_ENGINE,
  ref: SearchEngineRef,
  ...SearchEngineInputs,
});

const ConnectSearchEngineInput = builder.inputType("ConnectSearchEngineInput", {
  fields: (t) => ({
    searchEngine: t.globalID({ required: true, for: [SearchEngineRef] }),
    siteUrl: t.string({ required: true, description: "The site, e.g. https://example.com" }),
    apiKey: t.string({ required: true, description: "The engine's key for the site (IndexNow key). Stored in the vault; never readable afterwards." }),
  }),
});

const SubmitUrlInput = builder.inputType("SubmitUrlForIndexingInput", {
  fields: (t) => ({
    connection: t.globalID({ required: true, for: [SeoConnectionRef] }),
    url: t.string({ required: true, description: "A URL on the connection's site." }),
    contentItem: t.globalID({ for: [ContentItemRef], description: "The synced item the URL shows, if any." }),
    submissionType: t.field({ type: SeoSubmissionTypeEnum, description: "Default URL_UPDATED." }),
  }),
});

builder.mutationFields((t) => ({
  connectSearchEngine: t.prismaField({
    type: "SeoConnection",
    description: "Connects a site to a search engine; the key goes to the vault. Verify it before submitting.",
    args: { input: t.arg({ type: ConnectSearchEngineInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await service.connectSearchEngine(ctx, { searchEngineId: input.searchEngine.id, siteUrl: input.siteUrl, apiKey: input.apiKey });
      return ctx.prisma.seoConnection.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  verifySeoConnection: t.prismaField({
    type: "SeoConnection",
    args: { id: t.arg.globalID({ required: true, for: [SeoConnectionRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.verifySeoConnection(ctx, args.id.id);
      return ctx.prisma.seoConnection.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deactivateSeoConnection: t.prismaField({
    type: "SeoConnection",
    description: "Deactivates the connection and deletes its key from the vault.",
    args: { id: t.arg.globalID({ required: true, for: [SeoConnectionRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.deactivateSeoConnection(ctx, args.id.id);
      return ctx.prisma.seoConnection.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  submitUrlForIndexing: t.prismaField({
    type: "SeoSubmission",
    description: "Submits a URL for indexing (IndexNow request). Consumes one SEO_SUBMISSION quota of the connection owner's plan.",
    args: { input: t.arg({ type: SubmitUrlInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await service.submitUrlForIndexing(ctx, {
        connectionId: input.connection.id,
        url: input.url,
        contentItemId: input.contentItem?.id ?? null,
        submissionType: input.submissionType ?? "url_updated",
      });
      return ctx.prisma.seoSubmission.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  retrySeoSubmission: t.prismaField({
    type: "SeoSubmission",
    description: "Sends a FAILED submission again (no new quota).",
    args: { id: t.arg.globalID({ required: true, for: [SeoSubmissionRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.retrySeoSubmission(ctx, args.id.id);
      return ctx.prisma.seoSubmission.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
