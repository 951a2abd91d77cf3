// The story graph check, a pure function over the story's nodes and live choices.
// Playing stops at an ending (the progress completes), so endings are terminal: paths, reachability
// and cycles never continue through one.
//
// Errors (block publishing): MISSING_START_NODE, DANGLING_CHOICE (a live choice from a live node
// of the story to a deleted node or to another story's node, or a choice filed under this story
// whose source node belongs to another story), NO_REACHABLE_ENDING.
// Warnings: UNREACHABLE_NODE, DEAD_END (a live non-ending node with no valid way out), CYCLE
// (allowed; one finding per strongly connected group), ENDING_HAS_CHOICES (choices leaving an
// ending can never be taken), LONGEST_PATH_APPROXIMATE (the simple-path search hit its budget).

export type ValidationCode =
  | "MISSING_START_NODE"
  | "DANGLING_CHOICE"
  | "NO_REACHABLE_ENDING"
  | "UNREACHABLE_NODE"
  | "DEAD_END"
  | "CYCLE"
  | "ENDING_HAS_CHOICES"
  | "LONGEST_PATH_APPROXIMATE";

export const VALIDATION_CODES: readonly ValidationCode[] = [
  "MISSING_START_NODE",
  "DANGLING_CHOICE",
  "NO_REACHABLE_ENDING",
  "UNREACHABLE_NODE",
  "DEAD_END",
  "CYCLE",
  "ENDING_HAS_CHOICES",
  "LONGEST_PATH_APPROXIMATE",
];

export interface GraphNode {
  id: string;
  storyId: string;
  deleted: boolean;
  isEnding: boolean;
}

export interface GraphChoice {
  id: string;
  fromNodeId: string;
  toNodeId: string;
  /** The nodes at both ends, whatever story they belong to (null if not found). */
  from: { storyId: string; deleted: boolean } | null;
  to: { storyId: string; deleted: boolean } | null;
}

export interface ValidationIssue {
  code: ValidationCode;
  message: string;
  nodeId?: string;
  choiceId?: string;
  nodeIds?: string[];
}

export interface ValidationReport {
  storyId: string;
  valid: boolean;
  errors: ValidationIssue[];
  warnings: ValidationIssue[];
  startNodeId: string | null;
  nodeCount: number;
  endingCount: number;
  reachableEndingCount: number;
  unreachableNodeIds: string[];
  deadEndNodeIds: string[];
  danglingChoiceIds: string[];
  cycles: string[][];
  /** In choices taken from the start node; null when no ending is reachable. */
  shortestPathToEnding: number | null;
  longestPathToEnding: number | null;
  longestPathExact: boolean;
}

/** Node expansions allowed for the exact longest simple path in a cyclic graph. */
export const LONGEST_PATH_BUDGET = 200_000;

