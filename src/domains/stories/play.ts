// Playing a story: one progress row per (listener, story), the ordered path as
// story_progress_steps, an optimistic lock (`version`) so two concurrent choices on the same
// progress never both apply (one wins, the other gets CONFLICT). Reaching an ending completes the
// playthrough; endings are terminal (restart to play again).
//
// Counters: Story.playCount counts listeners (incremented when a listener's progress is first
// created); Story.completionCount counts listeners who reached an ending at least once
// (UserStoryProgress.completedAt is that first completion and survives restarts).
// Analytics: story_start / story_choice / story_complete Event rows for the creator funnel.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Prisma } from "../../generated/prisma/client.ts";
import { isUniqueViolation, transaction, type Tx, publishAfterCommit } from "../../core/tx.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import type { Context } from "../../core/context.ts";
import { appError, errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { loadEntitlements, lockReason } from "./gates.ts";
import { idempotencyKeySchema, listenSecondsSchema } from "./inputs.ts";
import { storyWhereFor } from "./visibility.ts";

type StoryEvent = "story_start" | "story_choice" | "story_complete";

async function recordStoryEvent(tx: Tx, ctx: Context, eventType: StoryEvent, storyId: string, eventData: Prisma.InputJsonObject) {
  const userId = ctx.viewer!.id;
  await tx.event.create({
    data: {
      userId,
      dedupeKey: userId,
      clientEventId: randomUUID(),
      eventType,
      eventData,
      storyId,
      serverTime: ctx.services.clock(),
      ipAddress: ctx.ip,
      userAgent: ctx.userAgent?.slice(0, 500) ?? null,
    },
  });
}

async function playableStory(tx: Tx, ctx: Context, storyId: string) {
  const story = await tx.story.findFirst({
    where: { id: storyId, AND: [storyWhereFor(ctx.viewer, "read")] },
    select: { id: true, creatorId: true, startNode: { select: { id: true, storyId: true, deletedAt: true, isEnding: true } } },
  });
  if (!story) throw errors.notFound("Story", storyId);
  return story;
}

function startNodeOf(story: Awaited<ReturnType<typeof playableStory>>) {
  const start = story.startNode;
  if (!start || start.deletedAt || start.storyId !== story.id) {
    throw errors.conflict("STORY_NOT_PLAYABLE", "This story has no start node to play from.");
  }
  return start;
}

/** Tells the listener's other devices (storyProgressUpdated), once the transaction commits. */
function publishProgress(tx: Tx, ctx: Context, storyId: string, progressId: string) {
  publishAfterCommit(tx, "storyProgressUpdated", ctx.viewer!.id, { storyId, progressId });
  publishAfterCommit(tx, "storyListening", storyId, {});
}

async function progressOf(tx: Tx, ctx: Context, storyId: string) {
  const progress = await tx.userStoryProgress.findUnique({ where: { userId_storyId: { userId: ctx.viewer!.id, storyId } } });
  if (!progress) throw errors.conflict("STORY_NOT_STARTED", "Start the story first (startStory).");
  return progress;
}

/** Marks the playthrough complete at `endingId`; counts the listener's first completion. */
async function complete(tx: Tx, ctx: Context, storyId: string, progress: { id: string; completedAt: Date | null }, endingId: string, now: Date) {
  await tx.userStoryProgress.update({
    where: { id: progress.id },
    data: { completed: true, completedAt: progress.completedAt ?? now },
  });
  if (!progress.completedAt) await tx.story.update({ where: { id: storyId }, data: { completionCount: { increment: 1 } } });
  await recordStoryEvent(tx, ctx, "story_complete", storyId, { nodeId: endingId });
}

/** Idempotent: a listener who already started gets their existing progress back, unchanged. */
export async function startStory(ctx: Context, storyId: string): Promise<string> {
  const userId = ctx.viewer!.id;
  const existing = async () =>
    (await ctx.prisma.userStoryProgress.findUnique({ where: { userId_storyId: { userId, storyId } }, select: { id: true } }))?.id ?? null;
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const story = await playableStory(tx, ctx, storyId);
      const already = await tx.userStoryProgress.findUnique({ where: { userId_storyId: { userId, storyId: story.id } }, select: { id: true } });
      if (already) return already.id;
      const start = startNodeOf(story);
      const now = ctx.services.clock();
      const progress = await tx.userStoryProgress.create({
        data: {
          userId,
          storyId: story.id,
          currentNodeId: start.id,
          startedAt: now,
          lastPlayedAt: now,
          steps: { create: { position: 0, nodeId: start.id, visitedAt: now } },
        },
      });
      await tx.story.update({ where: { id: story.id }, data: { playCount: { increment: 1 } } });
      await recordStoryEvent(tx, ctx, "story_start", story.id, { nodeId: start.id });
      if (start.isEnding) await complete(tx, ctx, story.id, progress, start.id, now);
      publishProgress(tx, ctx, story.id, progress.id);
      await recordAudit(tx, ctx, { action: "story_progress.start", entityType: "UserStoryProgress", entityId: progress.id, newValues: { storyId: story.id, currentNodeId: start.id } });
      return progress.id;
    });
  } catch (e) {
    // A concurrent startStory by the same listener created it first: return theirs.
    if (isUniqueViolation(e)) {
      const id = await existing();
      if (id) return id;
    }
    throw e;
  }
}

