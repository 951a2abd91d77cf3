// Story mutations and their inputs: authoring (stories, nodes, choices), playing (start, choose,
// restart, listen time), highlights, and the progress subscription. Resolvers parse and call the
// services (service.ts, play.ts, highlights.ts), then load the changed row for the selection.
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import type { Context } from "../../core/context.ts";
import { VisibilityEnum } from "../content/index.ts";
import * as highlights from "./highlights.ts";
import { rawId, rawIds, type DecodedId } from "./ids.ts";
import { liveEvents } from "../identity/index.ts";
import * as play from "./play.ts";
import * as service from "./service.ts";
import { storyProgressWhereFor } from "./visibility.ts";
import { PublishPayloadRef, viewOf } from "./types-validation.ts";
import { ChoiceGateEnum, HighlightRef, ProgressRef } from "./types.ts";

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
