// Branching stories as a graph: stories, nodes, choices as edges between nodes, per-listener
// progress with its path, highlights (the object types; the validation report, queries and
// mutations are in types-validation.ts, types-queries.ts and types-mutations.ts).
// Every read is filtered by the where-clauses of visibility.ts; nested lists are loaded by the
// Prisma plugin in the parent's query (or through a per-request loader), so a page of stories
// with their nodes, choices and the viewer's progress costs a fixed number of statements.
import { readableUrl } from "../../core/storage.ts";
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import { ChoiceGate } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { isAdmin, type Context } from "../../core/context.ts";
import { PublishStatusEnum, VisibilityEnum } from "../content/index.ts";
import { VALIDATION_CODES } from "./graph.ts";
import { lockReason, playbackCharacterVoices, playbackVoice, viewerEntitlements } from "./gates.ts";
import {
  canUpdateStory,
  liveFor,
  NO_ROWS,
  storyChoiceWhereFor,
  storyHighlightWhereFor,
  storyNodeWhereFor,
  storyProgressStepWhereFor,
  storyProgressWhereFor,
  storyWhereFor,
} from "./visibility.ts";

/**
 * Live endings per story, batched per request (a second relationCount on `nodes` with another
 * filter would clash with nodeCount in the parent query and fall back to a query per story).
 */
const endingCountLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, number>(async (storyIds) => {
      const rows = await ctx.prisma.storyNode.groupBy({
        by: ["storyId"],
        where: { storyId: { in: [...storyIds] }, isEnding: true, deletedAt: null },
        _count: { _all: true },
      });
      const counts = new Map(rows.map((r) => [r.storyId, r._count._all]));
      return storyIds.map((id) => counts.get(id) ?? 0);
    }),
);

export const ChoiceGateEnum = builder.enumType(ChoiceGate, {
  name: "ChoiceGate",
  description: "What a listener needs to take a choice.",
});

export const ChoiceLockReasonEnum = builder.enumType("ChoiceLockReason", {
  description: "Why a choice is locked for the viewer (also the `extensions.reason` of the FORBIDDEN error chooseChoice answers).",
  values: {
    VOICE_PACK_REQUIRED: { description: "Needs the voice pack in requiredVoicePackId." },
    SUBSCRIPTION_REQUIRED: { description: "Needs an active paid subscription (platform-wide or to the story's creator)." },
  } as const,
});

export const StoryOrderEnum = builder.enumType("StoryOrder", {
  values: {
    NEWEST: { description: "Most recently published first (drafts last)." },
    MOST_PLAYED: { description: "Most listeners first." },
    MOST_COMPLETED: { description: "Most listeners who reached an ending first." },
  } as const,
});

export const StoryValidationCodeEnum = builder.enumType("StoryValidationCode", {
  values: Object.fromEntries(VALIDATION_CODES.map((c) => [c, {}])) as Record<(typeof VALIDATION_CODES)[number], object>,
});

// ---------------------------------------------------------------------------------------------
// Object types
// ---------------------------------------------------------------------------------------------

