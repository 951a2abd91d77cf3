// Branching stories as a graph: stories, nodes, and choices as edges between nodes.
import { builder } from "../../schema/builder.ts";
import { isAdmin } from "../../server/context.ts";
import { PublishStatusEnum, VisibilityEnum } from "../content/types.ts";
import { storyNodeWhereFor, storyWhereFor } from "./visibility.ts";

export const StoryRef = builder.prismaNode("Story", {
  nullable: true,
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyWhereFor(ctx.viewer, "read")] }),
  fields: (t) => ({
    title: t.exposeString("title"),
    description: t.exposeString("description", { nullable: true }),
    coverImageUrl: t.exposeString("coverImageUrl", { nullable: true }),
    tags: t.exposeStringList("tags"),
    visibility: t.expose("visibility", { type: VisibilityEnum }),
    status: t.expose("status", { type: PublishStatusEnum }),
    publishedAt: t.expose("publishedAt", { type: "DateTime", nullable: true }),
    playCount: t.exposeInt("playCount"),
    completionCount: t.exposeInt("completionCount"),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    creator: t.relation("creator"),
    startNode: t.relation("startNode", {
      nullable: true,
      query: (_args, ctx) => ({ where: isAdmin(ctx.viewer) ? {} : { deletedAt: null } }),
    }),
    nodes: t.relatedConnection(
      "nodes",
      {
        cursor: "id",
        query: (_args, ctx) => ({
          where: isAdmin(ctx.viewer) ? {} : { deletedAt: null },
          orderBy: [{ nodeOrder: { sort: "asc", nulls: "last" } }, { id: "asc" }],
        }),
        totalCount: true,
      },
      {},
    ),
  }),
});

builder.prismaNode("StoryNode", {
  nullable: true,
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [storyNodeWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    title: t.exposeString("title", { nullable: true }),
    content: t.exposeString("content"),
    order: t.exposeInt("nodeOrder", { nullable: true }),
    audioUrl: t.exposeString("audioUrl", { nullable: true }),
    backgroundAudioUrl: t.exposeString("backgroundAudioUrl", { nullable: true }),
    narratorVoiceId: t.exposeString("narratorVoiceId", { nullable: true }),
    isEnding: t.exposeBoolean("isEnding"),
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

builder.prismaNode("StoryChoice", {
  nullable: true,
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [isAdmin(ctx.viewer) ? {} : { deletedAt: null, fromNode: storyNodeWhereFor(ctx.viewer) }] }),
  fields: (t) => ({
    label: t.exposeString("label"),
    position: t.exposeInt("position"),
    fromNode: t.relation("fromNode"),
    toNode: t.relation("toNode"),
  }),
});

builder.queryFields((t) => ({
  story: t.prismaField({
    type: "Story",
    nullable: true,
    args: { id: t.arg.globalID({ required: true, for: [StoryRef] }) },
    resolve: (query, _root, args, ctx) =>
      ctx.prisma.story.findFirst({ ...query, where: { id: args.id.id, ...storyWhereFor(ctx.viewer, "read") } }),
  }),
  stories: t.prismaConnection(
    {
      type: "Story",
      cursor: "id",
      description: "Published public stories (plus the viewer's own), newest first.",
      resolve: (query, _root, _args, ctx) =>
        ctx.prisma.story.findMany({
          ...query,
          where: storyWhereFor(ctx.viewer, "list"),
          orderBy: [{ publishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
        }),
      totalCount: (_root, _args, ctx) => ctx.prisma.story.count({ where: storyWhereFor(ctx.viewer, "list") }),
    },
    {},
  ),
}));
