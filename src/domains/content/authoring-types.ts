import { readableUrl } from "../../core/storage.ts";
// GraphQL surface of authoring (service: authoring.ts) and the by-slug lookups of content and
// series. Mutations answer the changed row, reloaded with the client's selection (one query).
import { decodeGlobalId } from "../../core/ids.ts";
import { builder } from "../../schema/builder.ts";
import { isAdmin } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import * as service from "./authoring.ts";
import { ContentMediaTypeEnum, ContentNode, VisibilityEnum } from "./types.ts";
import { contentWhereFor, seriesWhereFor } from "./visibility.ts";

/** The row id of a global id of one of `types` (else BAD_USER_INPUT naming the argument). */
function idOf(value: string, types: string[], field: string): string {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalId(value);
  } catch {
    throw errors.badInput(field, "is not a valid id");
  }
  if (!types.includes(decoded.typename)) throw errors.badInput(field, `must be the id of a ${types.join(" or ")}`);
  return decoded.id;
}

const contentInputFields = (t: any, create: boolean) => ({
  title: t.string({ required: create }),
  slug: t.string({ description: "Unique; made from the title when left out." }),
  description: t.string(),
  body: t.string({ description: "Written content's body (HTML). Protected like the media." }),
  mediaUrl: t.string({ description: "The main media: an http(s) URL or the media:// reference of an upload (attachUpload sets it)." }),
  streamUrl: t.string(),
  thumbnailUrl: t.string(),
  durationSeconds: t.int(),
  category: t.string(),
  tags: t.stringList(),
  visibility: t.field({ type: VisibilityEnum, description: "Default PRIVATE for a new draft." }),
  price: t.field({ type: "Decimal", description: "Greater than 0; null = free. Required to publish PURCHASED_ONLY content." }),
  currency: t.string({ description: "ISO 4217, default USD." }),
  previewText: t.string({ description: "A free excerpt anyone who can see the item may read." }),
  previewMediaUrl: t.string({ description: "Free preview media (a trailer, the first minutes)." }),
  prerequisiteIds: t.idList({ description: "Content the viewer must complete before the protected fields open (replaces the list)." }),
});

const CreateContentInput = builder.inputType("CreateContentInput", {
  fields: (t) => ({ ...contentInputFields(t, true), mediaType: t.field({ type: ContentMediaTypeEnum, required: true }) }),
});
const UpdateContentInput = builder.inputType("UpdateContentInput", {
  fields: (t) => ({ ...contentInputFields(t, false), mediaType: t.field({ type: ContentMediaTypeEnum }) }),
});
const SeriesInputFields = (t: any, create: boolean) => ({
  title: t.string({ required: create }),
  slug: t.string(),
  description: t.string(),
  thumbnailUrl: t.string(),
  price: t.field({ type: "Decimal", description: "Bundle price (> 0); null = not sold as a bundle." }),
  currency: t.string(),
});
const CreateSeriesInput = builder.inputType("CreateSeriesInput", { fields: (t) => SeriesInputFields(t, true) });
const UpdateSeriesInput = builder.inputType("UpdateSeriesInput", { fields: (t) => SeriesInputFields(t, false) });

function contentInput(input: Record<string, unknown>) {
  const { prerequisiteIds, ...rest } = input as { prerequisiteIds?: string[] | null };
  return { ...rest, prerequisiteIds: prerequisiteIds?.map((id, i) => idOf(String(id), ["Content"], `prerequisiteIds.${i}`)) ?? prerequisiteIds };
}