export const StoryRef = builder.prismaNode("Story", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  id: { field: "id" },
  // Select mode: only the columns the query's fields need are loaded (issue 19), plus these.
  // creatorId: viewerCanEdit and the listenerProgress rule read it from the row.
  select: { id: true, creatorId: true, deletedAt: true },
  findUnique: (id, ctx) => ({ id, AND: [storyWhereFor(ctx.viewer, "read")] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    coverImageUrl: t.exposeString("coverImageUrl", { nullable: true }),
    tags: t.exposeStringList("tags"),
    metadata: t.expose("metadata", { type: "JSON" }),
    visibility: t.expose("visibility", { type: VisibilityEnum }),
    status: t.expose("status", { type: PublishStatusEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    playCount: t.exposeInt("playCount", { description: "Listeners who started the story." }),
    completionCount: t.exposeInt("completionCount", { description: "Listeners who reached an ending at least once." }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "Set on deleted stories (only admins see those)." }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    creator: t.relation("creator"),
    viewerCanEdit: t.boolean({ resolve: (s, _a, ctx) => canUpdateStory(ctx.viewer, s) }),
    startNode: t.relation("startNode", {
      nullable: true,
      query: (_args, ctx) => ({ where: liveFor(ctx.viewer) }),
    }),
    nodes: t.relatedConnection(
      "nodes",
      {
        cursor: "id",
        query: (_args, ctx) => ({
          where: liveFor(ctx.viewer),
          orderBy: [{ nodeOrder: { sort: "asc", nulls: "last" } }, { id: "asc" }],
        }),
        totalCount: true,
      },
      {},
    ),
    nodeCount: t.relationCount("nodes", { where: (_args, ctx) => liveFor(ctx.viewer) }),
    endingCount: t.int({ description: "Live ending nodes.", resolve: (s, _a, ctx) => endingCountLoader(ctx).load(s.id) }),
    listenerCount: t.relationCount("progress", { description: "Listeners with a progress on this story." }),
    viewerProgress: t.field({
      type: ProgressRef,
      nullable: true,
      description: "The viewer's own progress (null when not started or anonymous).",
      select: (_args, ctx, nested) => ({
        progress: nested({ where: ctx.viewer ? { userId: ctx.viewer.id } : NO_ROWS, take: 1 }),
      }),
      resolve: (s) => s.progress[0] ?? null,
    }),
    listenerProgress: t.relatedConnection(
      "progress",
      {
        description: "Every listener's progress, most recently played first. Only for the story's creator and admins.",
        cursor: "id",
        query: { orderBy: [{ lastPlayedAt: "desc" }, { id: "desc" }] },
        totalCount: true,
      },
      {},
    ),
    highlights: t.relatedConnection(
      "highlights",
      { cursor: "id", query: { orderBy: [{ createdAt: "desc" }, { id: "desc" }] }, totalCount: true },
      {},
    ),
  }),
});

export const StoryNodeRef = builder.prismaNode("StoryNode", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyNodeWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    title: t.exposeString("title", { nullable: true }),
    content: t.exposeString("content"),
    order: t.exposeInt("nodeOrder", { nullable: true }),
    audioUrl: t.string({ nullable: true, select: { audioUrl: true }, description: "An uploaded file answers as a signed, expiring URL.", resolve: (n, _a, ctx) => readableUrl(ctx, n.audioUrl) }),
    backgroundAudioUrl: t.exposeString("backgroundAudioUrl", { nullable: true }),
    narratorVoiceId: t.exposeString("narratorVoiceId", { nullable: true, description: "The voice the author chose." }),
    characterVoices: t.expose("characterVoices", { type: "JSON", description: "{ characterName: voiceId } as authored." }),
    playbackNarratorVoiceId: t.string({
      nullable: true,
      description: "The narrator voice to play for the viewer: the default voice replaces a premium voice-pack voice the viewer does not own.",
      select: { narratorVoiceId: true, story: { select: { creatorId: true } } },
      resolve: (n, _a, ctx) => playbackVoice(ctx, n.narratorVoiceId, n.story.creatorId),
    }),
    playbackCharacterVoices: t.field({
      type: "JSON",
      description: "characterVoices with the same default-voice fallback as playbackNarratorVoiceId.",
      select: { characterVoices: true, story: { select: { creatorId: true } } },
      resolve: (n, _a, ctx) => playbackCharacterVoices(ctx, n.characterVoices, n.story.creatorId),
    }),
    educationalContent: t.expose("educationalContent", { type: "JSON" }),
    isEnding: t.exposeBoolean("isEnding"),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    story: t.relation("story"),
    choices: t.relation("choicesOut", {
      description: "The choices leaving this node, in order.",
      query: (_args, ctx) => ({
        where: isAdmin(ctx.viewer) ? {} : { deletedAt: null, toNode: { deletedAt: null } },
        orderBy: [{ position: "asc" }, { id: "asc" }],
      }),
    }),
  }),
});

/** A node or choice reached through a to-one relation: removed ones are hidden from non-admins. */
function liveRow<N extends { deletedAt: Date | null }>(row: N | null, ctx: Context): N | null {
  return row && (isAdmin(ctx.viewer) || !row.deletedAt) ? row : null;
}

async function choiceLock(ctx: Context, c: { gate: ChoiceGate; gateVoicePackId: string | null; story: { creatorId: string } }) {
  if (c.gate === "NONE") return null;
  return lockReason(ctx.viewer, { gate: c.gate, gateVoicePackId: c.gateVoicePackId, storyCreatorId: c.story.creatorId }, await viewerEntitlements(ctx));
}

const LOCK_SELECT = { gate: true, gateVoicePackId: true, story: { select: { creatorId: true } } } as const;

