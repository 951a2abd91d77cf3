import { readableUrl } from "../../core/storage.ts";
// Branching stories as a graph: stories, nodes, choices as edges between nodes, per-listener
// progress with its path, highlights, and the authoring / playing mutations beside them.
// Every read is filtered by the where-clauses of visibility.ts; nested lists are loaded by the
// Prisma plugin in the parent's query (or through a per-request loader), so a page of stories
// with their nodes, choices and the viewer's progress costs a fixed number of statements.
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import { ChoiceGate } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { isAdmin, type Context } from "../../core/context.ts";
import { PublishStatusEnum, VisibilityEnum } from "../content/index.ts";
import { VALIDATION_CODES, type ValidationIssue, type ValidationReport } from "./graph.ts";
import { lockReason, playbackCharacterVoices, playbackVoice, viewerEntitlements } from "./gates.ts";
import * as highlights from "./highlights.ts";
import { rawId, rawIds, type DecodedId } from "./ids.ts";
import { liveEvents } from "../identity/index.ts";
import * as play from "./play.ts";
import * as service from "./service.ts";
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
import { escapeLike } from "../../core/text.ts";

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

// ---------------------------------------------------------------------------------------------
// The validation report
// ---------------------------------------------------------------------------------------------

type NodeRow = Awaited<ReturnType<Context["prisma"]["storyNode"]["findFirstOrThrow"]>>;
type ChoiceRow = Awaited<ReturnType<Context["prisma"]["storyChoice"]["findFirstOrThrow"]>>;

interface ReportView {
  report: ValidationReport;
  nodes: Map<string, NodeRow>;
  choices: Map<string, ChoiceRow>;
}
interface IssueView {
  issue: ValidationIssue;
  view: ReportView;
}

/** Loads every node and choice the report names, in two statements. */
async function viewOf(ctx: Context, report: ValidationReport): Promise<ReportView> {
  const nodeIds = new Set<string>([...report.unreachableNodeIds, ...report.deadEndNodeIds, ...report.cycles.flat()]);
  if (report.startNodeId) nodeIds.add(report.startNodeId);
  for (const i of [...report.errors, ...report.warnings]) if (i.nodeId) nodeIds.add(i.nodeId);
  const [nodes, choices] = await Promise.all([
    ctx.prisma.storyNode.findMany({ where: { id: { in: [...nodeIds] } } }),
    ctx.prisma.storyChoice.findMany({ where: { id: { in: report.danglingChoiceIds } } }),
  ]);
  return { report, nodes: new Map(nodes.map((n) => [n.id, n])), choices: new Map(choices.map((c) => [c.id, c])) };
}

const pickNodes = (v: ReportView, ids: string[]) => ids.flatMap((id) => v.nodes.get(id) ?? []);

const IssueRef = builder.objectRef<IssueView>("StoryValidationIssue").implement({
  fields: (t) => ({
    code: t.field({ type: StoryValidationCodeEnum, resolve: (i) => i.issue.code }),
    message: t.string({ resolve: (i) => i.issue.message }),
    node: t.field({ type: StoryNodeRef, nullable: true, resolve: (i) => (i.issue.nodeId ? i.view.nodes.get(i.issue.nodeId) ?? null : null) }),
    choice: t.field({ type: StoryChoiceRef, nullable: true, resolve: (i) => (i.issue.choiceId ? i.view.choices.get(i.issue.choiceId) ?? null : null) }),
    nodes: t.field({ type: [StoryNodeRef], description: "All the nodes of a CYCLE finding.", resolve: (i) => pickNodes(i.view, i.issue.nodeIds ?? []) }),
  }),
});

const CycleRef = builder.objectRef<{ ids: string[]; view: ReportView }>("StoryCycle").implement({
  fields: (t) => ({
    nodes: t.field({ type: [StoryNodeRef], resolve: (c) => pickNodes(c.view, c.ids) }),
  }),
});