export async function chooseChoice(ctx: Context, storyId: string, choiceId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await playableStory(tx, ctx, storyId);
    const progress = await progressOf(tx, ctx, story.id);
    const choice = await tx.storyChoice.findFirst({
      where: {
        id: choiceId,
        deletedAt: null,
        fromNode: { storyId: story.id, deletedAt: null },
        toNode: { storyId: story.id, deletedAt: null },
      },
      select: { id: true, fromNodeId: true, gate: true, gateVoicePackId: true, toNode: { select: { id: true, isEnding: true } } },
    });
    if (!choice) throw errors.notFound("Story choice", choiceId);
    if (progress.completed) throw errors.conflict("STORY_COMPLETED", "This playthrough has reached an ending; restart the story to play again.");
    if (choice.fromNodeId !== progress.currentNodeId) {
      throw errors.conflict("CHOICE_NOT_FROM_CURRENT_NODE", "This choice does not leave the node you are at.");
    }
    if (choice.gate !== "NONE") {
      const now = ctx.services.clock();
      const ent = await loadEntitlements(tx, ctx.viewer!.id, now, ctx.config.SUBSCRIPTION_GRACE_DAYS);
      const reason = lockReason(ctx.viewer, { gate: choice.gate, gateVoicePackId: choice.gateVoicePackId, storyCreatorId: story.creatorId }, ent);
      if (reason === "VOICE_PACK_REQUIRED") {
        throw appError("FORBIDDEN", "This choice needs a voice pack you do not own.", {
          reason,
          requiredVoicePackId: choice.gateVoicePackId ? encodeGlobalId("VoicePack", choice.gateVoicePackId) : null,
        });
      }
      if (reason) throw errors.forbidden("This choice needs an active subscription.", reason);
    }
    const now = ctx.services.clock();
    // Optimistic lock: only the request that read this version may move the progress.
    const moved = await tx.userStoryProgress.updateMany({
      where: { id: progress.id, version: progress.version, completed: false },
      data: { currentNodeId: choice.toNode.id, version: { increment: 1 }, lastPlayedAt: now },
    });
    if (moved.count !== 1) throw errors.conflict("PROGRESS_CHANGED", "Your progress changed in another request; reload it and choose again.");
    const last = await tx.storyProgressStep.findFirst({ where: { progressId: progress.id }, orderBy: { position: "desc" }, select: { position: true } });
    await tx.storyProgressStep.create({
      data: { progressId: progress.id, position: (last?.position ?? -1) + 1, nodeId: choice.toNode.id, choiceId: choice.id, visitedAt: now },
    });
    await recordStoryEvent(tx, ctx, "story_choice", story.id, { nodeId: choice.fromNodeId, choiceId: choice.id, toNodeId: choice.toNode.id });
    if (choice.toNode.isEnding) await complete(tx, ctx, story.id, progress, choice.toNode.id, now);
    publishProgress(tx, ctx, story.id, progress.id);
    await recordAudit(tx, ctx, {
      action: "story_progress.choose",
      entityType: "UserStoryProgress",
      entityId: progress.id,
      oldValues: { currentNodeId: progress.currentNodeId, version: progress.version },
      newValues: { currentNodeId: choice.toNode.id, choiceId: choice.id, version: progress.version + 1, completed: choice.toNode.isEnding },
    });
    return progress.id;
  });
}