builder.queryFields((t) => ({
  content: t.prismaField({
    type: "Content",
    nullable: true,
    description: "A content item by slug (unlisted ones too); null when the viewer may not see it.",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.content.findFirst({ ...query, where: { slug: args.slug, AND: [contentWhereFor(ctx.viewer, "read")] } }),
  }),
  series: t.prismaField({
    type: "ContentSeries",
    nullable: true,
    description: "A series by slug; null when the viewer may not see it.",
    args: { slug: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.contentSeries.findFirst({ ...query, where: { slug: args.slug, AND: [seriesWhereFor(ctx.viewer)] } }),
  }),
}));

builder.prismaObjectFields("Content", (t) => ({
  previewText: t.exposeString("previewText", { nullable: true, description: "Free excerpt: readable by anyone who can see the item." }),
  previewMediaUrl: t.string({
    nullable: true,
    select: { previewMediaUrl: true },
    description: "Free preview media: readable by anyone who can see the item (an upload answers as a signed, expiring URL).",
    resolve: (c, _a, ctx) => readableUrl(ctx, c.previewMediaUrl),
  }),
  deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "Set when soft-deleted (only admins see deleted items)." }),
  seriesPosition: t.exposeInt("seriesPosition", { nullable: true }),
  series: t.field({
    type: "ContentSeries" as never, // the ContentSeries node is defined by commerce (a higher domain) until the floor plan moves it here
    nullable: true,
    description: "The series (course, serial, bundle) the item belongs to, when the viewer may see it.",
    // A series and its items have one creator (addSeriesItem keeps it so): when the item is
    // visible to a non-owner its creator is not suspended, so status and deletion decide here.
    select: (_args, _ctx, nested) => ({ series: nested({ select: { creatorId: true, status: true, deletedAt: true } } as never) }),
    resolve: (c, _a, ctx) => {
      const s = (c as unknown as { series: null | { creatorId: string; status: string; deletedAt: Date | null } }).series;
      if (!s) return null as never;
      if (isAdmin(ctx.viewer) || s.creatorId === ctx.viewer?.id) return s as never;
      return (s.deletedAt === null && s.status === "PUBLISHED" ? s : null) as never;
    },
  }),
  prerequisites: t.field({
    type: [ContentNode],
    description: "Items to complete first: the protected fields stay closed until the viewer's playback of each is completed.",
    select: (_args, ctx, nested) => ({
      prerequisites: { where: { prerequisite: contentWhereFor(ctx.viewer, "read") }, select: { prerequisite: nested() }, orderBy: { createdAt: "asc" } },
    }),
    resolve: (c) => (c as unknown as { prerequisites: Array<{ prerequisite: unknown }> }).prerequisites.map((p) => p.prerequisite) as never,
  }),
}));

const contentResult = (id: string, ctx: { prisma: import("../../db/client.ts").PrismaClient }, query: object) => ctx.prisma.content.findUniqueOrThrow({ ...query, where: { id } });
const seriesResult = (id: string, ctx: { prisma: import("../../db/client.ts").PrismaClient }, query: object) => ctx.prisma.contentSeries.findUniqueOrThrow({ ...query, where: { id } });

