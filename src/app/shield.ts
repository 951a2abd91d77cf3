// graphql-shield over the whole schema, deny by default. Each domain exports its rule map from
// src/domains/<domain>/rules.ts; they are merged here (a field ruled twice is a start-up error)
// and anything without a rule falls back to `deny` with a FORBIDDEN GraphQLError.
//
// How rules are applied (bench/shield.ts measures it): graphql-shield's stock middleware wraps
// EVERY field in an async function and evaluates rules through a chain of promises, so each
// scalar of each row of a list becomes several promises — 2x or worse on large lists. Here the
// rules are the same graphql-shield rule objects with the same semantics, applied differently:
//  1. a field whose effective rule is `allow` is not wrapped at all (its resolver stays exactly
//     as Pothos built it); every other field is wrapped, including those that fall back to
//     `deny`, so deny-by-default is unchanged;
//  2. rule trees (rule / and / or / not / allow / deny) are compiled once into plain functions
//     that stay synchronous when the predicates are: a field whose rule answers synchronously
//     resolves synchronously, with no promise added;
//  3. `contextual` rules are computed once per request (graphql-shield's own ctx._shield cache).
// `strict` and custom cache keys are evaluated without a cache (same answers; the foundation's
// rule is never to use `strict` anyway). inputRule is delegated to graphql-shield's own resolve.
import {
  defaultFieldResolver,
  type GraphQLFieldConfig,
  getNamedType,
  isInterfaceType,
  isIntrospectionType,
  isNonNullType,
  isObjectType,
  isUnionType,
  type GraphQLFieldResolver,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from "graphql";
import { mapSchema, MapperKind } from "@graphql-tools/utils";
import { allow, deny, shield } from "graphql-shield";
import type { IRules } from "graphql-shield";
import type { RuleMap } from "../schema/rule-map.ts";
import { ruleMaps } from "./domains.ts";
import { errors } from "../core/errors.ts";

export type RuleTree = Record<string, Record<string, unknown>>;

/** The domains' rule maps as one tree (typed from the schema in each domain: src/schema/rule-map.ts). */
export function mergeRuleMaps(maps: readonly RuleMap[] | readonly RuleTree[]): RuleTree {
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
 * Relay's structural fields carry no data of their own: a connection's `edges`, `pageInfo` and
 * `totalCount`, an edge's `cursor` and `node`, and PageInfo's four fields. The nodes are guarded by
 * their own type's rules and were filtered by the list's where-clause. They are recognised by
 * their shape, never by a type's name (a domain type called `PlatformConnection` is a domain type
 * and needs its own rules):
 *  - PageInfo: exactly `hasNextPage: Boolean!`, `hasPreviousPage: Boolean!`, `startCursor: String`,
 *    `endCursor: String`;
 *  - a connection: `edges: [E!]!` and `pageInfo: <a PageInfo>!` (and optionally `totalCount: Int`),
 *    no arguments on them, no interfaces;
 *  - an edge: the element type E of a connection's `edges`, with `cursor: String!` and `node`.
 * Only those fields are allowed here; any other field on such a type (a search edge's `rank`)
 * needs its own rule like any other field.
 * Returns type name → its structural field names.
 */
export function relayStructure(schema: GraphQLSchema): Map<string, string[]> {
  const types = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !isIntrospectionType(t));
  const fieldIs = (type: GraphQLObjectType, name: string, sdl: string | RegExp): boolean => {
    const f = type.getFields()[name];
    if (!f || f.args.length) return false;
    const printed = String(f.type);
    return typeof sdl === "string" ? printed === sdl : sdl.test(printed);
  };
  const isPageInfo = (t: GraphQLObjectType) => {
    const names = Object.keys(t.getFields()).sort();
    return (
      !t.getInterfaces().length &&
      names.join() === "endCursor,hasNextPage,hasPreviousPage,startCursor" &&
      fieldIs(t, "hasNextPage", "Boolean!") &&
      fieldIs(t, "hasPreviousPage", "Boolean!") &&
      fieldIs(t, "startCursor", "String") &&
      fieldIs(t, "endCursor", "String")
    );
  };
  const structure = new Map<string, string[]>();
  for (const t of types) if (isPageInfo(t)) structure.set(t.name, Object.keys(t.getFields()));
  for (const conn of types) {
    if (conn.getInterfaces().length) continue;
    const fields = conn.getFields();
    const pageInfo = fields.pageInfo && !fields.pageInfo.args.length && unwrapNonNull(fields.pageInfo.type);
    if (!pageInfo || !isObjectType(pageInfo) || !isPageInfo(pageInfo)) continue;
    if (!fieldIs(conn, "edges", /^\[\w+!\]!$/)) continue;
    const edge = getNamedType(fields.edges.type);
    if (!isObjectType(edge) || !fieldIs(edge, "cursor", "String!") || !edge.getFields().node || edge.getFields().node.args.length) continue;
    const node = getNamedType(edge.getFields().node.type);
    if (!isObjectType(node) && !isInterfaceType(node) && !isUnionType(node)) continue;
    structure.set(conn.name, ["edges", "pageInfo", ...(fieldIs(conn, "totalCount", /^Int!?$/) ? ["totalCount"] : [])]);
    structure.set(edge.name, ["cursor", "node"]);
  }
  return structure;
}

const unwrapNonNull = (t: GraphQLOutputType) => (isNonNullType(t) ? t.ofType : t);

/** The domains' rules plus `allow` for Relay's structural fields (a domain's own rule for one wins). */
export function completeRuleTree(schema: GraphQLSchema, base: RuleTree = ruleTree): RuleTree {
  const tree: RuleTree = { ...base };
  for (const [type, fields] of relayStructure(schema)) {
    tree[type] = { ...Object.fromEntries(fields.map((f) => [f, allow])), ...base[type] };
  }
  return tree;
}

/** The rule that decides `type.field`: its own, else the type's "*", else deny (graphql-shield's order). */
export function effectiveRule(tree: RuleTree, type: string, field: string): unknown {
  const rules = tree[type];
  if (!rules) return deny;
  return rules[field] ?? rules["*"] ?? deny;
}

export const SHIELD_OPTIONS = {
  fallbackRule: deny,
  // Resolver errors (our GraphQLErrors) pass through untouched; Yoga masks the rest.
  allowExternalErrors: true,
  fallbackError: () => errors.forbidden("No permission rule allows this."),
};

type Outcome = boolean | Error;
type Evaluate = (parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo) => Outcome | Promise<Outcome>;
type ShieldContext = { _shield?: { cache: Record<string, unknown> } } & Record<string, unknown>;
/** What a graphql-shield rule object looks like inside (its classes are not exported). */
export interface ShieldRuleObject {
  constructor: { name: string };
  name?: string;
  cache?: unknown;
  func?: (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo) => unknown;
  error?: Error;
  getRules?: () => ShieldRuleObject[];
  resolve: (parent: unknown, args: unknown, ctx: unknown, info: GraphQLResolveInfo, options: unknown) => Promise<Outcome>;
}

const isPromise = (x: unknown): x is Promise<unknown> => !!x && typeof (x as Promise<unknown>).then === "function";

/** graphql-shield's Rule.resolve result mapping: Error stays, a string becomes an Error, true is true, anything else false. */
function outcome(res: unknown): Outcome {
  if (res instanceof Error) return res;
  if (typeof res === "string") return new Error(res);
  return res === true;
}

const settle = (res: unknown): Outcome | Promise<Outcome> => (isPromise(res) ? res.then(outcome, () => false) : outcome(res));

/**
 * or: true as soon as a child is true (the result graphql-shield gets by evaluating them all);
 * otherwise the first custom error among all children, else false. Synchronous until a child
 * answers with a promise.
 */
function anyOf(evals: Evaluate[]): Evaluate {
  return (p, a, c, i) => {
    let firstError: Error | null = null;
    for (let k = 0; k < evals.length; k++) {
      const r = evals[k](p, a, c, i);
      if (isPromise(r)) {
        return Promise.all([r, ...evals.slice(k + 1).map((e) => e(p, a, c, i))]).then((rs) =>
          rs.includes(true) ? true : firstError ?? rs.find((x) => x instanceof Error) ?? false,
        );
      }
      if (r === true) return true;
      if (r instanceof Error && !firstError) firstError = r;
    }
    return firstError ?? false;
  };
}

/** and: true when every child is true; otherwise the first custom error among all children, else false. */
function allOf(evals: Evaluate[]): Evaluate {
  return (p, a, c, i) => {
    let failed = false;
    for (let k = 0; k < evals.length; k++) {
      const r = evals[k](p, a, c, i);
      if (isPromise(r)) {
        return Promise.all([r, ...evals.slice(k + 1).map((e) => e(p, a, c, i))]).then((rs) =>
          rs.find((x) => x instanceof Error) ?? (failed || rs.some((x) => x !== true) ? false : true),
        );
      }
      if (r instanceof Error) return r;
      if (r !== true) failed = true;
    }
    return !failed;
  };
}

/** chain: children in order, stopping at the first that is not true (its error, else false). */
function chainOf(evals: Evaluate[]): Evaluate {
  const from = (k: number, p: unknown, a: unknown, c: ShieldContext, i: GraphQLResolveInfo): Outcome | Promise<Outcome> => {
    for (; k < evals.length; k++) {
      const r = evals[k](p, a, c, i);
      if (isPromise(r)) {
        const next = k + 1;
        return r.then((x) => (x === true ? from(next, p, a, c, i) : x instanceof Error ? x : false));
      }
      if (r !== true) return r instanceof Error ? r : false;
    }
    return true;
  };
  return (p, a, c, i) => from(0, p, a, c, i);
}

/**
 * race: children in order, stopping at the first that is true; when none is, graphql-shield
 * reports the error of the LAST child that returned one (it collects results back to front).
 */
function raceOf(evals: Evaluate[]): Evaluate {
  const from = (k: number, lastError: Error | null, p: unknown, a: unknown, c: ShieldContext, i: GraphQLResolveInfo): Outcome | Promise<Outcome> => {
    for (; k < evals.length; k++) {
      const r = evals[k](p, a, c, i);
      if (isPromise(r)) {
        const next = k + 1;
        return r.then((x) => (x === true ? true : from(next, x instanceof Error ? x : lastError, p, a, c, i)));
      }
      if (r === true) return true;
      if (r instanceof Error) lastError = r;
    }
    return lastError ?? false;
  };
  return (p, a, c, i) => from(0, null, p, a, c, i);
}

// Options for what is delegated to graphql-shield itself (inputRule). Its `strict` cache keys on
// a hash of { parent, args }: here the parent's identity and the args' JSON.
const parentIds = new WeakMap<object, number>();
let nextParentId = 0;
const DELEGATE_OPTIONS = {
  ...SHIELD_OPTIONS,
  debug: false,
  hashFunction: ({ parent, args }: { parent: unknown; args: unknown }) => {
    let pid: number | string = typeof parent === "object" && parent ? parentIds.get(parent) ?? -1 : String(parent);
    if (pid === -1) parentIds.set(parent as object, (pid = nextParentId++));
    return `${pid}:${JSON.stringify(args)}`;
  },
};

const compiled = new WeakMap<object, Evaluate>();

/** A rule as a plain function with graphql-shield's semantics (see the header). */
export function compileRule(rule: unknown): Evaluate {
  const r = rule as ShieldRuleObject;
  let fn = compiled.get(r);
  if (fn) return fn;
  switch (r.constructor.name) {
    case "RuleTrue":
      fn = () => true;
      break;
    case "RuleFalse":
      fn = () => false;
      break;
    case "Rule": {
      const func = r.func!;
      if (r.cache === "contextual") {
        const key = r.name!;
        fn = (p, a, c, i) => {
          const cache = c._shield!.cache;
          try {
            if (!cache[key]) cache[key] = func(p, a, c, i);
            return settle(cache[key]);
          } catch {
            return false;
          }
        };
      } else {
        // no_cache, and also `strict` / custom cache keys: results are the same without the cache.
        fn = (p, a, c, i) => {
          try {
            return settle(func(p, a, c, i));
          } catch {
            return false;
          }
        };
      }
      break;
    }
    case "RuleAnd":
      fn = allOf(r.getRules!().map(compileRule));
      break;
    case "RuleOr":
      fn = anyOf(r.getRules!().map(compileRule));
      break;
    case "RuleChain":
      fn = chainOf(r.getRules!().map(compileRule));
      break;
    case "RuleRace":
      fn = raceOf(r.getRules!().map(compileRule));
      break;
    case "RuleNot": {
      const inner = compileRule(r.getRules!()[0]);
      const negate = (res: Outcome): Outcome => (res === true ? r.error ?? false : true);
      fn = (p, a, c, i) => {
        const res = inner(p, a, c, i);
        return isPromise(res) ? res.then(negate) : negate(res);
      };
      break;
    }
    default:
      // inputRule and anything newer: graphql-shield's own (async) resolve.
      fn = (p, a, c, i) => r.resolve(p, a, c, i, DELEGATE_OPTIONS);
  }
  compiled.set(r, fn);
  return fn;
}

type Resolve = (parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo) => unknown;
/** Runs a field's rule, then (when it allows) the field's own resolver. */
export type FieldGuard = (resolve: Resolve, parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo) => unknown;
/** type → field → its guard, for every field whose effective rule is not `allow`. */
export type Guards = Record<string, Record<string, FieldGuard>>;

function fieldGuard(rule: unknown): FieldGuard {
  const evaluate = compileRule(rule);
  const decide = (res: Outcome, resolve: Resolve, parent: unknown, args: unknown, ctx: ShieldContext, info: GraphQLResolveInfo): unknown => {
    if (res === true) return resolve(parent, args, ctx, info);
    return res === false ? SHIELD_OPTIONS.fallbackError() : res;
  };
  return (resolve, parent, args, ctx, info) => {
    ctx._shield ??= { cache: {} };
    let res: Outcome | Promise<Outcome>;
    try {
      res = evaluate(parent, args, ctx, info);
    } catch (e) {
      return e; // allowExternalErrors
    }
    return isPromise(res) ? res.then((r) => decide(r, resolve, parent, args, ctx, info), (e) => e) : decide(res, resolve, parent, args, ctx, info);
  };
}

/**
 * The guards for `schema`: one per field whose effective rule is not `allow`. Rejects rules for
 * types or fields the schema does not have, as graphql-shield does.
 */
export function createPermissions(schema: GraphQLSchema, base: RuleTree = ruleTree): Guards {
  const tree = completeRuleTree(schema, base);
  shield(tree as IRules, SHIELD_OPTIONS); // graphql-shield's own rule-tree validation (throws)
  const typeMap = schema.getTypeMap();
  for (const [type, rules] of Object.entries(tree)) {
    const t = typeMap[type];
    if (!t || !isObjectType(t)) throw new Error(`Permission rules name the type ${type}, which the schema does not have`);
    const unknown = Object.keys(rules).filter((f) => f !== "*" && !(f in t.getFields()));
    if (unknown.length) throw new Error(`Permission rules name ${unknown.map((f) => `${type}.${f}`).join(", ")}, which the schema does not have`);
  }
  const guards: Guards = {};
  for (const type of Object.values(typeMap)) {
    if (!isObjectType(type) || isIntrospectionType(type)) continue;
    const fields: Record<string, FieldGuard> = {};
    for (const field of Object.keys(type.getFields())) {
      const rule = effectiveRule(tree, type.name, field);
      if (rule !== allow) fields[field] = fieldGuard(rule);
    }
    if (Object.keys(fields).length) guards[type.name] = fields;
  }
  return guards;
}

/**
 * The executable schema: a copy of `schema` (graphql-tools' mapSchema rebuilds every type, so the
 * raw schema stays untouched) in which each guarded field's resolver — and a subscription
 * field's subscribe, so the same rule decides whether the stream may open at all — runs behind
 * its guard. `allow` fields keep exactly the resolver Pothos built.
 */
export function applyPermissions(schema: GraphQLSchema, base: RuleTree = ruleTree): GraphQLSchema {
  const guards = createPermissions(schema, base);
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field: GraphQLFieldConfig<unknown, ShieldContext>, fieldName: string, typeName: string) => {
      const guard = guards[typeName]?.[fieldName];
      if (!guard) return field;
      const resolve = (field.resolve ?? defaultFieldResolver) as Resolve;
      const guarded: GraphQLFieldConfig<unknown, ShieldContext> = {
        ...field,
        resolve: ((parent, args, ctx, info) => guard(resolve, parent, args, ctx, info)) as GraphQLFieldResolver<unknown, ShieldContext>,
      };
      if (field.subscribe) {
        const subscribe = field.subscribe as Resolve;
        guarded.subscribe = ((parent, args, ctx, info) => guard(subscribe, parent, args, ctx, info)) as GraphQLFieldResolver<unknown, ShieldContext>;
      }
      return guarded;
    },
  });
}