/** Back to the start node: a new path, not completed; listen time and first completion are kept. */
export async function restartStory(ctx: Context, storyId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await playableStory(tx, ctx, storyId);
    const progress = await progressOf(tx, ctx, story.id);
    const start = startNodeOf(story);
    const now = ctx.services.clock();
    const moved = await tx.userStoryProgress.updateMany({
      where: { id: progress.id, version: progress.version },
      data: { currentNodeId: start.id, completed: false, version: { increment: 1 }, lastPlayedAt: now },
    });
    if (moved.count !== 1) throw errors.conflict("PROGRESS_CHANGED", "Your progress changed in another request; reload it and try again.");
    await tx.storyProgressStep.deleteMany({ where: { progressId: progress.id } });
    await tx.storyProgressStep.create({ data: { progressId: progress.id, position: 0, nodeId: start.id, visitedAt: now } });
    await recordStoryEvent(tx, ctx, "story_start", story.id, { nodeId: start.id });
    if (start.isEnding) await complete(tx, ctx, story.id, progress, start.id, now);
    publishProgress(tx, ctx, story.id, progress.id);
    await recordAudit(tx, ctx, {
      action: "story_progress.restart",
      entityType: "UserStoryProgress",
      entityId: progress.id,
      oldValues: { currentNodeId: progress.currentNodeId, completed: progress.completed, version: progress.version },
      newValues: { currentNodeId: start.id, completed: start.isEnding, version: progress.version + 1 },
    });
    return progress.id;
  });
}

const listenSchema = z.object({ seconds: listenSecondsSchema, idempotencyKey: idempotencyKeySchema.optional() });

/**
 * Adds listened seconds (1..3600 per call). With an idempotencyKey, a retried call (same key
 * within a day) adds nothing the second time and returns the progress as it is.
 */
export async function recordListenTime(ctx: Context, storyId: string, seconds: number, idempotencyKey?: string | null): Promise<string> {
  const input = parseInput(listenSchema, { seconds, idempotencyKey: idempotencyKey ?? undefined });
  const userId = ctx.viewer!.id;
  const key = input.idempotencyKey ? `story-listen:${userId}:${input.idempotencyKey}` : null;
  if (key && (await ctx.services.kv.incr(key, 86_400)) > 1) {
    const progress = await ctx.prisma.userStoryProgress.findUnique({ where: { userId_storyId: { userId, storyId } }, select: { id: true } });
    if (!progress) throw errors.conflict("STORY_NOT_STARTED", "Start the story first (startStory).");
    return progress.id;
  }
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const story = await playableStory(tx, ctx, storyId);
      const progress = await progressOf(tx, ctx, story.id);
      const now = ctx.services.clock();
      const updated = await tx.userStoryProgress.update({
        where: { id: progress.id },
        data: { totalListenTimeSeconds: { increment: input.seconds }, lastPlayedAt: now },
        select: { totalListenTimeSeconds: true },
      });
      publishProgress(tx, ctx, story.id, progress.id);
      await recordAudit(tx, ctx, {
        action: "story_progress.listen",
        entityType: "UserStoryProgress",
        entityId: progress.id,
        oldValues: { totalListenTimeSeconds: progress.totalListenTimeSeconds },
        newValues: { totalListenTimeSeconds: updated.totalListenTimeSeconds, added: input.seconds },
      });
      return progress.id;
    });
  } catch (e) {
    if (key) await ctx.services.kv.del(key); // nothing was recorded: let a retry through
    throw e;
  }
}
