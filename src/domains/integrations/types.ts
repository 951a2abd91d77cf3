// Connections, social accounts, synced content items and their revisions, sync and search.
// A connection never exposes its token or even its vault reference: there is no field for them.
import { queryFromInfo } from "@pothos/plugin-prisma";
import { resolveOffsetConnection } from "@pothos/plugin-relay";
import { ChangeSource, SyncMode, type Prisma } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import type { Context } from "../../core/context.ts";
import { VisibilityEnum } from "../content/index.ts";
import type { QuotaState } from "../subscriptions/index.ts";
import { PlatformRef } from "./lookup-types.ts";
import * as service from "./service.ts";
import {
  aiSuggestionWhereFor,
  contentItemWhereFor,
  contentRevisionWhereFor,
  platformConnectionWhereFor,
  socialAccountWhereFor,
} from "./visibility.ts";

export const SyncModeEnum = builder.enumType(SyncMode, { name: "SyncMode", description: "AUTO: synced by the scheduler; MANUAL: on request; DISABLED: never." });
export const ChangeSourceEnum = builder.enumType(ChangeSource, { name: "ChangeSource" });

export const QuotaSnapshotRef = builder.objectRef<QuotaState>("QuotaSnapshot").implement({
  description: "A plan quota after an operation consumed it.",
  fields: (t) => ({
    used: t.exposeInt("used"),
    limit: t.exposeInt("limit"),
    resetsAt: t.expose("resetsAt", { type: "DateTime" }),
  }),
});