builder.mutationFields((t) => {
  const contentStatus = (change: "publish" | "unpublish" | "archive", description: string) =>
    t.prismaField({
      type: "Content",
      description,
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _r, args, ctx) => contentResult((await service.changeContentStatus(ctx, idOf(String(args.id), ["Content"], "id"), change)).id, ctx, query),
    });
  return {
    createContent: t.prismaField({
      type: "Content",
      description: "Creators: a new DRAFT item (any ContentMediaType). Taken slug → CONFLICT SLUG_TAKEN.",
      args: { input: t.arg({ type: CreateContentInput, required: true }) },
      resolve: async (query, _r, args, ctx) => contentResult((await service.createContent(ctx, contentInput(args.input) as service.CreateContentInput)).id, ctx, query),
    }),
    updateContent: t.prismaField({
      type: "Content",
      description: "The owner (or an admin) changes an item. A published item must stay complete (as publishContent checks).",
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateContentInput, required: true }) },
      resolve: async (query, _r, args, ctx) =>
        contentResult((await service.updateContent(ctx, idOf(String(args.id), ["Content"], "id"), contentInput(args.input) as service.UpdateContentInput)).id, ctx, query),
    }),
    publishContent: contentStatus("publish", "Publishes an item. Incomplete → BAD_USER_INPUT whose issues name every missing field (title, mediaUrl or body, price)."),
    unpublishContent: contentStatus("unpublish", "Back to DRAFT: off the listings; buyers keep their access."),
    archiveContent: contentStatus("archive", "ARCHIVED: off the listings; buyers keep their access."),
    deleteContent: t.prismaField({
      type: "Content",
      nullable: true,
      description: "Soft delete by the owner or an admin; answers null (the item is no longer visible). Admins can restore it.",
      args: { id: t.arg.id({ required: true }) },
      resolve: async (_query, _r, args, ctx) => {
        await service.deleteContent(ctx, idOf(String(args.id), ["Content"], "id"));
        return null;
      },
    }),
    restoreContent: t.prismaField({
      type: "Content",
      description: "Admin: undoes a soft delete.",
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _r, args, ctx) => contentResult((await service.restoreContent(ctx, idOf(String(args.id), ["Content"], "id"))).id, ctx, query),
    }),
    createSeries: t.prismaField({
      type: "ContentSeries",
      description: "Creators: a new DRAFT series (a course, a serial, a bundle).",
      args: { input: t.arg({ type: CreateSeriesInput, required: true }) },
      resolve: async (query, _r, args, ctx) => seriesResult((await service.createSeries(ctx, args.input as service.CreateSeriesInput)).id, ctx, query),
    }),
    updateSeries: t.prismaField({
      type: "ContentSeries",
      description: "The owner (or an admin) changes a series, its bundle price included.",
      args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateSeriesInput, required: true }) },
      resolve: async (query, _r, args, ctx) => seriesResult((await service.updateSeries(ctx, idOf(String(args.id), ["ContentSeries"], "id"), args.input as service.UpdateSeriesInput)).id, ctx, query),
    }),
    addSeriesItem: t.prismaField({
      type: "ContentSeries",
      description: "Adds one of the owner's items at `position` (default: last). An item belongs to one series at a time.",
      args: { seriesId: t.arg.id({ required: true }), contentId: t.arg.id({ required: true }), position: t.arg.int() },
      resolve: async (query, _r, args, ctx) =>
        seriesResult(
          (await service.addSeriesItem(ctx, idOf(String(args.seriesId), ["ContentSeries"], "seriesId"), idOf(String(args.contentId), ["Content"], "contentId"), args.position)).id,
          ctx,
          query,
        ),
    }),
    removeSeriesItem: t.prismaField({
      type: "ContentSeries",
      description: "Takes an item out of the series (the item itself stays).",
      args: { seriesId: t.arg.id({ required: true }), contentId: t.arg.id({ required: true }) },
      resolve: async (query, _r, args, ctx) =>
        seriesResult((await service.removeSeriesItem(ctx, idOf(String(args.seriesId), ["ContentSeries"], "seriesId"), idOf(String(args.contentId), ["Content"], "contentId"))).id, ctx, query),
    }),
    reorderSeriesItems: t.prismaField({
      type: "ContentSeries",
      description: "Sets the order: contentIds must list every item of the series exactly once.",
      args: { seriesId: t.arg.id({ required: true }), contentIds: t.arg.idList({ required: true }) },
      resolve: async (query, _r, args, ctx) =>
        seriesResult(
          (await service.reorderSeriesItems(ctx, idOf(String(args.seriesId), ["ContentSeries"], "seriesId"), args.contentIds.map((id, i) => idOf(String(id), ["Content"], `contentIds.${i}`)))).id,
          ctx,
          query,
        ),
    }),
    publishSeries: t.prismaField({
      type: "ContentSeries",
      description: "Publishes a series (it needs at least one published item).",
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _r, args, ctx) => seriesResult((await service.setSeriesPublished(ctx, idOf(String(args.id), ["ContentSeries"], "id"), true)).id, ctx, query),
    }),
    unpublishSeries: t.prismaField({
      type: "ContentSeries",
      description: "Back to DRAFT: off the listings; bundle buyers keep their access.",
      args: { id: t.arg.id({ required: true }) },
      resolve: async (query, _r, args, ctx) => seriesResult((await service.setSeriesPublished(ctx, idOf(String(args.id), ["ContentSeries"], "id"), false)).id, ctx, query),
    }),
  };
});
