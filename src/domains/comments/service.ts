// Comments on stories (000 story_comments) and content (002 comments): ONE threaded Comment
// model. Post and reply need to see the target; edit is the author's; soft delete is the
// author's, and moderators and admins remove any comment they can see. Reactions: one per user
// and emoji. A reply notifies the parent comment's author (COMMENT_REPLY).
import { z } from "zod";
import { transaction, isUniqueViolation, publishAfterCommit, type Tx } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { notify } from "../../core/outbox.ts";
import { contentWhereFor } from "../content/index.ts";
import { parseInput } from "../../core/validation.ts";
import { storyWhereFor } from "../stories/index.ts";
import { canDeleteComment, canUpdateComment, commentWhereFor } from "./visibility.ts";

export const COMMENT_MAX = 5_000;

const bodySchema = z.object({
  body: z.string().trim().min(1, "must not be empty").max(COMMENT_MAX, `must be at most ${COMMENT_MAX} characters`),
});

/** One emoji (with modifiers, ZWJ sequences, flags, keycaps), not text. */
const EMOJI_RE = /^(?:\p{Extended_Pictographic}|\p{Regional_Indicator}|\p{Emoji_Modifier}|[\u200d\ufe0f\u20e3#*0-9])+$/u;
const segmenter = new Intl.Segmenter("en", { granularity: "grapheme" });
const graphemes = (s: string) => [...segmenter.segment(s)].length;
const emojiSchema = z.object({
  emoji: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .max(32, "must be at most 32 characters")
    .refine((e) => EMOJI_RE.test(e) && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(e) && graphemes(e) === 1, "must be one emoji"),
});

export type CommentTarget = { storyId: string } | { contentId: string };

/** The commentAdded topic key of a story or content item. */
export function commentTopicKey(target: CommentTarget): string {
  return "storyId" in target ? `story:${target.storyId}` : `content:${target.contentId}`;
}

function publishCommentAdded(tx: Tx, c: { id: string; storyId: string | null; contentId: string | null }) {
  const key = c.storyId ? commentTopicKey({ storyId: c.storyId }) : c.contentId ? commentTopicKey({ contentId: c.contentId }) : null;
  if (key) publishAfterCommit(tx, "commentAdded", key, { commentId: c.id });
}

/** NOT_FOUND unless the viewer can see the story or content item now. */
export async function assertTargetVisible(ctx: Context, target: CommentTarget): Promise<void> {
  if ("storyId" in target) {
    const story = await ctx.prisma.story.findFirst({ where: { id: target.storyId, AND: [storyWhereFor(ctx.viewer, "read")] }, select: { id: true } });
    if (!story) throw errors.notFound("Story", target.storyId);
  } else {
    const content = await ctx.prisma.content.findFirst({ where: { id: target.contentId, AND: [contentWhereFor(ctx.viewer, "read")] }, select: { id: true } });
    if (!content) throw errors.notFound("Content", target.contentId);
  }
}

async function visibleComment(tx: Tx, ctx: Context, id: string) {
  const c = await tx.comment.findFirst({ where: { id, AND: [commentWhereFor(ctx.viewer)] } });
  if (!c) throw errors.notFound("Comment", id);
  return c;
}

export async function postComment(ctx: Context, target: CommentTarget, body: string): Promise<string> {
  const data = parseInput(bodySchema, { body });
  return transaction(ctx.prisma, async (tx) => {
    if ("storyId" in target) {
      const story = await tx.story.findFirst({ where: { id: target.storyId, AND: [storyWhereFor(ctx.viewer, "read")] }, select: { id: true } });
      if (!story) throw errors.notFound("Story", target.storyId);
    } else {
      const content = await tx.content.findFirst({ where: { id: target.contentId, AND: [contentWhereFor(ctx.viewer, "read")] }, select: { id: true } });
      if (!content) throw errors.notFound("Content", target.contentId);
    }
    const c = await tx.comment.create({ data: { authorId: ctx.viewer!.id, body: data.body, ...target } });
    publishCommentAdded(tx, c);
    await recordAudit(tx, ctx, { action: "comment.post", entityType: "Comment", entityId: c.id, newValues: { ...target, body: c.body } });
    return c.id;
  });
}

export async function replyToComment(ctx: Context, parentId: string, body: string): Promise<string> {
  const data = parseInput(bodySchema, { body });
  return transaction(ctx.prisma, async (tx) => {
    const parent = await visibleComment(tx, ctx, parentId);
    if (parent.deletedAt) throw errors.conflict("COMMENT_DELETED", "You cannot reply to a deleted comment.");
    const c = await tx.comment.create({
      data: { authorId: ctx.viewer!.id, body: data.body, parentId: parent.id, storyId: parent.storyId, contentId: parent.contentId },
    });
    publishCommentAdded(tx, c);
    if (parent.authorId !== ctx.viewer!.id) {
      await notify(tx, {
        userId: parent.authorId,
        type: "COMMENT_REPLY",
        title: "New reply to your comment",
        message: c.body.length > 200 ? `${c.body.slice(0, 197)}...` : c.body,
        relatedEntityType: "Comment",
        relatedEntityId: c.id,
        metadata: { parentId: parent.id, replierId: ctx.viewer!.id, storyId: parent.storyId, contentId: parent.contentId },
      });
    }
    await recordAudit(tx, ctx, { action: "comment.reply", entityType: "Comment", entityId: c.id, newValues: { parentId: parent.id, body: c.body } });
    return c.id;
  });
}

export async function editComment(ctx: Context, id: string, body: string): Promise<string> {
  const data = parseInput(bodySchema, { body });
  return transaction(ctx.prisma, async (tx) => {
    const c = await visibleComment(tx, ctx, id);
    // Admins fix anyone's comment (audited as comment.admin_edit with the author).
    if (!canUpdateComment(ctx.viewer, c)) throw errors.forbidden("Only the author (or an admin) can edit a comment.", "NOT_AUTHOR");
    const byAdmin = c.authorId !== ctx.viewer!.id;
    if (c.deletedAt) throw errors.conflict("COMMENT_DELETED", "A deleted comment cannot be edited.");
    if (c.body === data.body) return c.id;
    const now = ctx.services.clock();
    await tx.comment.update({ where: { id: c.id }, data: { body: data.body, editedAt: now } });
    await recordAudit(tx, ctx, {
      action: byAdmin ? "comment.admin_edit" : "comment.edit",
      entityType: "Comment",
      entityId: c.id,
      oldValues: { body: c.body },
      newValues: { body: data.body, ...(byAdmin ? { authorId: c.authorId } : {}) },
    });
    return c.id;
  });
}

/** The author deletes their own; moderators and admins remove anyone's (audited as comment.remove). */
export async function deleteComment(ctx: Context, id: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const c = await visibleComment(tx, ctx, id);
    const own = c.authorId === ctx.viewer!.id;
    if (!canDeleteComment(ctx.viewer, c)) throw errors.forbidden("Only the author, moderators and admins can delete a comment.", "NOT_AUTHOR");
    if (c.deletedAt) throw errors.conflict("COMMENT_DELETED", "This comment is already deleted.");
    const now = ctx.services.clock();
    await tx.comment.update({ where: { id: c.id }, data: { deletedAt: now } });
    await recordAudit(tx, ctx, {
      action: own ? "comment.delete" : "comment.remove",
      entityType: "Comment",
      entityId: c.id,
      oldValues: { deletedAt: null, authorId: c.authorId },
      newValues: { deletedAt: now },
    });
    return c.id;
  });
}