export function validateStoryGraph(input: {
  storyId: string;
  startNodeId: string | null;
  nodes: GraphNode[];
  choices: GraphChoice[];
  budget?: number;
}): ValidationReport {
  const { storyId } = input;
  const errors: ValidationIssue[] = [];
  const warnings: ValidationIssue[] = [];
  const live = input.nodes.filter((n) => n.storyId === storyId && !n.deleted);
  const byId = new Map(live.map((n) => [n.id, n]));

  // Valid edges: live choice, live source in this story, live target in this story.
  const out = new Map<string, string[]>(live.map((n) => [n.id, []]));
  const danglingChoiceIds: string[] = [];
  const endingsWithChoices = new Set<string>();
  for (const c of input.choices) {
    const fromHere = c.from && c.from.storyId === storyId;
    if (fromHere && c.from!.deleted) continue; // choices of a removed node are gone with it
    if (!fromHere) {
      danglingChoiceIds.push(c.id);
      errors.push({ code: "DANGLING_CHOICE", choiceId: c.id, message: "The choice's source node belongs to another story." });
      continue;
    }
    if (!c.to || c.to.storyId !== storyId) {
      danglingChoiceIds.push(c.id);
      errors.push({ code: "DANGLING_CHOICE", choiceId: c.id, nodeId: c.fromNodeId, message: "The choice leads to a node of another story." });
      continue;
    }
    if (c.to.deleted) {
      danglingChoiceIds.push(c.id);
      errors.push({ code: "DANGLING_CHOICE", choiceId: c.id, nodeId: c.fromNodeId, message: "The choice leads to a removed node." });
      continue;
    }
    out.get(c.fromNodeId)!.push(c.toNodeId);
    if (byId.get(c.fromNodeId)!.isEnding) endingsWithChoices.add(c.fromNodeId);
  }
  /** Edges a listener can take: endings are terminal. */
  const next = (id: string): string[] => (byId.get(id)!.isEnding ? [] : out.get(id)!);

  const start = input.startNodeId ? byId.get(input.startNodeId) ?? null : null;
  if (!start) {
    errors.push({
      code: "MISSING_START_NODE",
      message: input.startNodeId ? "The start node was removed or belongs to another story." : "The story has no start node.",
      ...(input.startNodeId ? { nodeId: input.startNodeId } : {}),
    });
  }

  // Reachability and shortest path (BFS from the start).
  const dist = new Map<string, number>();
  if (start) {
    dist.set(start.id, 0);
    const queue = [start.id];
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i];
      for (const to of next(id)) {
        if (!dist.has(to)) {
          dist.set(to, dist.get(id)! + 1);
          queue.push(to);
        }
      }
    }
  }
  const endings = live.filter((n) => n.isEnding);
  const reachableEndings = endings.filter((n) => dist.has(n.id));
  const shortest = reachableEndings.length ? Math.min(...reachableEndings.map((n) => dist.get(n.id)!)) : null;
  if (start && reachableEndings.length === 0) {
    errors.push({ code: "NO_REACHABLE_ENDING", nodeId: start.id, message: "No ending can be reached from the start node." });
  }

  const unreachableNodeIds = start ? live.filter((n) => !dist.has(n.id)).map((n) => n.id) : [];
  for (const id of unreachableNodeIds) warnings.push({ code: "UNREACHABLE_NODE", nodeId: id, message: "This node cannot be reached from the start node." });

  const deadEndNodeIds = live.filter((n) => !n.isEnding && out.get(n.id)!.length === 0).map((n) => n.id);
  for (const id of deadEndNodeIds) warnings.push({ code: "DEAD_END", nodeId: id, message: "This node is not an ending and has no way out." });

  for (const id of endingsWithChoices) warnings.push({ code: "ENDING_HAS_CHOICES", nodeId: id, message: "Choices leaving an ending can never be taken: reaching an ending completes the story." });

  const cycles = stronglyConnectedCycles(live.map((n) => n.id), next);
  for (const ids of cycles) warnings.push({ code: "CYCLE", nodeIds: ids, nodeId: ids[0], message: `These ${ids.length} node(s) form a loop.` });

  let longest: number | null = null;
  let exact = true;
  if (start && reachableEndings.length) {
    const r = cycles.some((c) => c.some((id) => dist.has(id)))
      ? longestSimplePath(start.id, next, (id) => byId.get(id)!.isEnding, input.budget ?? LONGEST_PATH_BUDGET)
      : { length: longestAcyclic(start.id, next, (id) => byId.get(id)!.isEnding), exact: true };
    longest = r.length;
    exact = r.exact;
    if (!exact) warnings.push({ code: "LONGEST_PATH_APPROXIMATE", message: "The story has too many looping paths to measure the longest one exactly; the value is a lower bound." });
  }

  return {
    storyId,
    valid: errors.length === 0,
    errors,
    warnings,
    startNodeId: start?.id ?? null,
    nodeCount: live.length,
    endingCount: endings.length,
    reachableEndingCount: reachableEndings.length,
    unreachableNodeIds,
    deadEndNodeIds,
    danglingChoiceIds,
    cycles,
    shortestPathToEnding: shortest,
    longestPathToEnding: longest,
    longestPathExact: exact,
  };
}

/** Tarjan's algorithm (iterative): groups of 2+ nodes, or one node with a loop to itself. */
export function stronglyConnectedCycles(ids: string[], next: (id: string) => string[]): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; i: number }[] = [{ id: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const frame = work[work.length - 1];
      const edges = next(frame.id);
      if (frame.i < edges.length) {
        const to = edges[frame.i++];
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ id: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const group: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          group.push(id);
        } while (id !== frame.id);
        if (group.length > 1 || next(frame.id).includes(frame.id)) result.push(group.reverse());
      }
    }
  }
  return result;
}

/** Longest path to an ending in a graph without reachable cycles (memoized DFS). */
function longestAcyclic(start: string, next: (id: string) => string[], isEnding: (id: string) => boolean): number | null {
  const memo = new Map<string, number | null>();
  const order: string[] = [];
  // Post-order without recursion so deep stories do not overflow the stack.
  const seen = new Set<string>([start]);
  const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
  while (work.length) {
    const frame = work[work.length - 1];
    const edges = next(frame.id);
    if (frame.i < edges.length) {
      const to = edges[frame.i++];
      if (!seen.has(to)) {
        seen.add(to);
        work.push({ id: to, i: 0 });
      }
      continue;
    }
    work.pop();
    order.push(frame.id);
  }
  for (const id of order) {
    if (isEnding(id)) {
      memo.set(id, 0);
      continue;
    }
    let best: number | null = null;
    for (const to of next(id)) {
      const d = memo.get(to);
      if (d !== null && d !== undefined && (best === null || d + 1 > best)) best = d + 1;
    }
    memo.set(id, best);
  }
  return memo.get(start) ?? null;
}

/** Longest simple path (no node twice) to an ending, by bounded depth-first search. */
function longestSimplePath(
  start: string,
  next: (id: string) => string[],
  isEnding: (id: string) => boolean,
  budget: number,
): { length: number | null; exact: boolean } {
  let best: number | null = null;
  let steps = 0;
  const onPath = new Set<string>([start]);
  const work: { id: string; i: number }[] = [{ id: start, i: 0 }];
  if (isEnding(start)) return { length: 0, exact: true };
  while (work.length) {
    if (++steps > budget) return { length: best, exact: false };
    const frame = work[work.length - 1];
    const edges = next(frame.id);
    if (frame.i < edges.length) {
      const to = edges[frame.i++];
      if (onPath.has(to)) continue;
      if (isEnding(to)) {
        if (best === null || work.length > best) best = work.length;
        continue;
      }
      onPath.add(to);
      work.push({ id: to, i: 0 });
      continue;
    }
    work.pop();
    onPath.delete(frame.id);
  }
  return { length: best, exact: true };
}
