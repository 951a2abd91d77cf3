// Highlights: a listener's clips of a story (000 story_highlights), referencing the story's
// nodes in order (story_highlight_nodes). Any signed-in viewer of a story may create one; only
// its owner (or an admin) changes or deletes it. They are visible with the story.
import type { StoryHighlight } from "../../generated/prisma/client.ts";
import { transaction, type Tx } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { highlightSchema, LIMITS, updateHighlightSchema } from "./inputs.ts";
import { canUpdateStoryHighlight, storyHighlightWhereFor, storyWhereFor } from "./visibility.ts";

export interface HighlightInput {
  title?: string | null;
  description?: string | null;
  videoUrl?: string | null;
  thumbnailUrl?: string | null;
  durationSeconds?: number | null;
  /** Raw node ids, in order. */
  nodeIds?: string[] | null;
}

async function checkNodes(tx: Tx, storyId: string, nodeIds: string[]): Promise<void> {
  if (nodeIds.length > LIMITS.highlightNodes) throw errors.badInput("nodeIds", `at most ${LIMITS.highlightNodes} nodes`);
  if (new Set(nodeIds).size !== nodeIds.length) throw errors.badInput("nodeIds", "must not repeat a node");
  const found = await tx.storyNode.count({ where: { id: { in: nodeIds }, storyId, deletedAt: null } });
  if (found !== nodeIds.length) throw errors.badInput("nodeIds", "must be live nodes of the highlight's story");
}

const AUDIT_KEYS = ["title", "description", "videoUrl", "thumbnailUrl", "durationSeconds"] as const;
const pick = (h: StoryHighlight) => Object.fromEntries(AUDIT_KEYS.map((k) => [k, h[k]]));

export async function createHighlight(ctx: Context, storyId: string, input: HighlightInput): Promise<string> {
  const data = parseInput(highlightSchema, { ...input, title: input.title ?? undefined, nodeIds: undefined });
  const nodeIds = input.nodeIds ?? [];
  return transaction(ctx.prisma, async (tx) => {
    const story = await tx.story.findFirst({ where: { id: storyId, AND: [storyWhereFor(ctx.viewer, "read")] }, select: { id: true } });
    if (!story) throw errors.notFound("Story", storyId);
    await checkNodes(tx, story.id, nodeIds);
    const h = await tx.storyHighlight.create({
      data: {
        storyId: story.id,
        userId: ctx.viewer!.id,
        title: data.title,
        description: data.description ?? null,
        videoUrl: data.videoUrl ?? null,
        thumbnailUrl: data.thumbnailUrl ?? null,
        durationSeconds: data.durationSeconds ?? null,
        nodes: { create: nodeIds.map((nodeId, position) => ({ nodeId, position })) },
      },
    });
    await recordAudit(tx, ctx, { action: "story_highlight.create", entityType: "StoryHighlight", entityId: h.id, newValues: { storyId: story.id, ...pick(h), nodeIds } });
    return h.id;
  });
}

async function ownHighlight(tx: Tx, ctx: Context, id: string) {
  const h = await tx.storyHighlight.findFirst({ where: { id, AND: [storyHighlightWhereFor(ctx.viewer)] }, include: { nodes: { orderBy: { position: "asc" }, select: { nodeId: true } } } });
  if (!h) throw errors.notFound("Highlight", id);
  if (!canUpdateStoryHighlight(ctx.viewer, h)) throw errors.forbidden("Only the highlight's owner can change it.", "NOT_OWNER");
  return h;
}

export async function updateHighlight(ctx: Context, id: string, input: HighlightInput): Promise<string> {
  const data = parseInput(updateHighlightSchema, { ...input, title: input.title ?? undefined, nodeIds: undefined });
  return transaction(ctx.prisma, async (tx) => {
    const h = await ownHighlight(tx, ctx, id);
    const update = Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
    const oldNodeIds = h.nodes.map((n) => n.nodeId);
    const nodeIds = input.nodeIds ?? undefined;
    if (nodeIds) await checkNodes(tx, h.storyId, nodeIds);
    const nodesChanged = nodeIds !== undefined && nodeIds.join() !== oldNodeIds.join();
    if (Object.keys(update).length === 0 && !nodesChanged) return h.id;
    const updated = await tx.storyHighlight.update({ where: { id: h.id }, data: update });
    if (nodesChanged) {
      await tx.storyHighlightNode.deleteMany({ where: { highlightId: h.id } });
      await tx.storyHighlightNode.createMany({ data: nodeIds!.map((nodeId, position) => ({ highlightId: h.id, nodeId, position })) });
    }
    await recordAudit(tx, ctx, {
      action: "story_highlight.update",
      entityType: "StoryHighlight",
      entityId: h.id,
      oldValues: { ...pick(h), nodeIds: oldNodeIds },
      newValues: { ...pick(updated), nodeIds: nodeIds ?? oldNodeIds },
    });
    return h.id;
  });
}

export async function deleteHighlight(ctx: Context, id: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const h = await ownHighlight(tx, ctx, id);
    await tx.storyHighlight.delete({ where: { id: h.id } });
    await recordAudit(tx, ctx, { action: "story_highlight.delete", entityType: "StoryHighlight", entityId: h.id, oldValues: { ...pick(h), nodeIds: h.nodes.map((n) => n.nodeId) } });
    return h.id;
  });
}
