// graphql-shield is deny-by-default: a field without a rule is refused with FORBIDDEN, and every
// root field and every object type of the real schema has an explicit rule.
import { buildSchema, graphql, isObjectType } from "graphql";
import { allow, deny } from "graphql-shield";
import { getRawSchema } from "../../src/app/schema.ts";
import { applyPermissions, completeRuleTree, effectiveRule, relayStructure, ruleTree } from "../../src/app/shield.ts";

describe("deny by default", () => {
  it("refuses a field that has no rule with a FORBIDDEN GraphQLError", async () => {
    const schema = buildSchema(`type Query { viewer: String, unruledSecret: String }`);
    const shielded = applyPermissions(schema, { Query: { viewer: allow } });
    const result = await graphql({
      schema: shielded,
      source: "{ unruledSecret }",
      rootValue: { unruledSecret: "leak", viewer: "ok" },
      contextValue: { viewer: null },
    });
    expect(result.data).toEqual({ unruledSecret: null });
    expect(result.errors?.[0].extensions?.code).toBe("FORBIDDEN");
  });

  it("gives every root field and every object type of the schema an explicit rule", () => {
    const schema = getRawSchema();
    const tree = completeRuleTree(schema) as Record<string, Record<string, unknown>>;
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith("__")) continue;
      const rules = tree[type.name];
      for (const field of Object.keys(type.getFields())) {
        if (!rules || !(field in rules || "*" in rules)) missing.push(`${type.name}.${field}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("gives every Query, Mutation and Subscription field its own rule entry (no type-wide fallback)", () => {
    const schema = getRawSchema();
    const notOwn: string[] = [];
    for (const root of ["Query", "Mutation", "Subscription"]) {
      const type = schema.getType(root);
      if (!type || !isObjectType(type)) continue;
      const rules = ruleTree[root] ?? {};
      if ("*" in rules) notOwn.push(`${root}.*`);
      for (const field of Object.keys(type.getFields())) if (!(field in rules)) notOwn.push(`${root}.${field}`);
    }
    expect(notOwn).toEqual([]);
  });

  it("recognises Relay structure by its shape, so a domain type named *Connection without rules is denied", () => {
    const schema = getRawSchema();
    const structure = relayStructure(schema);
    expect(structure.get("PageInfo")?.sort()).toEqual(["endCursor", "hasNextPage", "hasPreviousPage", "startCursor"]);
    expect(structure.get("QueryStoriesConnection")).toEqual(["edges", "pageInfo", "totalCount"]);
    expect(structure.get("QueryStoriesConnectionEdge")).toEqual(["cursor", "node"]);
    // Real domain types whose names end in Connection are not structure.
    expect(structure.has("PlatformConnection")).toBe(false);
    expect(structure.has("SeoConnection")).toBe(false);
    const { PlatformConnection: _p, SeoConnection: _s, ...withoutThem } = ruleTree;
    const tree = completeRuleTree(schema, withoutThem);
    expect(effectiveRule(tree, "PlatformConnection", "platformUsername")).toBe(deny);
    expect(effectiveRule(tree, "SeoConnection", "siteUrl")).toBe(deny);
    expect(effectiveRule(tree, "QueryStoriesConnection", "edges")).toBe(allow);
  });

  it("denies what is not Relay structure: look-alike names, and extra fields on connections and edges", async () => {
    const schema = buildSchema(`
      type Query { things: ThingConnection!, lookalike: LookalikeConnection, node: ThingEdge }
      type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }
      type Thing { id: ID! }
      type ThingConnection { edges: [ThingEdge!]!, pageInfo: PageInfo!, totalCount: Int!, secret: String }
      type ThingEdge { cursor: String!, node: Thing!, score: Float }
      type LookalikeConnection { id: ID!, token: String }
    `);
    const structure = relayStructure(schema);
    expect([...structure.keys()].sort()).toEqual(["PageInfo", "ThingConnection", "ThingEdge"]);
    const tree = completeRuleTree(schema, { Query: { things: allow, lookalike: allow }, Thing: { "*": allow } });
    const shielded = applyPermissions(schema, tree);
    const rootValue = {
      things: {
        edges: [{ cursor: "c1", node: { id: "t1" }, score: 0.5 }],
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: "c1", endCursor: "c1" },
        totalCount: 1,
        secret: "leak",
      },
      lookalike: { id: "l1", token: "leak" },
    };
    const ok = await graphql({ schema: shielded, source: "{ things { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }", rootValue, contextValue: { viewer: null } });
    expect(ok.errors).toBeUndefined();
    expect(ok.data).toEqual({ things: { totalCount: 1, edges: [{ cursor: "c1", node: { id: "t1" } }], pageInfo: { hasNextPage: false, endCursor: "c1" } } });
    for (const source of ["{ things { secret } }", "{ things { edges { score } } }", "{ lookalike { token } }"]) {
      const res = await graphql({ schema: shielded, source, rootValue, contextValue: { viewer: null } });
      expect([source, res.errors?.[0].extensions?.code]).toEqual([source, "FORBIDDEN"]);
    }
  });
});