export const ValidationRef = builder.objectRef<ReportView>("StoryValidation").implement({
  description: "The story graph check. Errors block publishing; warnings do not. Path lengths count choices from the start node.",
  fields: (t) => ({
    valid: t.boolean({ description: "No errors.", resolve: (v) => v.report.valid }),
    errors: t.field({ type: [IssueRef], resolve: (v) => v.report.errors.map((issue) => ({ issue, view: v })) }),
    warnings: t.field({ type: [IssueRef], resolve: (v) => v.report.warnings.map((issue) => ({ issue, view: v })) }),
    startNode: t.field({ type: StoryNodeRef, nullable: true, resolve: (v) => (v.report.startNodeId ? v.nodes.get(v.report.startNodeId) ?? null : null) }),
    nodeCount: t.int({ description: "Live nodes.", resolve: (v) => v.report.nodeCount }),
    endingCount: t.int({ resolve: (v) => v.report.endingCount }),
    reachableEndingCount: t.int({ resolve: (v) => v.report.reachableEndingCount }),
    unreachableNodes: t.field({ type: [StoryNodeRef], resolve: (v) => pickNodes(v, v.report.unreachableNodeIds) }),
    deadEndNodes: t.field({ type: [StoryNodeRef], resolve: (v) => pickNodes(v, v.report.deadEndNodeIds) }),
    danglingChoices: t.field({ type: [StoryChoiceRef], resolve: (v) => v.report.danglingChoiceIds.flatMap((id) => v.choices.get(id) ?? []) }),
    cycles: t.field({ type: [CycleRef], resolve: (v) => v.report.cycles.map((ids) => ({ ids, view: v })) }),
    shortestPathToEnding: t.int({ nullable: true, resolve: (v) => v.report.shortestPathToEnding }),
    longestPathToEnding: t.int({ nullable: true, description: "Longest path that never visits a node twice.", resolve: (v) => v.report.longestPathToEnding }),
    longestPathExact: t.boolean({ resolve: (v) => v.report.longestPathExact }),
  }),
});

const PublishPayloadRef = builder.objectRef<{ published: boolean; storyId: string; view: ReportView }>("PublishStoryPayload").implement({
  fields: (t) => ({
    published: t.boolean({ description: "True when the story passed the check and is published; false when errors refused it (nothing changed).", resolve: (p) => p.published }),
    validation: t.field({ type: ValidationRef, resolve: (p) => p.view }),
    story: t.prismaField({
      type: "Story",
      resolve: (query, p, _a, ctx) => ctx.prisma.story.findUniqueOrThrow({ ...query, where: { id: p.storyId } }),
    }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

const CreateStoryInput = builder.inputType("CreateStoryInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    description: t.string(),
    coverImageUrl: t.string(),
    tags: t.stringList(),
    visibility: t.field({ type: VisibilityEnum, description: "PUBLIC, UNLISTED or PRIVATE (default)." }),
    metadata: t.field({ type: "JSON", description: "A JSON object (at most 10 kB)." }),
  }),
});

const UpdateStoryInput = builder.inputType("UpdateStoryInput", {
  description: "Absent fields are left unchanged; null clears description and coverImageUrl.",
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    coverImageUrl: t.string(),
    tags: t.stringList(),
    visibility: t.field({ type: VisibilityEnum }),
    metadata: t.field({ type: "JSON" }),
  }),
});

const AddNodeInput = builder.inputType("AddStoryNodeInput", {
  fields: (t) => ({
    content: t.string({ required: true, description: "The narrative text." }),
    title: t.string(),
    audioUrl: t.string(),
    backgroundAudioUrl: t.string(),
    narratorVoiceId: t.string(),
    characterVoices: t.field({ type: "JSON", description: "{ characterName: voiceId }" }),
    educationalContent: t.field({ type: "JSON", description: "See docs/stories.md for the shape." }),
    isEnding: t.boolean(),
    order: t.int({ description: "Defaults to after the last node." }),
    start: t.boolean({ description: "Make this the story's start node." }),
  }),
});