export const StoryChoiceRef = builder.prismaNode("StoryChoice", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyChoiceWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    label: t.exposeString("label"),
    position: t.exposeInt("position"),
    gate: t.expose("gate", { type: ChoiceGateEnum }),
    requiredVoicePackId: t.id({
      nullable: true,
      description: "The VoicePack a VOICE_PACK gate needs (a VoicePack global id).",
      select: { gateVoicePackId: true },
      resolve: (c) => (c.gateVoicePackId ? encodeGlobalId("VoicePack", c.gateVoicePackId) : null),
    }),
    locked: t.boolean({
      description: "Whether the viewer may not take this choice (see lockedReason).",
      select: LOCK_SELECT,
      resolve: async (c, _a, ctx) => (await choiceLock(ctx, c)) !== null,
    }),
    lockedReason: t.field({
      type: ChoiceLockReasonEnum,
      nullable: true,
      select: LOCK_SELECT,
      resolve: (c, _a, ctx) => choiceLock(ctx, c),
    }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true }),
    fromNode: t.field({
      type: StoryNodeRef,
      nullable: true,
      description: "Null when the node was removed (admins still see it).",
      select: (_a, _ctx, nested) => ({ fromNode: nested(true) }),
      resolve: (c, _a, ctx) => liveRow(c.fromNode, ctx),
    }),
    toNode: t.field({
      type: StoryNodeRef,
      nullable: true,
      description: "Null when the node was removed (admins still see it).",
      select: (_a, _ctx, nested) => ({ toNode: nested(true) }),
      resolve: (c, _a, ctx) => liveRow(c.toNode, ctx),
    }),
  }),
});

export const ProgressRef = builder.prismaNode("UserStoryProgress", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  name: "StoryProgress",
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyProgressWhereFor(ctx.viewer)] }),
  description: "A listener's progress through a story (one per listener and story).",
  fields: (t) => ({
    completed: t.exposeBoolean("completed", { description: "The current playthrough reached an ending." }),
    firstCompletedAt: t.expose("completedAt", { type: "DateTime", nullable: true, description: "When the listener first reached an ending (kept across restarts)." }),
    totalListenTimeSeconds: t.exposeInt("totalListenTimeSeconds"),
    startedAt: t.expose("startedAt", { type: "DateTime" }),
    lastPlayedAt: t.expose("lastPlayedAt", { type: "DateTime" }),
    version: t.exposeInt("version", { description: "Increments with every move; two concurrent moves from the same version: one gets CONFLICT." }),
    listener: t.relation("user"),
    story: t.relation("story"),
    currentNode: t.field({
      type: StoryNodeRef,
      nullable: true,
      select: (_a, _ctx, nested) => ({ currentNode: nested(true) }),
      resolve: (p, _a, ctx) => liveRow(p.currentNode, ctx),
    }),
    availableChoices: t.field({
      type: [StoryChoiceRef],
      description: "Choices leaving the current node (none once completed). Locked ones carry locked/lockedReason for the viewer.",
      select: (_a, _ctx, nested) => ({
        completed: true,
        currentNode: {
          select: {
            deletedAt: true,
            choicesOut: nested({ where: { deletedAt: null, toNode: { deletedAt: null } }, orderBy: [{ position: "asc" }, { id: "asc" }] }),
          },
        },
      }),
      resolve: (p) => (p.completed || !p.currentNode || p.currentNode.deletedAt ? [] : p.currentNode.choicesOut),
    }),
    path: t.relation("steps", {
      description: "The nodes visited in this playthrough, in order (the start node first).",
      query: { orderBy: { position: "asc" } },
    }),
  }),
});

builder.prismaNode("StoryProgressStep", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyProgressStepWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    position: t.exposeInt("position"),
    visitedAt: t.expose("visitedAt", { type: "DateTime" }),
    node: t.field({
      type: StoryNodeRef,
      nullable: true,
      description: "Null when the node was removed since (admins still see it).",
      select: (_a, _ctx, nested) => ({ node: nested(true) }),
      resolve: (step, _a, ctx) => liveRow(step.node, ctx),
    }),
    choice: t.field({
      type: StoryChoiceRef,
      nullable: true,
      description: "The choice that led here (null for the start node, or when it was removed since).",
      select: (_a, _ctx, nested) => ({ choice: nested(true) }),
      resolve: (step, _a, ctx) => liveRow(step.choice, ctx),
    }),
  }),
});

export const HighlightRef = builder.prismaNode("StoryHighlight", {
  nullable: true, // node(id) answers null for rows the viewer may not see
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyHighlightWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    videoUrl: t.exposeString("videoUrl", { nullable: true }),
    thumbnailUrl: t.exposeString("thumbnailUrl", { nullable: true }),
    durationSeconds: t.exposeInt("durationSeconds", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    story: t.relation("story"),
    owner: t.relation("user"),
    nodes: t.field({
      type: [StoryNodeRef],
      description: "The story nodes the highlight covers, in order.",
      select: (_a, ctx, nested) => ({
        nodes: {
          where: isAdmin(ctx.viewer) ? {} : { node: { deletedAt: null } },
          orderBy: { position: "asc" },
          select: { node: nested(true) },
        },
      }),
      resolve: (h) => h.nodes.map((n) => n.node),
    }),
  }),
});
