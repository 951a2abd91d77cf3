// The graph check as a pure function: path lengths, cycles and the search budget.
import { stronglyConnectedCycles, validateStoryGraph, type GraphChoice, type GraphNode } from "../../src/domains/stories/graph.ts";

const S = "story";
function graph(nodes: Record<string, { ending?: boolean; deleted?: boolean; story?: string }>, edges: [string, string][], start: string | null = Object.keys(nodes)[0]) {
  const ns: GraphNode[] = Object.entries(nodes).map(([id, n]) => ({ id, storyId: n.story ?? S, deleted: !!n.deleted, isEnding: !!n.ending }));
  const byId = new Map(ns.map((n) => [n.id, n]));
  const cs: GraphChoice[] = edges.map(([from, to], i) => ({
    id: `c${i}`,
    fromNodeId: from,
    toNodeId: to,
    from: byId.has(from) ? { storyId: byId.get(from)!.storyId, deleted: byId.get(from)!.deleted } : null,
    to: byId.has(to) ? { storyId: byId.get(to)!.storyId, deleted: byId.get(to)!.deleted } : null,
  }));
  return { storyId: S, startNodeId: start, nodes: ns, choices: cs };
}

describe("validateStoryGraph", () => {
  it("measures shortest and longest paths in choices on an acyclic story", () => {
    const r = validateStoryGraph(graph({ s: {}, a: {}, b: {}, e1: { ending: true }, e2: { ending: true } }, [["s", "a"], ["a", "b"], ["b", "e1"], ["s", "e2"], ["a", "e2"]]));
    expect(r).toMatchObject({ valid: true, shortestPathToEnding: 1, longestPathToEnding: 3, longestPathExact: true, endingCount: 2, reachableEndingCount: 2, cycles: [] });
  });

  it("finds the longest simple path through a loop without walking it twice", () => {
    // s → a → b → a (loop), b → c → e, a → e
    const r = validateStoryGraph(graph({ s: {}, a: {}, b: {}, c: {}, e: { ending: true } }, [["s", "a"], ["a", "b"], ["b", "a"], ["b", "c"], ["c", "e"], ["a", "e"]]));
    expect(r.cycles).toEqual([["a", "b"]]);
    expect(r).toMatchObject({ shortestPathToEnding: 2, longestPathToEnding: 4, longestPathExact: true, valid: true });
    expect(r.warnings.map((w) => w.code)).toEqual(["CYCLE"]);
  });

  it("reports a lower bound when the search budget runs out", () => {
    // A complete graph on 6 nodes has too many simple paths for a budget of 50 expansions.
    const ids = ["n0", "n1", "n2", "n3", "n4", "n5"];
    const nodes = Object.fromEntries([...ids.map((id) => [id, {}]), ["end", { ending: true }]]);
    const edges: [string, string][] = [];
    for (const a of ids) for (const b of ids) if (a !== b) edges.push([a, b]);
    for (const a of ids) edges.push([a, "end"]);
    const r = validateStoryGraph({ ...graph(nodes, edges, "n0"), budget: 50 });
    expect(r.longestPathExact).toBe(false);
    expect(r.longestPathToEnding).toBeGreaterThanOrEqual(1);
    expect(r.warnings.map((w) => w.code)).toContain("LONGEST_PATH_APPROXIMATE");
    const full = validateStoryGraph(graph(nodes, edges, "n0"));
    expect(full).toMatchObject({ longestPathToEnding: 6, longestPathExact: true, shortestPathToEnding: 1 });
  });

  it("treats endings as terminal and warns about choices leaving them", () => {
    const r = validateStoryGraph(graph({ s: {}, e: { ending: true }, after: {} }, [["s", "e"], ["e", "after"]]));
    expect(r.unreachableNodeIds).toEqual(["after"]);
    expect(r.warnings.map((w) => w.code).sort()).toEqual(["DEAD_END", "ENDING_HAS_CHOICES", "UNREACHABLE_NODE"]);
    expect(r.cycles).toEqual([]);
  });

  it("reports self loops as cycles and ignores choices of removed nodes", () => {
    const r = validateStoryGraph(graph({ s: {}, gone: { deleted: true }, e: { ending: true } }, [["s", "s"], ["s", "e"], ["gone", "e"]]));
    expect(r.cycles).toEqual([["s"]]);
    expect(r.danglingChoiceIds).toEqual([]);
    expect(r.nodeCount).toBe(2);
  });

  it("finds every group of a larger graph with an iterative Tarjan", () => {
    const next: Record<string, string[]> = { a: ["b"], b: ["c"], c: ["a", "d"], d: ["e"], e: ["d"], f: [] };
    expect(stronglyConnectedCycles(Object.keys(next), (id) => next[id]).map((g) => g.sort())).toEqual([["d", "e"], ["a", "b", "c"]]);
    // A long chain does not overflow the stack.
    const long: Record<string, string[]> = {};
    for (let i = 0; i < 50_000; i++) long[`n${i}`] = [`n${i + 1}`];
    long.n50000 = ["n0"];
    expect(stronglyConnectedCycles(Object.keys(long), (id) => long[id])[0]).toHaveLength(50_001);
  });
});
