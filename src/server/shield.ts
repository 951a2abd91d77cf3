// graphql-shield over the whole schema, deny by default. Each domain exports its rule map from
// src/domains/<domain>/rules.ts; they are merged here (a field ruled twice is a start-up error)
// and anything without a rule falls back to `deny` with a FORBIDDEN GraphQLError.
import { isObjectType, type GraphQLSchema } from "graphql";
import { allow, deny, shield } from "graphql-shield";
import type { IRules } from "graphql-shield";
import { ruleMaps } from "../domains/index.ts";
import { errors } from "./errors.ts";

type RuleTree = Record<string, Record<string, unknown>>;

export function mergeRuleMaps(maps: readonly IRules[]): RuleTree {
  const merged: RuleTree = {};
  for (const map of maps) {
    for (const [type, fields] of Object.entries(map as RuleTree)) {
      const target = (merged[type] ??= {});
      for (const [field, rule] of Object.entries(fields)) {
        if (field in target) throw new Error(`Permission for ${type}.${field} is defined twice`);
        target[field] = rule;
      }
    }
  }
  return merged;
}

export const ruleTree = mergeRuleMaps(ruleMaps);

/**
 * Relay's structural types (PageInfo, *Connection, *Edge) carry no data of their own: their
 * nodes are guarded by their own type's rules and were filtered by the list's where-clause.
 * They are allowed here, by name, rather than repeated in every domain's rule map.
 */
export function isStructuralType(name: string): boolean {
  return name === "PageInfo" || name.endsWith("Connection") || name.endsWith("Edge");
}

export function completeRuleTree(schema: GraphQLSchema, base: RuleTree = ruleTree): RuleTree {
  const tree: RuleTree = { ...base };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && !type.name.startsWith("__") && isStructuralType(type.name) && !tree[type.name]) {
      tree[type.name] = { "*": allow };
    }
  }
  return tree;
}

export function createPermissions(schema: GraphQLSchema, base: RuleTree = ruleTree) {
  return shield(completeRuleTree(schema, base) as IRules, {
    fallbackRule: deny,
    // Resolver errors (our GraphQLErrors) pass through untouched; Yoga masks the rest.
    allowExternalErrors: true,
    fallbackError: () => errors.forbidden("No permission rule allows this."),
  });
}
