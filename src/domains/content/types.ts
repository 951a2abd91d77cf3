import { readableUrl } from "../../core/storage.ts";
// Creators and the content catalogue. Reads only here; writes arrive with the commerce and
// creator issues.
import { ContentMediaType, PublishStatus, Visibility } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { canReadProtected } from "./access.ts";
import { contentWhereFor, creatorProfileWhereFor } from "./visibility.ts";
import { escapeLike } from "../../core/text.ts";

export const VisibilityEnum = builder.enumType(Visibility, { name: "Visibility" });
export const PublishStatusEnum = builder.enumType(PublishStatus, { name: "PublishStatus" });
export const ContentMediaTypeEnum = builder.enumType(ContentMediaType, { name: "ContentMediaType" });

export const CreatorProfileNode = builder.prismaNode("CreatorProfile", {
  nullable: true,
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [creatorProfileWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    displayName: t.exposeString("displayName", { nullable: true }),
    slug: t.exposeString("slug", { nullable: true }),
    bio: t.exposeString("bio", { nullable: true }),
    verified: t.exposeBoolean("verified"),
    verifiedAt: t.expose("verifiedAt", { type: "DateTime", nullable: true }),
    suspendedAt: t.expose("suspendedAt", { type: "DateTime", nullable: true, description: "Set while an admin has suspended the creator. The creator and admins only." }),
    suspendedReason: t.exposeString("suspendedReason", { nullable: true, description: "The creator and admins only." }),
    user: t.relation("user"),
  }),
});

export const ContentNode = builder.prismaNode("Content", {
  nullable: true,
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [contentWhereFor(ctx.viewer, "read")] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    slug: t.exposeString("slug"),
    description: t.exposeString("description", { nullable: true }),
    mediaType: t.expose("mediaType", { type: ContentMediaTypeEnum }),
    thumbnailUrl: t.string({ nullable: true, select: { thumbnailUrl: true }, description: "The cover; an uploaded one answers as a signed, expiring URL.", resolve: (c, _a, ctx) => readableUrl(ctx, c.thumbnailUrl) }),
    durationSeconds: t.exposeInt("mediaDurationSeconds", { nullable: true }),
    category: t.exposeString("category", { nullable: true }),
    tags: t.exposeStringList("tags"),
    visibility: t.expose("visibility", { type: VisibilityEnum }),
    status: t.expose("status", { type: PublishStatusEnum }),
    price: t.expose("price", { type: "Decimal", nullable: true, description: "Null means free." }),
    currency: t.exposeString("currency"),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    viewCount: t.exposeInt("viewCount"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    creator: t.relation("creator"),
    viewerHasAccess: t.boolean({
      description: "Whether the viewer may read the protected fields (mediaUrl, streamUrl, body).",
      resolve: (c, _args, ctx) => canReadProtected(ctx, c.id),
    }),
    mediaUrl: t.string({
      nullable: true,
      description: "Protected: null unless viewerHasAccess. An uploaded file answers as a signed URL that expires (MEDIA_URL_TTL_SECONDS).",
      select: { mediaUrl: true },
      resolve: async (c, _args, ctx) => ((await canReadProtected(ctx, c.id)) ? readableUrl(ctx, c.mediaUrl) : null),
    }),
    streamUrl: t.string({
      nullable: true,
      description: "Protected: null unless viewerHasAccess.",
      select: { streamUrl: true },
      resolve: async (c, _args, ctx) => ((await canReadProtected(ctx, c.id)) ? readableUrl(ctx, c.streamUrl) : null),
    }),
    body: t.string({
      nullable: true,
      description: "Protected: the written content's body (HTML); null unless viewerHasAccess.",
      select: { contentBody: true },
      resolve: async (c, _args, ctx) => ((await canReadProtected(ctx, c.id)) ? c.contentBody : null),
    }),
  }),
});

builder.queryField("contents", (t) =>
  t.prismaConnection(
    {
      type: "Content",
      cursor: "id",
      description: "The content catalogue, newest first, filtered for the viewer.",
      args: {
        search: t.arg.string({ required: false }),
        tag: t.arg.string({ required: false }),
        mediaType: t.arg({ type: ContentMediaTypeEnum, required: false }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.content.findMany({
          ...query,
          where: contentFilter(args, ctx.viewer),
          orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
        }),
      totalCount: (_root, args, ctx) => ctx.prisma.content.count({ where: contentFilter(args, ctx.viewer) }),
    },
    {},
  ),
);

function contentFilter(
  args: { search?: string | null; tag?: string | null; mediaType?: ContentMediaType | null },
  viewer: Parameters<typeof contentWhereFor>[0],
) {
  const search = args.search?.trim();
  return {
    AND: [
      contentWhereFor(viewer, "list"),
      search ? { OR: [{ title: { contains: escapeLike(search), mode: "insensitive" as const } }, { description: { contains: escapeLike(search), mode: "insensitive" as const } }] } : {},
      args.tag ? { tags: { has: args.tag } } : {},
      args.mediaType ? { mediaType: args.mediaType } : {},
    ],
  };
}