export const PlatformConnectionRef = builder.prismaNode("PlatformConnection", {
  id: { field: "id" },
  nullable: true,
  description: "A creator's OAuth connection to a platform. The token is kept in the vault and is never readable here.",
  findUnique: (id, ctx) => ({ id, AND: [platformConnectionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    scopes: t.exposeStringList("scopes"),
    tokenExpiresAt: t.expose("tokenExpiresAt", { type: "DateTime", nullable: true, description: "When the stored token expires (the token itself is never exposed)." }),
    platformUserId: t.exposeString("platformUserId", { nullable: true }),
    platformUsername: t.exposeString("platformUsername", { nullable: true }),
    platformDisplayName: t.exposeString("platformDisplayName", { nullable: true }),
    platformAvatarUrl: t.exposeString("platformAvatarUrl", { nullable: true }),
    isActive: t.exposeBoolean("isActive"),
    isVerified: t.exposeBoolean("isVerified"),
    lastVerifiedAt: t.expose("lastVerifiedAt", { type: "DateTime", nullable: true }),
    lastError: t.exposeString("lastError", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    platform: t.relation("platform"),
    user: t.relation("user"),
    socialAccounts: t.relatedConnection(
      "socialAccounts",
      {
        cursor: "id",
        query: (_args, ctx) => ({ where: socialAccountWhereFor(ctx.viewer), orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
        totalCount: true,
      },
      {},
    ),
  }),
});

export const SocialAccountRef = builder.prismaNode("SocialAccount", {
  id: { field: "id" },
  nullable: true,
  description: "A channel or account under a connection, with its sync mode and platform counts.",
  findUnique: (id, ctx) => ({ id, AND: [socialAccountWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    platformAccountId: t.exposeString("platformAccountId", { nullable: true }),
    accountName: t.exposeString("accountName"),
    accountUrl: t.exposeString("accountUrl", { nullable: true }),
    description: t.exposeString("description", { nullable: true }),
    followerCount: t.exposeInt("followerCount"),
    followingCount: t.exposeInt("followingCount"),
    postCount: t.exposeInt("postCount"),
    syncMode: t.expose("syncMode", { type: SyncModeEnum }),
    lastSyncedAt: t.expose("lastSyncedAt", { type: "DateTime", nullable: true }),
    lastSyncStatus: t.exposeString("lastSyncStatus", { nullable: true }),
    nextSyncAt: t.expose("nextSyncAt", { type: "DateTime", nullable: true }),
    visibility: t.expose("visibility", { type: VisibilityEnum }),
    isPrimary: t.exposeBoolean("isPrimary"),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    connection: t.relation("connection"),
    platform: t.relation("platform"),
    status: t.relation("status", { nullable: true }),
    contentItems: t.relatedConnection(
      "contentItems",
      {
        cursor: "id",
        description: "Synced items, newest first.",
        query: (_args, ctx) => ({
          where: contentItemWhereFor(ctx.viewer),
          orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
        }),
        totalCount: true,
      },
      {},
    ),
  }),
});

export const ContentItemRef = builder.prismaNode("ContentItem", {
  id: { field: "id" },
  nullable: true,
  description: "An item synced from a platform. Private to the creator who owns its social account.",
  findUnique: (id, ctx) => ({ id, AND: [contentItemWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    platformContentId: t.exposeString("platformContentId"),
    platformUrl: t.exposeString("platformUrl", { nullable: true }),
    title: t.exposeString("title", { nullable: true }),
    description: t.exposeString("description", { nullable: true }),
    thumbnailUrl: t.exposeString("thumbnailUrl", { nullable: true }),
    mediaUrl: t.exposeString("mediaUrl", { nullable: true }),
    durationSeconds: t.exposeInt("durationSeconds", { nullable: true }),
    viewsCount: t.exposeInt("viewsCount"),
    likesCount: t.exposeInt("likesCount"),
    commentsCount: t.exposeInt("commentsCount"),
    sharesCount: t.exposeInt("sharesCount"),
    tags: t.exposeStringList("tags"),
    hashtags: t.exposeStringList("hashtags"),
    category: t.exposeString("category", { nullable: true }),
    language: t.exposeString("language", { nullable: true }),
    visibility: t.expose("visibility", { type: VisibilityEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    syncedAt: t.expose("syncedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    socialAccount: t.relation("socialAccount"),
    platform: t.relation("platform"),
    contentType: t.relation("contentType", { nullable: true }),
    revisions: t.relatedConnection(
      "revisions",
      {
        cursor: "id",
        description: "Field-by-field change history, newest first.",
        query: (_args, ctx) => ({ where: contentRevisionWhereFor(ctx.viewer), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
        totalCount: true,
      },
      {},
    ),
    aiSuggestions: t.relatedConnection(
      "aiSuggestions",
      {
        cursor: "id",
        description: "AI suggestions for this item, newest first.",
        query: (_args, ctx) => ({ where: aiSuggestionWhereFor(ctx.viewer), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
        totalCount: true,
      },
      {},
    ),
  }),
});

builder.prismaNode("ContentRevision", {
  id: { field: "id" },
  nullable: true,
  description: "One changed field of a content item: by a sync, an applied AI suggestion or an edit.",
  findUnique: (id, ctx) => ({ id, AND: [contentRevisionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    fieldName: t.exposeString("fieldName"),
    oldValue: t.exposeString("oldValue", { nullable: true, description: "Lists are JSON arrays, times ISO 8601." }),
    newValue: t.exposeString("newValue", { nullable: true }),
    changeSource: t.expose("changeSource", { type: ChangeSourceEnum }),
    changeReason: t.exposeString("changeReason", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    contentItem: t.relation("contentItem"),
    user: t.relation("user", { nullable: true }),
    suggestion: t.relation("suggestion", { nullable: true }),
  }),
});

const SyncResultRef = builder.objectRef<service.SyncResult>("SyncResult").implement({
  description: "What one sync of a social account changed.",
  fields: (t) => ({
    socialAccount: t.prismaField({
      type: "SocialAccount",
      resolve: (query, r, _a, ctx) => ctx.prisma.socialAccount.findUniqueOrThrow({ ...query, where: { id: r.socialAccountId } }),
    }),
    created: t.exposeInt("created"),
    updated: t.exposeInt("updated"),
    unchanged: t.exposeInt("unchanged"),
    revisionsRecorded: t.exposeInt("revisionsRecorded"),
    quota: t.field({ type: QuotaSnapshotRef, resolve: (r) => r.quota }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

const connectionsWhere = (ctx: Context, platformId?: string): Prisma.PlatformConnectionWhereInput => ({
  AND: [platformConnectionWhereFor(ctx.viewer), platformId ? { platformId } : {}],
});
const accountsWhere = (ctx: Context, connectionId?: string): Prisma.SocialAccountWhereInput => ({
  AND: [socialAccountWhereFor(ctx.viewer), connectionId ? { connectionId } : {}],
});
const itemsWhere = (ctx: Context, socialAccountId?: string): Prisma.ContentItemWhereInput => ({
  AND: [contentItemWhereFor(ctx.viewer), socialAccountId ? { socialAccountId } : {}],
});

builder.queryFields((t) => ({
  platformConnections: t.prismaConnection(
    {
      type: "PlatformConnection",
      cursor: "id",
      description: "The viewer's platform connections (admins: everyone's), oldest first.",
      args: { platform: t.arg.globalID({ for: [PlatformRef] }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.platformConnection.findMany({
          ...query,
          where: connectionsWhere(ctx, args.platform?.id),
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        }),
      totalCount: (_r, args, ctx) =>
        ctx.prisma.platformConnection.count({ where: connectionsWhere(ctx, args.platform?.id) }),
    },
    {},
  ),
  socialAccounts: t.prismaConnection(
    {
      type: "SocialAccount",
      cursor: "id",
      description: "The viewer's social accounts (admins: everyone's, removed ones included).",
      args: { connection: t.arg.globalID({ for: [PlatformConnectionRef] }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.socialAccount.findMany({
          ...query,
          where: accountsWhere(ctx, args.connection?.id),
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        }),
      totalCount: (_r, args, ctx) =>
        ctx.prisma.socialAccount.count({ where: accountsWhere(ctx, args.connection?.id) }),
    },
    {},
  ),
  contentItems: t.prismaConnection(
    {
      type: "ContentItem",
      cursor: "id",
      description: "Synced items the viewer owns (admins: all), newest first.",
      args: { socialAccount: t.arg.globalID({ for: [SocialAccountRef] }) },
      resolve: (query, _r, args, ctx) =>
        ctx.prisma.contentItem.findMany({
          ...query,
          where: itemsWhere(ctx, args.socialAccount?.id),
          orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
        }),
      totalCount: (_r, args, ctx) =>
        ctx.prisma.contentItem.count({ where: itemsWhere(ctx, args.socialAccount?.id) }),
    },
    {},
  ),
  searchContentItems: t.connection(
    {
      type: ContentItemRef,
      description:
        "Full-text search over the synced items the viewer may see (web-search syntax: words, \"phrases\", -exclusions, OR), best match first. Title matches weigh most, then description, then tags.",
      args: { query: t.arg.string({ required: true }) },
      resolve: async (_r, args, ctx, info) => {
        const ranks = new Map<string, number>();
        let totalCount = 0;
        const conn = await resolveOffsetConnection({ args, defaultSize: 20, maxSize: 100 }, async ({ limit, offset }) => {
          const found = await service.searchContentItems(ctx, { query: args.query, limit, offset });
          totalCount = found.totalCount;
          found.hits.forEach((h) => ranks.set(h.id, h.rank));
          const rows = await ctx.prisma.contentItem.findMany({
            ...queryFromInfo({ context: ctx, info, typeName: "ContentItem", path: ["edges", "node"] }),
            where: { id: { in: found.hits.map((h) => h.id) }, AND: [contentItemWhereFor(ctx.viewer)] },
          });
          const byId = new Map(rows.map((r) => [r.id, r]));
          return found.hits.map((h) => byId.get(h.id)).filter((r): r is NonNullable<typeof r> => !!r);
        });
        const pageInfo = conn.edges.length ? conn.pageInfo : { ...conn.pageInfo, startCursor: null, endCursor: null };
        return { ...conn, pageInfo, totalCount, edges: conn.edges.map((e) => ({ ...e, rank: ranks.get(e.node.id) ?? 0 })) };
      },
    },
    {
      name: "ContentItemSearchConnection",
      fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: number }).totalCount }) }),
    },
    {
      name: "ContentItemSearchEdge",
      fields: (e) => ({
        rank: e.float({ description: "ts_rank of the match (higher is better).", resolve: (edge) => (edge as unknown as { rank: number }).rank }),
      }),
    },
  ),
}));

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

const ConnectPlatformInput = builder.inputType("ConnectPlatformInput", {
  fields: (t) => ({
    platform: t.globalID({ required: true, for: [PlatformRef] }),
    accessToken: t.string({ required: true, description: "The OAuth access token. Stored in the vault; never readable afterwards." }),
    refreshToken: t.string({ description: "Stored in the vault with the access token." }),
    tokenExpiresAt: t.field({ type: "DateTime" }),
    scopes: t.stringList({ description: "Granted scopes; defaults to what the platform reports." }),
  }),
});

const AddSocialAccountInput = builder.inputType("AddSocialAccountInput", {
  fields: (t) => ({
    connection: t.globalID({ required: true, for: [PlatformConnectionRef] }),
    platformAccountId: t.string({ required: true, description: "The channel / account id on the platform." }),
    syncMode: t.field({ type: SyncModeEnum, description: "Default MANUAL." }),
    visibility: t.field({ type: VisibilityEnum, description: "Default PRIVATE." }),
    isPrimary: t.boolean(),
  }),
});

const UpdateSocialAccountInput = builder.inputType("UpdateSocialAccountInput", {
  fields: (t) => ({
    syncMode: t.field({ type: SyncModeEnum }),
    visibility: t.field({ type: VisibilityEnum }),
    isPrimary: t.boolean(),
  }),
});

builder.mutationFields((t) => ({
  connectPlatform: t.prismaField({
    type: "PlatformConnection",
    description:
      "Connects a platform account: the token is checked with the platform, written to the vault, and only a reference is kept. Connecting the same platform account again replaces its token (reconnect).",
    args: { input: t.arg({ type: ConnectPlatformInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await service.connectPlatform(ctx, { ...input, platformId: input.platform.id });
      return ctx.prisma.platformConnection.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  verifyPlatformConnection: t.prismaField({
    type: "PlatformConnection",
    description: "Checks the stored token with the platform; isVerified / lastError tell the result.",
    args: { id: t.arg.globalID({ required: true, for: [PlatformConnectionRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.verifyPlatformConnection(ctx, args.id.id);
      return ctx.prisma.platformConnection.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deactivatePlatformConnection: t.prismaField({
    type: "PlatformConnection",
    description: "Deactivates a connection: its accounts stop syncing and the token is deleted from the vault.",
    args: { id: t.arg.globalID({ required: true, for: [PlatformConnectionRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.deactivatePlatformConnection(ctx, args.id.id);
      return ctx.prisma.platformConnection.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  addSocialAccount: t.prismaField({
    type: "SocialAccount",
    description: "Adds an account of a connection. The plan caps the number of live accounts (QUOTA_EXCEEDED, quota SOCIAL_ACCOUNT).",
    args: { input: t.arg({ type: AddSocialAccountInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) => {
      const { id } = await service.addSocialAccount(ctx, { ...input, connectionId: input.connection.id });
      return ctx.prisma.socialAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateSocialAccount: t.prismaField({
    type: "SocialAccount",
    args: { id: t.arg.globalID({ required: true, for: [SocialAccountRef] }), input: t.arg({ type: UpdateSocialAccountInput, required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.updateSocialAccount(ctx, args.id.id, args.input);
      return ctx.prisma.socialAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  removeSocialAccount: t.prismaField({
    type: "SocialAccount",
    description: "Removes (soft-deletes) an account; its items are hidden with it and a slot of the plan is freed.",
    args: { id: t.arg.globalID({ required: true, for: [SocialAccountRef] }) },
    resolve: async (query, _r, args, ctx) => {
      const { id } = await service.removeSocialAccount(ctx, args.id.id);
      return ctx.prisma.socialAccount.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  syncSocialAccount: t.field({
    type: SyncResultRef,
    description: "Pulls the account's items from the platform now. Consumes one SYNC quota of the owner's plan.",
    args: { id: t.arg.globalID({ required: true, for: [SocialAccountRef] }) },
    resolve: (_r, args, ctx) => service.syncSocialAccount(ctx, args.id.id),
  }),
}));
