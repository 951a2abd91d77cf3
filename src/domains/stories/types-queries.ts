// Story queries: one story by id, the paged list (search, tag, mine, order), the viewer's
// progress and the validation report. Every read is filtered by visibility.ts.
import { builder } from "../../schema/builder.ts";
import type { Context } from "../../core/context.ts";
import { rawId } from "./ids.ts";
import * as service from "./service.ts";
import { NO_ROWS, storyProgressWhereFor, storyWhereFor } from "./visibility.ts";
import { escapeLike } from "../../core/text.ts";
import { ValidationRef, viewOf } from "./types-validation.ts";
import { ProgressRef, StoryOrderEnum } from "./types.ts";

// ---------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------

function storiesFilter(args: { search?: string | null; tag?: string | null; mine?: boolean | null }, ctx: Context) {
  const search = args.search?.trim();
  return {
    AND: [
      storyWhereFor(ctx.viewer, "list"),
      search
        ? {
            OR: [
              { title: { contains: escapeLike(search), mode: "insensitive" as const } },
              { description: { contains: escapeLike(search), mode: "insensitive" as const } },
              { tags: { has: search.toLowerCase() } },
            ],
          }
        : {},
      args.tag ? { tags: { has: args.tag.trim().toLowerCase() } } : {},
      args.mine ? (ctx.viewer ? { creatorId: ctx.viewer.id } : NO_ROWS) : {},
    ],
  };
}

const ORDER = {
  NEWEST: [{ publishedAt: { sort: "desc", nulls: "last" } }, { createdAt: "desc" }, { id: "desc" }],
  MOST_PLAYED: [{ playCount: "desc" }, { id: "desc" }],
  MOST_COMPLETED: [{ completionCount: "desc" }, { id: "desc" }],
} as const;

builder.queryFields((t) => ({
  story: t.prismaField({
    type: "Story",
    nullable: true,
    args: { id: t.arg.globalID({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.story.findFirst({ ...query, where: { id: rawId(args.id, "Story", "id"), ...storyWhereFor(ctx.viewer, "read") } }),
  }),
  stories: t.prismaConnection(
    {
      type: "Story",
      cursor: "id",
      description: "Published public stories (plus the viewer's own), searchable by title, description and tag.",
      args: {
        search: t.arg.string({ description: "Matches title or description (case-insensitive) or an exact tag." }),
        tag: t.arg.string(),
        mine: t.arg.boolean({ description: "Only the viewer's own stories (drafts included)." }),
        orderBy: t.arg({ type: StoryOrderEnum, defaultValue: "NEWEST" }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.story.findMany({
          ...query,
          where: storiesFilter(args, ctx),
          orderBy: ORDER[args.orderBy ?? "NEWEST"] as never,
        }),
      totalCount: (_root, args, ctx) => ctx.prisma.story.count({ where: storiesFilter(args, ctx) }),
    },
    {},
  ),
  storyValidation: t.field({
    type: ValidationRef,
    description: "The graph check of a story, for its creator and admins.",
    args: { storyId: t.arg.globalID({ required: true }) },
    resolve: async (_root, args, ctx) => viewOf(ctx, await service.storyValidation(ctx, rawId(args.storyId, "Story", "storyId"))),
  }),
  myProgress: t.prismaField({
    type: ProgressRef,
    nullable: true,
    description: "The viewer's progress on a story: null when not started (or the story is not visible).",
    args: { storyId: t.arg.globalID({ required: true }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.userStoryProgress.findFirst({
        ...query,
        where: { userId: ctx.viewer!.id, storyId: rawId(args.storyId, "Story", "storyId"), AND: [storyProgressWhereFor(ctx.viewer)] },
      }),
  }),
}));
