// The story graph's validation report as GraphQL types (StoryValidation, its issues and cycles,
// PublishStoryPayload): the report of graph.ts with the nodes and choices it names loaded.
import { builder } from "../../schema/builder.ts";
import type { Context } from "../../core/context.ts";
import { type ValidationIssue, type ValidationReport } from "./graph.ts";
import { StoryChoiceRef, StoryNodeRef, StoryValidationCodeEnum } from "./types.ts";

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
export async function viewOf(ctx: Context, report: ValidationReport): Promise<ReportView> {
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

export const PublishPayloadRef = builder.objectRef<{ published: boolean; storyId: string; view: ReportView }>("PublishStoryPayload").implement({
  fields: (t) => ({
    published: t.boolean({ description: "True when the story passed the check and is published; false when errors refused it (nothing changed).", resolve: (p) => p.published }),
    validation: t.field({ type: ValidationRef, resolve: (p) => p.view }),
    story: t.prismaField({
      type: "Story",
      resolve: (query, p, _a, ctx) => ctx.prisma.story.findUniqueOrThrow({ ...query, where: { id: p.storyId } }),
    }),
  }),
});
