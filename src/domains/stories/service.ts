// Authoring: stories, nodes and choices, for the story's creator (admins on any story).
// Creating a story needs the CREATOR role (or ADMIN); members cannot author. Changing an existing
// story needs to be its creator (or an admin) — a creator who lost the role keeps control of the
// stories they already have. A story the viewer cannot see is NOT_FOUND; one they can see but do
// not own is FORBIDDEN. Every change is one transaction with one audit row.
import type { Prisma, Story } from "../../generated/prisma/client.ts";
import { transaction, type Tx } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { validateStoryGraph, type ValidationReport } from "./graph.ts";
import {
  addNodeSchema,
  choiceLabelSchema,
  createStorySchema,
  updateNodeSchema,
  updateStorySchema,
} from "./inputs.ts";
import { canUpdateStory, storyWhereFor } from "./visibility.ts";

type Json = Prisma.InputJsonValue;

/** The story, if the viewer may change it (NOT_FOUND if they cannot see it, FORBIDDEN if not theirs). */
export async function storyForAuthoring(db: Tx, ctx: Context, storyId: string): Promise<Story> {
  const story = await db.story.findFirst({ where: { id: storyId, AND: [storyWhereFor(ctx.viewer, "read")] } });
  if (!story) throw errors.notFound("Story", storyId);
  if (!canUpdateStory(ctx.viewer, story)) throw errors.forbidden("Only the story's creator can change it.", "NOT_STORY_CREATOR");
  return story;
}

async function nodeForAuthoring(db: Tx, ctx: Context, nodeId: string) {
  const node = await db.storyNode.findFirst({ where: { id: nodeId, deletedAt: null, story: storyWhereFor(ctx.viewer, "read") } });
  if (!node) throw errors.notFound("Story node", nodeId);
  const story = await storyForAuthoring(db, ctx, node.storyId);
  return { node, story };
}

async function choiceForAuthoring(db: Tx, ctx: Context, choiceId: string) {
  const choice = await db.storyChoice.findFirst({
    where: { id: choiceId, deletedAt: null, fromNode: { deletedAt: null, story: storyWhereFor(ctx.viewer, "read") } },
  });
  if (!choice) throw errors.notFound("Story choice", choiceId);
  const story = await storyForAuthoring(db, ctx, choice.storyId);
  return { choice, story };
}

function pick<T extends object>(row: T, keys: (keyof T)[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, row[k]])) as Partial<T>;
}

/**
 * Applies the defined fields of `update` with `write` and audits exactly those fields (old and
 * new values). An update with nothing defined changes nothing and writes no audit row.
 */
async function auditedUpdate<R extends { id: string }>(
  tx: Tx,
  ctx: Context,
  entry: { action: string; entityType: string },
  row: R,
  update: Record<string, unknown>,
  write: (data: Record<string, unknown>) => Promise<R>,
): Promise<void> {
  const data = Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined));
  const keys = Object.keys(data) as (keyof R)[];
  if (keys.length === 0) return;
  const updated = await write(data);
  await recordAudit(tx, ctx, { ...entry, entityId: row.id, oldValues: pick(row, keys), newValues: pick(updated, keys) });
}

/** Soft delete: sets deletedAt now, audited as `action`. */
async function softRemove(tx: Tx, ctx: Context, entry: { action: string; entityType: string; entityId: string }, write: (data: { deletedAt: Date }) => Promise<unknown>) {
  const now = ctx.services.clock();
  await write({ deletedAt: now });
  await recordAudit(tx, ctx, { ...entry, oldValues: { deletedAt: null }, newValues: { deletedAt: now } });
}

// ---------------------------------------------------------------------------------------------
// Stories
// ---------------------------------------------------------------------------------------------

export interface StoryInput {
  title?: string | null;
  description?: string | null;
  coverImageUrl?: string | null;
  tags?: string[] | null;
  visibility?: string | null;
  metadata?: unknown;
}