/** Adds the viewer's reaction; reacting twice with the same emoji changes nothing. */
export async function reactToComment(ctx: Context, id: string, emoji: string): Promise<string> {
  const data = parseInput(emojiSchema, { emoji });
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const c = await visibleComment(tx, ctx, id);
      if (c.deletedAt) throw errors.conflict("COMMENT_DELETED", "You cannot react to a deleted comment.");
      const existing = await tx.commentReaction.findUnique({ where: { commentId_userId_emoji: { commentId: c.id, userId: ctx.viewer!.id, emoji: data.emoji } } });
      if (existing) return c.id;
      const r = await tx.commentReaction.create({ data: { commentId: c.id, userId: ctx.viewer!.id, emoji: data.emoji } });
      await recordAudit(tx, ctx, { action: "comment_reaction.add", entityType: "CommentReaction", entityId: r.id, newValues: { commentId: c.id, emoji: data.emoji } });
      return c.id;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return id; // the same reaction arrived concurrently
    throw e;
  }
}

export async function removeCommentReaction(ctx: Context, id: string, emoji: string): Promise<string> {
  const data = parseInput(emojiSchema, { emoji });
  return transaction(ctx.prisma, async (tx) => {
    const c = await visibleComment(tx, ctx, id);
    const existing = await tx.commentReaction.findUnique({ where: { commentId_userId_emoji: { commentId: c.id, userId: ctx.viewer!.id, emoji: data.emoji } } });
    if (!existing) return c.id;
    await tx.commentReaction.delete({ where: { id: existing.id } });
    await recordAudit(tx, ctx, { action: "comment_reaction.remove", entityType: "CommentReaction", entityId: existing.id, oldValues: { commentId: c.id, emoji: data.emoji } });
    return c.id;
  });
}
