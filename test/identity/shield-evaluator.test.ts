// src/app/shield.ts applies graphql-shield rules its own way (allow fields unwrapped, rules
// compiled to synchronous checks). These tests hold it to graphql-shield's semantics: the same
// answer as graphql-shield's own `rule.resolve` for thousands of random rule trees, and the
// same behaviour through a schema (deny by default, errors, async rules, per-request cache).
import { buildSchema, graphql, type GraphQLSchema } from "graphql";
import { allow, and, chain, deny, not, or, race, rule } from "graphql-shield";
import type { IRule } from "graphql-shield";
import { applyPermissions, compileRule, createPermissions, SHIELD_OPTIONS, type RuleTree } from "../../src/app/shield.ts";

// A small deterministic PRNG so a failure is reproducible.
function prng(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

type Leaf = { kind: "true" | "false" | "error" | "string" | "throw" | "asyncTrue" | "asyncError" | "undefined" };
const LEAVES: Leaf["kind"][] = ["true", "false", "error", "string", "throw", "asyncTrue", "asyncError", "undefined"];

let counter = 0;
function leafRule(kind: Leaf["kind"], cache: "contextual" | "no_cache" | "strict"): IRule {
  const name = `leaf_${kind}_${cache}_${counter++}`;
  return rule(name, { cache })(() => {
    switch (kind) {
      case "true":
        return true;
      case "false":
        return false;
      case "error":
        return new Error(`err ${name}`);
      case "string":
        return `msg ${name}`;
      case "throw":
        throw new Error("thrown");
      case "asyncTrue":
        return Promise.resolve(true);
      case "asyncError":
        return Promise.resolve(new Error(`async err ${name}`));
      default:
        return undefined as never;
    }
  });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rule classes are not exported by graphql-shield
function randomTree(rand: () => number, depth: number): any {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  if (depth === 0 || rand() < 0.3) {
    const r = rand();
    if (r < 0.05) return allow;
    if (r < 0.1) return deny;
    return leafRule(pick(LEAVES), pick(["contextual", "no_cache", "no_cache", "strict"] as const));
  }
  const kids = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomTree(rand, depth - 1));
  switch (pick(["and", "or", "not", "notWithError", "chain", "race"] as const)) {
    case "and":
      return and(...kids);
    case "or":
      return or(...kids);
    case "not":
      return not(kids[0]);
    case "notWithError":
      return not(kids[0], new Error("negated"));
    case "chain":
      return chain(...kids);
    default:
      return race(...kids);
  }
}

const norm = (r: unknown) => (r === true ? "T" : r === false ? "F" : r instanceof Error ? `E:${r.message}` : `?${String(r)}`);
const freshCtx = () => ({ _shield: { cache: {} } });

describe("compiled rules answer exactly as graphql-shield", () => {
  it("for 3000 random rule trees", async () => {
    const rand = prng(20261122);
    const mismatches: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const tree = randomTree(rand, 3);
      const theirs = norm(await (tree as any).resolve({}, {}, freshCtx(), {}, { ...SHIELD_OPTIONS, debug: false, hashFunction: JSON.stringify }));
      const ours = norm(await compileRule(tree)({}, {}, freshCtx(), {} as never));
      if (theirs !== ours) mismatches.push(`#${i}: shield ${theirs}, ours ${ours}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("answers synchronously when every predicate does", () => {
    const sync = or(leafRule("false", "no_cache"), and(leafRule("true", "contextual"), not(leafRule("error", "no_cache"))));
    const res = compileRule(sync)({}, {}, freshCtx(), {} as never);
    expect(res).toBe(true);
  });

  it("computes a contextual rule once per request", async () => {
    let calls = 0;
    const counted = rule("countedContextual", { cache: "contextual" })(() => ++calls > 0);
    const schema = buildSchema(`type Query { a: Int, b: Int, c: Int }`);
    const shielded = applyPermissions(schema, { Query: { "*": counted } });
    const r = await graphql({ schema: shielded, source: "{ a b c }", rootValue: { a: 1, b: 2, c: 3 }, contextValue: {} });
    expect(r).toEqual({ data: { a: 1, b: 2, c: 3 } });
    expect(calls).toBe(1);
  });
});

// The applicator the server runs (src/app/schema.ts): applyPermissions, the guards wrapped into a
// copy of the schema.
const APPLICATORS: [string, (schema: GraphQLSchema, tree: RuleTree) => GraphQLSchema][] = [["applyPermissions", (schema, tree) => applyPermissions(schema, tree)]];

describe.each(APPLICATORS)("permissions on a schema through %s", (_name, apply) => {
  const schema = buildSchema(`
    type Query { open: String, guarded: String, asyncGuarded: String, unruled: String, throwing: String, custom: String, item: Item }
    type Item { name: String, secret: String }
  `);
  const viewerIs = (name: string) => rule(`viewerIs_${name}`, { cache: "contextual" })((_p, _a, ctx: any) => (ctx.viewer === name ? true : new GraphQLErrorLike("FORBIDDEN", `only ${name}`)));
  class GraphQLErrorLike extends Error {
    extensions: { code: string };
    constructor(code: string, message: string) {
      super(message);
      this.extensions = { code };
    }
  }
  const isAnn = viewerIs("ann"); // one rule object per name: graphql-shield rejects duplicates
  const tree = {
    Query: {
      open: allow,
      guarded: isAnn,
      asyncGuarded: rule("asyncAnn", { cache: "no_cache" })(async (_p, _a, ctx: any) => ctx.viewer === "ann"),
      throwing: rule("throws", { cache: "no_cache" })(() => {
        throw new Error("boom");
      }),
      custom: rule("customError", { cache: "no_cache" })(() => new Error("custom message")),
      item: allow,
    },
    Item: { name: allow, secret: or(isAnn, deny) },
  };
  let shielded: GraphQLSchema;
  beforeAll(() => {
    shielded = apply(schema, tree);
  });
  const root = { open: "o", guarded: "g", asyncGuarded: "a", unruled: "u", throwing: "t", custom: "c", item: { name: "n", secret: "s" } };
  const run = (source: string, viewer: string | null) => graphql({ schema: shielded, source, rootValue: root, contextValue: { viewer } });

  it("leaves `allow` fields unwrapped and wraps every other field, unruled ones included", () => {
    const raw = schema.getQueryType()!.getFields();
    const out = shielded.getQueryType()!.getFields();
    expect(out.open.resolve).toBe(raw.open.resolve);
    expect(out.guarded.resolve).not.toBe(raw.guarded.resolve);
    expect(out.unruled.resolve).not.toBe(raw.unruled.resolve);
    // The raw schema itself is left as it was.
    expect(shielded).not.toBe(schema);
    expect(raw.guarded.resolve).toBeUndefined();
  });

  it("resolves allowed fields and refuses the rest with the rule's error or FORBIDDEN", async () => {
    const ann = await run(`{ open guarded asyncGuarded item { name secret } }`, "ann");
    expect(ann).toEqual({ data: { open: "o", guarded: "g", asyncGuarded: "a", item: { name: "n", secret: "s" } } });
    const bob = await run(`{ open guarded asyncGuarded unruled throwing custom item { name secret } }`, "bob");
    expect(bob.data).toEqual({ open: "o", guarded: null, asyncGuarded: null, unruled: null, throwing: null, custom: null, item: { name: "n", secret: null } });
    const byPath = Object.fromEntries(bob.errors!.map((e) => [e.path!.join("."), [e.message, e.extensions?.code]]));
    expect(byPath).toEqual({
      guarded: ["only ann", "FORBIDDEN"],
      asyncGuarded: ["No permission rule allows this.", "FORBIDDEN"],
      unruled: ["No permission rule allows this.", "FORBIDDEN"],
      throwing: ["No permission rule allows this.", "FORBIDDEN"],
      custom: ["custom message", undefined],
      "item.secret": ["only ann", "FORBIDDEN"],
    });
  });

  it("rejects rules for types or fields the schema does not have, like graphql-shield", () => {
    expect(() => createPermissions(schema, { Nope: { x: allow } })).toThrow(/Nope/);
    expect(() => createPermissions(schema, { Query: { nope: allow } })).toThrow(/Query\.nope/);
    expect(() => createPermissions(schema, { Query: { open: viewerIs("twin"), guarded: viewerIs("twin") } })).toThrow(/multiple definitions/);
  });
});
