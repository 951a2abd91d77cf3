// Threaded comments on stories and content, with reactions. Lists are top-level comments of a
// story or content item (newest first); each comment has its replies (oldest first). Reaction
// counts come from a per-request loader (one grouped statement per batch of comments).
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { hasRole, isAdmin, type Context } from "../../core/context.ts";
import { rawId } from "../stories/index.ts";
import * as service from "./service.ts";
import { liveEvents } from "../identity/index.ts";
import { commentWhereFor } from "./visibility.ts";

interface ReactionCount {
  emoji: string;
  count: number;
  viewerReacted: boolean;
}

const reactionLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, ReactionCount[]>(async (ids) => {
      const [groups, mine] = await Promise.all([
        ctx.prisma.commentReaction.groupBy({
          by: ["commentId", "emoji"],
          where: { commentId: { in: [...ids] } },
          _count: { _all: true },
          orderBy: [{ commentId: "asc" }, { emoji: "asc" }],
        }),
        ctx.viewer
          ? ctx.prisma.commentReaction.findMany({ where: { commentId: { in: [...ids] }, userId: ctx.viewer.id }, select: { commentId: true, emoji: true } })
          : Promise.resolve([]),
      ]);
      const mineSet = new Set(mine.map((r) => `${r.commentId}\u0000${r.emoji}`));
      return ids.map((id) =>
        groups
          .filter((g) => g.commentId === id)
          .map((g) => ({ emoji: g.emoji, count: g._count._all, viewerReacted: mineSet.has(`${id}\u0000${g.emoji}`) }))
          .sort((a, b) => b.count - a.count || a.emoji.localeCompare(b.emoji)),
      );
    }),
);

const ReactionCountRef = builder.objectRef<ReactionCount>("CommentReactionCount").implement({
  fields: (t) => ({
    emoji: t.exposeString("emoji"),
    count: t.exposeInt("count"),
    viewerReacted: t.exposeBoolean("viewerReacted"),
  }),
});

const threadQuery = (ctx: Context) => ({
  where: { AND: [commentWhereFor(ctx.viewer), { parentId: null }] },
  orderBy: [{ createdAt: "desc" as const }, { id: "desc" as const }],
});