const undef = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export async function createStory(ctx: Context, input: StoryInput): Promise<string> {
  const data = parseInput(createStorySchema, {
    ...input,
    tags: undef(input.tags),
    visibility: undef(input.visibility),
    metadata: undef(input.metadata),
  });
  return transaction(ctx.prisma, async (tx) => {
    const story = await tx.story.create({
      data: {
        creatorId: ctx.viewer!.id,
        title: data.title,
        description: data.description ?? null,
        coverImageUrl: data.coverImageUrl ?? null,
        tags: data.tags ?? [],
        visibility: data.visibility ?? "PRIVATE",
        metadata: (data.metadata ?? {}) as Json,
      },
    });
    await recordAudit(tx, ctx, {
      action: "story.create",
      entityType: "Story",
      entityId: story.id,
      newValues: pick(story, ["title", "description", "coverImageUrl", "tags", "visibility", "metadata"]),
    });
    return story.id;
  });
}

export async function updateStory(ctx: Context, storyId: string, input: StoryInput): Promise<string> {
  const data = parseInput(updateStorySchema, {
    ...input,
    title: undef(input.title),
    tags: undef(input.tags),
    visibility: undef(input.visibility),
    metadata: undef(input.metadata),
  });
  return transaction(ctx.prisma, async (tx) => {
    const story = await storyForAuthoring(tx, ctx, storyId);
    const update = {
      title: data.title,
      description: data.description,
      coverImageUrl: data.coverImageUrl,
      tags: data.tags,
      visibility: data.visibility,
      metadata: data.metadata as Json | undefined,
    };
    await auditedUpdate(tx, ctx, { action: "story.update", entityType: "Story" }, story, update, (data) => tx.story.update({ where: { id: story.id }, data }));
    return story.id;
  });
}

async function loadGraph(db: Tx, story: Pick<Story, "id" | "startNodeId">): Promise<ValidationReport> {
  const [nodes, choices] = await Promise.all([
    db.storyNode.findMany({
      where: { storyId: story.id },
      select: { id: true, storyId: true, deletedAt: true, isEnding: true },
      orderBy: [{ nodeOrder: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }, { id: "asc" }],
    }),
    db.storyChoice.findMany({
      where: { deletedAt: null, OR: [{ storyId: story.id }, { fromNode: { storyId: story.id } }] },
      select: {
        id: true,
        fromNodeId: true,
        toNodeId: true,
        fromNode: { select: { storyId: true, deletedAt: true } },
        toNode: { select: { storyId: true, deletedAt: true } },
      },
      orderBy: [{ position: "asc" }, { id: "asc" }],
    }),
  ]);
  return validateStoryGraph({
    storyId: story.id,
    startNodeId: story.startNodeId,
    nodes: nodes.map((n) => ({ id: n.id, storyId: n.storyId, deleted: n.deletedAt !== null, isEnding: n.isEnding })),
    choices: choices.map((c) => ({
      id: c.id,
      fromNodeId: c.fromNodeId,
      toNodeId: c.toNodeId,
      from: { storyId: c.fromNode.storyId, deleted: c.fromNode.deletedAt !== null },
      to: { storyId: c.toNode.storyId, deleted: c.toNode.deletedAt !== null },
    })),
  });
}

/** The graph report for the story's creator or an admin. */
export async function storyValidation(ctx: Context, storyId: string): Promise<ValidationReport> {
  const story = await storyForAuthoring(ctx.prisma, ctx, storyId);
  return loadGraph(ctx.prisma, story);
}

export interface PublishResult {
  storyId: string;
  published: boolean;
  validation: ValidationReport;
}

/** Publishes when the report has no errors; otherwise changes nothing and returns the report. */
export async function publishStory(ctx: Context, storyId: string): Promise<PublishResult> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await storyForAuthoring(tx, ctx, storyId);
    // Lock the story row so an edit cannot slip in between the check and the status change.
    await tx.$queryRaw`SELECT id FROM stories WHERE id = ${story.id}::uuid FOR UPDATE`;
    const validation = await loadGraph(tx, story);
    if (!validation.valid) return { storyId: story.id, published: false, validation };
    if (story.status === "PUBLISHED") return { storyId: story.id, published: true, validation };
    const now = ctx.services.clock();
    await tx.story.update({ where: { id: story.id }, data: { status: "PUBLISHED", publishedAt: now } });
    await recordAudit(tx, ctx, {
      action: "story.publish",
      entityType: "Story",
      entityId: story.id,
      oldValues: { status: story.status, publishedAt: story.publishedAt },
      newValues: { status: "PUBLISHED", publishedAt: now, warnings: validation.warnings.length },
    });
    return { storyId: story.id, published: true, validation };
  });
}