const UpdateNodeInput = builder.inputType("UpdateStoryNodeInput", {
  description: "Absent fields are left unchanged; null clears the optional text fields.",
  fields: (t) => ({
    content: t.string(),
    title: t.string(),
    audioUrl: t.string(),
    backgroundAudioUrl: t.string(),
    narratorVoiceId: t.string(),
    characterVoices: t.field({ type: "JSON" }),
    educationalContent: t.field({ type: "JSON" }),
    isEnding: t.boolean(),
    order: t.int(),
  }),
});

const ConnectChoiceInput = builder.inputType("ConnectChoiceInput", {
  fields: (t) => ({
    fromNodeId: t.globalID({ required: true }),
    toNodeId: t.globalID({ required: true }),
    label: t.string({ required: true }),
    position: t.int({ description: "Defaults to after the node's last choice." }),
    gate: t.field({ type: ChoiceGateEnum, description: "Default NONE." }),
    requiredVoicePackId: t.globalID({ description: "A VoicePack id; required with gate VOICE_PACK." }),
  }),
});

const UpdateChoiceInput = builder.inputType("UpdateChoiceInput", {
  fields: (t) => ({
    label: t.string(),
    toNodeId: t.globalID(),
    gate: t.field({ type: ChoiceGateEnum }),
    requiredVoicePackId: t.globalID(),
  }),
});

const HighlightInput = builder.inputType("StoryHighlightInput", {
  fields: (t) => ({
    title: t.string({ required: true }),
    description: t.string(),
    videoUrl: t.string(),
    thumbnailUrl: t.string(),
    durationSeconds: t.int({ description: "Positive." }),
    nodeIds: t.globalIDList({ description: "Nodes of the story, in order." }),
  }),
});

const UpdateHighlightInput = builder.inputType("UpdateStoryHighlightInput", {
  fields: (t) => ({
    title: t.string(),
    description: t.string(),
    videoUrl: t.string(),
    thumbnailUrl: t.string(),
    durationSeconds: t.int(),
    nodeIds: t.globalIDList({ description: "Replaces the highlight's nodes." }),
  }),
});

const optId = (v: DecodedId | null | undefined, type: string, field: string) => (v ? rawId(v, type, field) : v);

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

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

const loadStory = (query: object, ctx: Context, id: string) => ctx.prisma.story.findUniqueOrThrow({ ...query, where: { id } });
const loadNode = (query: object, ctx: Context, id: string) => ctx.prisma.storyNode.findUniqueOrThrow({ ...query, where: { id } });
const loadChoice = (query: object, ctx: Context, id: string) => ctx.prisma.storyChoice.findUniqueOrThrow({ ...query, where: { id } });
const loadProgress = (query: object, ctx: Context, id: string) => ctx.prisma.userStoryProgress.findUniqueOrThrow({ ...query, where: { id } });
const loadHighlight = (query: object, ctx: Context, id: string) => ctx.prisma.storyHighlight.findUniqueOrThrow({ ...query, where: { id } });

