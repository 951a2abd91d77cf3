// graphql-shield is deny-by-default: a field without a rule is refused with FORBIDDEN, and every
// root field and every object type of the real schema has an explicit rule.
import { buildSchema, graphql, isObjectType } from "graphql";
import { applyMiddleware } from "graphql-middleware";
import { allow } from "graphql-shield";
import { getRawSchema } from "../../src/app/schema.ts";
import { completeRuleTree, createPermissions } from "../../src/app/shield.ts";

describe("deny by default", () => {
  it("refuses a field that has no rule with a FORBIDDEN GraphQLError", async () => {
    const schema = buildSchema(`type Query { viewer: String, unruledSecret: String }`);
    const shielded = applyMiddleware(schema, createPermissions(schema, { Query: { viewer: allow } }));
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
});