export async function unpublishStory(ctx: Context, storyId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await storyForAuthoring(tx, ctx, storyId);
    if (story.status !== "PUBLISHED") return story.id;
    await tx.story.update({ where: { id: story.id }, data: { status: "DRAFT" } });
    await recordAudit(tx, ctx, { action: "story.unpublish", entityType: "Story", entityId: story.id, oldValues: { status: story.status }, newValues: { status: "DRAFT" } });
    return story.id;
  });
}

/** Soft delete: the story and everything under it disappear for everyone but admins. */
export async function deleteStory(ctx: Context, storyId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await storyForAuthoring(tx, ctx, storyId);
    if (story.deletedAt) throw errors.conflict("ALREADY_DELETED", "This story is already deleted.");
    await softRemove(tx, ctx, { action: "story.delete", entityType: "Story", entityId: story.id }, (data) => tx.story.update({ where: { id: story.id }, data }));
    return story.id;
  });
}

/** Admin only (rules.ts): brings a deleted story back with its nodes, comments and highlights. */
export async function restoreStory(ctx: Context, storyId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await tx.story.findUnique({ where: { id: storyId } });
    if (!story) throw errors.notFound("Story", storyId);
    if (!story.deletedAt) throw errors.conflict("NOT_DELETED", "This story is not deleted.");
    await tx.story.update({ where: { id: story.id }, data: { deletedAt: null } });
    await recordAudit(tx, ctx, { action: "story.restore", entityType: "Story", entityId: story.id, oldValues: { deletedAt: story.deletedAt }, newValues: { deletedAt: null } });
    return story.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Nodes
// ---------------------------------------------------------------------------------------------

export interface NodeInput {
  content?: string | null;
  title?: string | null;
  audioUrl?: string | null;
  backgroundAudioUrl?: string | null;
  narratorVoiceId?: string | null;
  characterVoices?: unknown;
  educationalContent?: unknown;
  isEnding?: boolean | null;
  order?: number | null;
  start?: boolean | null;
}

function nodeData(input: NodeInput) {
  return {
    ...input,
    content: undef(input.content),
    characterVoices: undef(input.characterVoices),
    educationalContent: undef(input.educationalContent),
    isEnding: undef(input.isEnding),
    order: undef(input.order),
    start: undef(input.start),
  };
}

const NODE_AUDIT_KEYS = ["title", "content", "audioUrl", "backgroundAudioUrl", "narratorVoiceId", "characterVoices", "educationalContent", "isEnding", "nodeOrder"] as const;

export async function addNode(ctx: Context, storyId: string, input: NodeInput): Promise<string> {
  const data = parseInput(addNodeSchema, nodeData(input));
  return transaction(ctx.prisma, async (tx) => {
    const story = await storyForAuthoring(tx, ctx, storyId);
    let order = data.order;
    if (order === undefined) {
      const last = await tx.storyNode.aggregate({ where: { storyId: story.id }, _max: { nodeOrder: true } });
      order = (last._max.nodeOrder ?? -1) + 1;
    }
    const node = await tx.storyNode.create({
      data: {
        storyId: story.id,
        nodeOrder: order,
        title: data.title ?? null,
        content: data.content,
        audioUrl: data.audioUrl ?? null,
        backgroundAudioUrl: data.backgroundAudioUrl ?? null,
        narratorVoiceId: data.narratorVoiceId ?? null,
        characterVoices: (data.characterVoices ?? {}) as Json,
        educationalContent: (data.educationalContent ?? {}) as Json,
        isEnding: data.isEnding ?? false,
      },
    });
    if (data.start) await tx.story.update({ where: { id: story.id }, data: { startNodeId: node.id } });
    await recordAudit(tx, ctx, {
      action: "story_node.add",
      entityType: "StoryNode",
      entityId: node.id,
      newValues: { storyId: story.id, ...pick(node, [...NODE_AUDIT_KEYS]), start: data.start ?? false },
    });
    return node.id;
  });
}

export async function updateNode(ctx: Context, nodeId: string, input: NodeInput): Promise<string> {
  const data = parseInput(updateNodeSchema, nodeData(input));
  return transaction(ctx.prisma, async (tx) => {
    const { node } = await nodeForAuthoring(tx, ctx, nodeId);
    const update = {
      title: data.title,
      content: data.content,
      audioUrl: data.audioUrl,
      backgroundAudioUrl: data.backgroundAudioUrl,
      narratorVoiceId: data.narratorVoiceId,
      characterVoices: data.characterVoices as Json | undefined,
      educationalContent: data.educationalContent as Json | undefined,
      isEnding: data.isEnding,
      nodeOrder: data.order,
    };
    await auditedUpdate(tx, ctx, { action: "story_node.update", entityType: "StoryNode" }, node, update, (data) => tx.storyNode.update({ where: { id: node.id }, data }));
    return node.id;
  });
}

/**
 * Soft delete. Choices leading to the node stay (the validation report lists them as dangling
 * until the author removes or retargets them); a removed start node leaves the story without a
 * start until another one is set.
 */
export async function removeNode(ctx: Context, nodeId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const { node } = await nodeForAuthoring(tx, ctx, nodeId);
    await softRemove(tx, ctx, { action: "story_node.remove", entityType: "StoryNode", entityId: node.id }, (data) => tx.storyNode.update({ where: { id: node.id }, data }));
    return node.id;
  });
}