builder.mutationFields((t) => ({
  createStory: t.prismaField({
    type: "Story",
    description: "Creates a draft story. Needs the CREATOR role (or ADMIN).",
    args: { input: t.arg({ type: CreateStoryInput, required: true }) },
    resolve: async (query, _r, args, ctx) => loadStory(query, ctx, await service.createStory(ctx, args.input)),
  }),
  updateStory: t.prismaField({
    type: "Story",
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateStoryInput, required: true }) },
    resolve: async (query, _r, args, ctx) => loadStory(query, ctx, await service.updateStory(ctx, rawId(args.id, "Story", "id"), args.input)),
  }),
  publishStory: t.field({
    type: PublishPayloadRef,
    description: "Publishes the story if its graph check has no errors; otherwise changes nothing and returns the report.",
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_r, args, ctx) => {
      const r = await service.publishStory(ctx, rawId(args.id, "Story", "id"));
      return { published: r.published, storyId: r.storyId, view: await viewOf(ctx, r.validation) };
    },
  }),
  unpublishStory: t.prismaField({
    type: "Story",
    description: "Back to DRAFT: listeners no longer see it (their progress is kept).",
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadStory(query, ctx, await service.unpublishStory(ctx, rawId(args.id, "Story", "id"))),
  }),
  deleteStory: t.id({
    description: "Soft delete: hides the story, its nodes, comments, highlights and progress from everyone but admins. Returns the story's id.",
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_r, args, ctx) => encodeGlobalId("Story", await service.deleteStory(ctx, rawId(args.id, "Story", "id"))),
  }),
  restoreStory: t.prismaField({
    type: "Story",
    description: "Admins: brings a deleted story back with everything under it.",
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadStory(query, ctx, await service.restoreStory(ctx, rawId(args.id, "Story", "id"))),
  }),
  setStartNode: t.prismaField({
    type: "Story",
    args: { storyId: t.arg.globalID({ required: true }), nodeId: t.arg.globalID({ required: true }) },
    resolve: async (query, _r, args, ctx) =>
      loadStory(query, ctx, await service.setStartNode(ctx, rawId(args.storyId, "Story", "storyId"), rawId(args.nodeId, "StoryNode", "nodeId"))),
  }),
  addNode: t.prismaField({
    type: "StoryNode",
    args: { storyId: t.arg.globalID({ required: true }), input: t.arg({ type: AddNodeInput, required: true }) },
    resolve: async (query, _r, args, ctx) => loadNode(query, ctx, await service.addNode(ctx, rawId(args.storyId, "Story", "storyId"), args.input)),
  }),
  updateNode: t.prismaField({
    type: "StoryNode",
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateNodeInput, required: true }) },
    resolve: async (query, _r, args, ctx) => loadNode(query, ctx, await service.updateNode(ctx, rawId(args.id, "StoryNode", "id"), args.input)),
  }),
  removeNode: t.id({
    description: "Soft delete. Choices leading to it show up as dangling in storyValidation until removed or retargeted.",
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_r, args, ctx) => encodeGlobalId("StoryNode", await service.removeNode(ctx, rawId(args.id, "StoryNode", "id"))),
  }),
  connectChoice: t.prismaField({
    type: "StoryChoice",
    args: { input: t.arg({ type: ConnectChoiceInput, required: true }) },
    resolve: async (query, _r, { input }, ctx) =>
      loadChoice(
        query,
        ctx,
        await service.connectChoice(ctx, {
          fromNodeId: rawId(input.fromNodeId, "StoryNode", "fromNodeId"),
          toNodeId: rawId(input.toNodeId, "StoryNode", "toNodeId"),
          label: input.label,
          position: input.position,
          gate: input.gate,
          requiredVoicePackId: optId(input.requiredVoicePackId, "VoicePack", "requiredVoicePackId"),
        }),
      ),
  }),
  updateChoice: t.prismaField({
    type: "StoryChoice",
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateChoiceInput, required: true }) },
    resolve: async (query, _r, { id, input }, ctx) =>
      loadChoice(
        query,
        ctx,
        await service.updateChoice(ctx, rawId(id, "StoryChoice", "id"), {
          label: input.label,
          toNodeId: optId(input.toNodeId, "StoryNode", "toNodeId"),
          gate: input.gate,
          requiredVoicePackId: optId(input.requiredVoicePackId, "VoicePack", "requiredVoicePackId"),
        }),
      ),
  }),
  removeChoice: t.id({
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_r, args, ctx) => encodeGlobalId("StoryChoice", await service.removeChoice(ctx, rawId(args.id, "StoryChoice", "id"))),
  }),
  reorderChoices: t.prismaField({
    type: "StoryNode",
    description: "Sets the order of a node's choices: list every live choice of the node once.",
    args: { nodeId: t.arg.globalID({ required: true }), choiceIds: t.arg.globalIDList({ required: true }) },
    resolve: async (query, _r, args, ctx) =>
      loadNode(query, ctx, await service.reorderChoices(ctx, rawId(args.nodeId, "StoryNode", "nodeId"), rawIds(args.choiceIds, "StoryChoice", "choiceIds"))),
  }),

  startStory: t.prismaField({
    type: ProgressRef,
    description: "Starts playing at the start node; returns the existing progress if already started.",
    args: { storyId: t.arg.globalID({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadProgress(query, ctx, await play.startStory(ctx, rawId(args.storyId, "Story", "storyId"))),
  }),
  chooseChoice: t.prismaField({
    type: ProgressRef,
    description: "Takes a choice leaving the current node. FORBIDDEN with extensions.reason when gated; CONFLICT when the progress moved meanwhile or the choice is not from the current node.",
    args: { storyId: t.arg.globalID({ required: true }), choiceId: t.arg.globalID({ required: true }) },
    resolve: async (query, _r, args, ctx) =>
      loadProgress(query, ctx, await play.chooseChoice(ctx, rawId(args.storyId, "Story", "storyId"), rawId(args.choiceId, "StoryChoice", "choiceId"))),
  }),
  restartStory: t.prismaField({
    type: ProgressRef,
    args: { storyId: t.arg.globalID({ required: true }) },
    resolve: async (query, _r, args, ctx) => loadProgress(query, ctx, await play.restartStory(ctx, rawId(args.storyId, "Story", "storyId"))),
  }),
  recordListenTime: t.prismaField({
    type: ProgressRef,
    description: "Adds 1-3600 listened seconds. A retry with the same idempotencyKey adds nothing.",
    args: {
      storyId: t.arg.globalID({ required: true }),
      seconds: t.arg.int({ required: true }),
      idempotencyKey: t.arg.string(),
    },
    resolve: async (query, _r, args, ctx) =>
      loadProgress(query, ctx, await play.recordListenTime(ctx, rawId(args.storyId, "Story", "storyId"), args.seconds, args.idempotencyKey)),
  }),

  createHighlight: t.prismaField({
    type: HighlightRef,
    args: { storyId: t.arg.globalID({ required: true }), input: t.arg({ type: HighlightInput, required: true }) },
    resolve: async (query, _r, { storyId, input }, ctx) =>
      loadHighlight(
        query,
        ctx,
        await highlights.createHighlight(ctx, rawId(storyId, "Story", "storyId"), { ...input, nodeIds: input.nodeIds ? rawIds(input.nodeIds, "StoryNode", "nodeIds") : null }),
      ),
  }),
  updateHighlight: t.prismaField({
    type: HighlightRef,
    args: { id: t.arg.globalID({ required: true }), input: t.arg({ type: UpdateHighlightInput, required: true }) },
    resolve: async (query, _r, { id, input }, ctx) =>
      loadHighlight(
        query,
        ctx,
        await highlights.updateHighlight(ctx, rawId(id, "StoryHighlight", "id"), { ...input, nodeIds: input.nodeIds ? rawIds(input.nodeIds, "StoryNode", "nodeIds") : undefined }),
      ),
  }),
  deleteHighlight: t.id({
    args: { id: t.arg.globalID({ required: true }) },
    resolve: async (_r, args, ctx) => encodeGlobalId("StoryHighlight", await highlights.deleteHighlight(ctx, rawId(args.id, "StoryHighlight", "id"))),
  }),
}));

builder.subscriptionField("storyProgressUpdated", (t) =>
  t.prismaField({
    type: "UserStoryProgress",
    description: "The viewer's progress as it moves on any device (start, choice, restart, listen time); optionally for one story.",
    args: { storyId: t.arg.globalID({ required: false }) },
    subscribe: (_root, args, ctx) => {
      const only = args.storyId ? rawId(args.storyId, "Story", "storyId") : null;
      return liveEvents(ctx, {
        topic: "storyProgressUpdated",
        key: ctx.viewer!.id,
        visible: async (viewer, e) =>
          only && e.storyId !== only
            ? null
            : ((await ctx.prisma.userStoryProgress.findFirst({ where: { id: e.progressId, userId: viewer!.id, AND: [storyProgressWhereFor(viewer)] }, select: { id: true } }))?.id ?? null),
      });
    },
    resolve: (query, id, _args, ctx) => ctx.prisma.userStoryProgress.findUniqueOrThrow({ ...query, where: { id: id as unknown as string } }),
  }),
);