export const CommentRef = builder.prismaNode("Comment", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  id: { field: "id" },
  // Select mode: only the columns the query's fields need are loaded (issue 19), plus these.
  // authorId, deletedAt: viewerCanEdit / viewerCanDelete read them.
  select: { id: true, authorId: true, deletedAt: true },
  findUnique: (id, ctx) => ({ id, AND: [commentWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    body: t.exposeString("body"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    editedAt: t.expose("editedAt", { type: "DateTime", nullable: true }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "Set on deleted comments (only admins see those)." }),
    author: t.relation("author"),
    story: t.relation("story", { nullable: true }),
    content: t.relation("content", { nullable: true }),
    parent: t.relation("parent", { nullable: true }),
    replies: t.relatedConnection(
      "replies",
      {
        cursor: "id",
        description: "Replies, oldest first.",
        query: (_args, ctx) => ({ where: commentWhereFor(ctx.viewer), orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
        totalCount: true,
      },
      {},
    ),
    replyCount: t.relationCount("replies", { where: (_args, ctx) => commentWhereFor(ctx.viewer) }),
    reactions: t.field({
      type: [ReactionCountRef],
      description: "Reaction counts per emoji, most used first.",
      resolve: (c, _a, ctx) => reactionLoader(ctx).load(c.id),
    }),
    viewerCanEdit: t.boolean({ resolve: (c, _a, ctx) => !!ctx.viewer && (c.authorId === ctx.viewer.id || isAdmin(ctx.viewer)) && !c.deletedAt }),
    viewerCanDelete: t.boolean({
      resolve: (c, _a, ctx) => !!ctx.viewer && !c.deletedAt && (c.authorId === ctx.viewer.id || isAdmin(ctx.viewer) || hasRole(ctx.viewer, "MODERATOR")),
    }),
  }),
});

builder.prismaObjectFields("Story", (t) => ({
  comments: t.relatedConnection(
    "comments",
    { cursor: "id", description: "Top-level comments, newest first; replies hang off each comment.", query: (_args, ctx) => threadQuery(ctx), totalCount: true },
    {},
  ),
  commentCount: t.relationCount("comments", { description: "Visible comments including replies.", where: (_args, ctx) => commentWhereFor(ctx.viewer) }),
}));

builder.prismaObjectFields("Content", (t) => ({
  comments: t.relatedConnection(
    "comments",
    { cursor: "id", description: "Top-level comments, newest first; replies hang off each comment.", query: (_args, ctx) => threadQuery(ctx), totalCount: true },
    {},
  ),
  commentCount: t.relationCount("comments", { description: "Visible comments including replies.", where: (_args, ctx) => commentWhereFor(ctx.viewer) }),
}));

const loadComment = (query: object, ctx: Context, id: string) => ctx.prisma.comment.findUniqueOrThrow({ ...query, where: { id } });

builder.mutationFields((t) => ({
  postComment: t.prismaField({
    type: CommentRef,
    description: "Comments on a story or a content item the viewer can see.",
    args: { targetId: t.arg.globalID({ required: true, description: "A Story or Content id." }), body: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => {
      const id = rawId(args.targetId, ["Story", "Content"], "targetId");
      const target = args.targetId.typename === "Story" ? { storyId: id } : { contentId: id };
      return loadComment(query, ctx, await service.postComment(ctx, target, args.body));
    },
  }),
  replyToComment: t.prismaField({
    type: CommentRef,
    description: "Replies in the comment's thread; the comment's author is notified.",
    args: { commentId: t.arg.globalID({ required: true }), body: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadComment(query, ctx, await service.replyToComment(ctx, rawId(args.commentId, "Comment", "commentId"), args.body)),
  }),
  editComment: t.prismaField({
    type: CommentRef,
    description: "The author edits their comment; admins edit anyone's (audited as comment.admin_edit).",
    args: { id: t.arg.globalID({ required: true }), body: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadComment(query, ctx, await service.editComment(ctx, rawId(args.id, "Comment", "id"), args.body)),
  }),
  deleteComment: t.id({
    description: "Soft delete: the author's own comment, or any comment for moderators and admins. Returns the comment's id.",
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_r, args, ctx) => encodeGlobalId("Comment", await service.deleteComment(ctx, rawId(args.id, "Comment", "id"))),
  }),
  reactToComment: t.prismaField({
    type: CommentRef,
    description: "Adds the viewer's emoji reaction (one per user and emoji; repeating it changes nothing).",
    args: { id: t.arg.globalID({ required: true }), emoji: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadComment(query, ctx, await service.reactToComment(ctx, rawId(args.id, "Comment", "id"), args.emoji)),
  }),
  removeCommentReaction: t.prismaField({
    type: CommentRef,
    args: { id: t.arg.globalID({ required: true }), emoji: t.arg.string({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadComment(query, ctx, await service.removeCommentReaction(ctx, rawId(args.id, "Comment", "id"), args.emoji)),
  }),
}));

builder.subscriptionField("commentAdded", (t) =>
  t.prismaField({
    type: "Comment",
    description:
      "New comments and replies on a story or content item the viewer can see, as they are posted (on any instance). " +
      "Each one is checked against the viewer's visibility when it arrives.",
    args: { targetId: t.arg.globalID({ required: true, description: "A Story or Content id." }) },
    subscribe: async (_root, args, ctx) => {
      const id = rawId(args.targetId, ["Story", "Content"], "targetId");
      const target: service.CommentTarget = args.targetId.typename === "Story" ? { storyId: id } : { contentId: id };
      await service.assertTargetVisible(ctx, target);
      return liveEvents(ctx, {
        topic: "commentAdded",
        key: service.commentTopicKey(target),
        visible: async (viewer, e) =>
          (await ctx.prisma.comment.findFirst({ where: { id: e.commentId, AND: [commentWhereFor(viewer)] }, select: { id: true } }))?.id ?? null,
      });
    },
    resolve: (query, commentId, _args, ctx) => ctx.prisma.comment.findUniqueOrThrow({ ...query, where: { id: commentId as unknown as string } }),
  }),
);