export async function setStartNode(ctx: Context, storyId: string, nodeId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const story = await storyForAuthoring(tx, ctx, storyId);
    const node = await tx.storyNode.findFirst({ where: { id: nodeId, storyId: story.id, deletedAt: null }, select: { id: true } });
    if (!node) throw errors.badInput("nodeId", "must be a live node of this story");
    if (story.startNodeId === node.id) return story.id;
    await tx.story.update({ where: { id: story.id }, data: { startNodeId: node.id } });
    await recordAudit(tx, ctx, { action: "story.set_start_node", entityType: "Story", entityId: story.id, oldValues: { startNodeId: story.startNodeId }, newValues: { startNodeId: node.id } });
    return story.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------------------------

export interface ChoiceGateInput {
  gate?: "NONE" | "VOICE_PACK" | "SUBSCRIPTION" | null;
  /** Raw voice-pack id (already decoded from its global id). */
  requiredVoicePackId?: string | null;
}

async function resolveGate(tx: Tx, input: ChoiceGateInput, current?: { gate: "NONE" | "VOICE_PACK" | "SUBSCRIPTION"; gateVoicePackId: string | null }) {
  const gate = input.gate ?? current?.gate ?? "NONE";
  let packId = input.requiredVoicePackId !== undefined ? input.requiredVoicePackId : gate === "VOICE_PACK" ? current?.gateVoicePackId ?? null : null;
  if (gate !== "VOICE_PACK") {
    if (input.requiredVoicePackId) throw errors.badInput("requiredVoicePackId", "is only allowed with gate VOICE_PACK");
    packId = null;
  } else {
    if (!packId) throw errors.badInput("requiredVoicePackId", "is required with gate VOICE_PACK");
    const pack = await tx.voicePack.findFirst({ where: { id: packId, isActive: true }, select: { id: true } });
    if (!pack) throw errors.badInput("requiredVoicePackId", "is not an active voice pack");
  }
  return { gate, gateVoicePackId: packId };
}

export interface ConnectChoiceInput extends ChoiceGateInput {
  fromNodeId: string;
  toNodeId: string;
  label: string;
  position?: number | null;
}

export async function connectChoice(ctx: Context, input: ConnectChoiceInput): Promise<string> {
  const { label } = parseInput(choiceLabelSchema, { label: input.label });
  if (input.position != null && (!Number.isInteger(input.position) || input.position < 0 || input.position > 10_000)) {
    throw errors.badInput("position", "must be between 0 and 10000");
  }
  return transaction(ctx.prisma, async (tx) => {
    const { node: from, story } = await nodeForAuthoring(tx, ctx, input.fromNodeId);
    const to = await tx.storyNode.findFirst({ where: { id: input.toNodeId, storyId: story.id, deletedAt: null }, select: { id: true } });
    if (!to) throw errors.badInput("toNodeId", "must be a live node of the same story");
    const gate = await resolveGate(tx, input);
    let position = input.position ?? undefined;
    if (position === undefined) {
      const last = await tx.storyChoice.aggregate({ where: { fromNodeId: from.id, deletedAt: null }, _max: { position: true } });
      position = (last._max.position ?? -1) + 1;
    }
    const choice = await tx.storyChoice.create({
      data: { storyId: story.id, fromNodeId: from.id, toNodeId: to.id, label, position, ...gate },
    });
    await recordAudit(tx, ctx, {
      action: "story_choice.connect",
      entityType: "StoryChoice",
      entityId: choice.id,
      newValues: pick(choice, ["fromNodeId", "toNodeId", "label", "position", "gate", "gateVoicePackId"]),
    });
    return choice.id;
  });
}

export interface UpdateChoiceInput extends ChoiceGateInput {
  label?: string | null;
  toNodeId?: string | null;
}

export async function updateChoice(ctx: Context, choiceId: string, input: UpdateChoiceInput): Promise<string> {
  const label = input.label == null ? undefined : parseInput(choiceLabelSchema, { label: input.label }).label;
  return transaction(ctx.prisma, async (tx) => {
    const { choice, story } = await choiceForAuthoring(tx, ctx, choiceId);
    if (input.toNodeId) {
      const to = await tx.storyNode.findFirst({ where: { id: input.toNodeId, storyId: story.id, deletedAt: null }, select: { id: true } });
      if (!to) throw errors.badInput("toNodeId", "must be a live node of the same story");
    }
    const gateChanged = input.gate != null || input.requiredVoicePackId !== undefined;
    const gate = gateChanged ? await resolveGate(tx, input, choice) : {};
    const update = { label, toNodeId: input.toNodeId ?? undefined, ...gate };
    await auditedUpdate(tx, ctx, { action: "story_choice.update", entityType: "StoryChoice" }, choice, update, (data) => tx.storyChoice.update({ where: { id: choice.id }, data }));
    return choice.id;
  });
}

export async function removeChoice(ctx: Context, choiceId: string): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const { choice } = await choiceForAuthoring(tx, ctx, choiceId);
    await softRemove(tx, ctx, { action: "story_choice.remove", entityType: "StoryChoice", entityId: choice.id }, (data) => tx.storyChoice.update({ where: { id: choice.id }, data }));
    return choice.id;
  });
}

/** `choiceIds` must be exactly the node's live choices, in the new order (positions 0..n-1). */
export async function reorderChoices(ctx: Context, nodeId: string, choiceIds: string[]): Promise<string> {
  return transaction(ctx.prisma, async (tx) => {
    const { node } = await nodeForAuthoring(tx, ctx, nodeId);
    const current = await tx.storyChoice.findMany({ where: { fromNodeId: node.id, deletedAt: null }, orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, position: true } });
    const same = new Set(choiceIds);
    if (same.size !== choiceIds.length) throw errors.badInput("choiceIds", "must not repeat a choice");
    if (choiceIds.length !== current.length || current.some((c) => !same.has(c.id))) {
      throw errors.badInput("choiceIds", "must list every live choice of the node exactly once");
    }
    const changed = choiceIds.filter((id, i) => current.find((c) => c.id === id)!.position !== i);
    if (changed.length === 0) return node.id;
    for (const [i, id] of choiceIds.entries()) {
      await tx.storyChoice.update({ where: { id }, data: { position: i } });
    }
    await recordAudit(tx, ctx, {
      action: "story_choice.reorder",
      entityType: "StoryNode",
      entityId: node.id,
      oldValues: { choiceIds: current.map((c) => c.id) },
      newValues: { choiceIds },
    });
    return node.id;
  });
}
