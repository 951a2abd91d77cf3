// docs/authorization.md, rendered from the merged graphql-shield rule map (src/app/shield.ts)
// and the schema: operations × roles, fields with their own rules, the named predicates, and
// the seeds' role mapping (src/domains/identity/roles.ts). Registered in scripts/gen-docs.ts;
// test/foundation/docs.test.ts fails when the committed file is not what this renders.
//
// Cells are computed, not written: viewer-only rules (cache "contextual") are run for a
// synthetic viewer of each role; row rules (made with rowRule in identity/rules.ts) show what
// they mean ("own account") where they decide, or their answer when it does not depend on the
// row (anonymous → UNAUTHENTICATED); and/or/not combine those three-valued answers the way
// graphql-shield combines results.
import { isObjectType, type GraphQLResolveInfo, type GraphQLSchema } from "graphql";
import type { Role } from "../src/generated/prisma/client.ts";
import { ITEM_CHECKS, ROW_RULE_MEANINGS } from "../src/core/authz/index.ts";
import { ROLE_MEANING, SEED_ROLE_MAPPING } from "../src/domains/identity/roles.ts";
import { getRawSchema } from "../src/app/schema.ts";
import type { Viewer } from "../src/core/context.ts";
import { completeRuleTree, effectiveRule, relayStructure, type RuleTree, type ShieldRuleObject } from "../src/app/shield.ts";

type RuleLike = ShieldRuleObject;

type Cell = { kind: "yes" } | { kind: "no"; code: string } | { kind: "if"; cond: string };

export const PERSONAS: { name: string; roles: Role[] | null }[] = [
  { name: "anonymous", roles: null },
  { name: "member", roles: ["MEMBER"] },
  { name: "creator", roles: ["CREATOR", "MEMBER"] },
  { name: "moderator", roles: ["MODERATOR", "MEMBER"] },
  { name: "admin", roles: ["ADMIN", "MEMBER"] },
];

const SYNTHETIC_ID = "00000000-0000-4000-8000-00000000d0c5";

function contextFor(roles: Role[] | null) {
  const viewer: Viewer | null = roles ? { id: SYNTHETIC_ID, roles: new Set(roles), sessionId: null } : null;
  return { viewer, _shield: { cache: {} }, services: { clock: () => new Date(0) } };
}

/** A parent row nobody owns: every property is a fresh symbol. */
const foreignRow = new Proxy({}, { get: (_t, p) => (p === "then" ? undefined : Symbol(String(p))) });

function codeOf(e: unknown): string {
  const code = (e as { extensions?: { code?: unknown } })?.extensions?.code;
  return typeof code === "string" ? code : "FORBIDDEN";
}

function leaf(res: unknown): Cell | null {
  if (res === true) return { kind: "yes" };
  if (res instanceof Error) return { kind: "no", code: codeOf(res) };
  if (res === false || res === undefined || res === null) return { kind: "no", code: "FORBIDDEN" };
  return null;
}

export function describe(rule: RuleLike): string {
  switch (rule.constructor.name) {
    case "RuleTrue":
      return "allow";
    case "RuleFalse":
      return "deny";
    case "RuleAnd":
    case "RuleOr":
    case "RuleChain":
    case "RuleRace":
    case "RuleNot":
      return `${rule.constructor.name.slice(4).toLowerCase()}(${rule.getRules!().map(describe).join(", ")})`;
    default:
      return rule.name && !/^0\.\d+$/.test(rule.name) ? rule.name : "(unnamed rule)";
  }
}

export function evaluate(rule: RuleLike, roles: Role[] | null): Cell {
  const kind = rule.constructor.name;
  if (kind === "RuleTrue") return { kind: "yes" };
  if (kind === "RuleFalse") return { kind: "no", code: "FORBIDDEN" };
  if (kind === "RuleNot") {
    const inner = evaluate(rule.getRules!()[0], roles);
    if (inner.kind === "if") return { kind: "if", cond: `not (${inner.cond})` };
    return inner.kind === "yes" ? { kind: "no", code: rule.error ? codeOf(rule.error) : "FORBIDDEN" } : { kind: "yes" };
  }
  if (kind === "RuleAnd" || kind === "RuleOr") {
    const cells = rule.getRules!().map((r) => evaluate(r, roles));
    const conds = cells.filter((c): c is Extract<Cell, { kind: "if" }> => c.kind === "if").map((c) => c.cond);
    const firstNo = cells.find((c): c is Extract<Cell, { kind: "no" }> => c.kind === "no");
    if (kind === "RuleOr") {
      if (cells.some((c) => c.kind === "yes")) return { kind: "yes" };
      return conds.length ? { kind: "if", cond: conds.join(" or ") } : firstNo!;
    }
    if (firstNo) return firstNo;
    return conds.length ? { kind: "if", cond: conds.join(" and ") } : { kind: "yes" };
  }
  const item = ITEM_CHECKS.get(rule as never);
  if (item) {
    // Item access: signed in (the rule), then the check on the loaded row (the service).
    const ctx = contextFor(roles);
    if (!ctx.viewer) return leaf(rule.func!(undefined, {}, ctx, {} as GraphQLResolveInfo)) ?? { kind: "no", code: "UNAUTHENTICATED" };
    return item.check(ctx.viewer, foreignRow as never) ? { kind: "yes" } : { kind: "if", cond: item.means };
  }
  if (kind === "Rule" && rule.func) {
    const meaning = ROW_RULE_MEANINGS.get(rule as never);
    try {
      if (rule.cache === "contextual") {
        const res = leaf(rule.func(undefined, {}, contextFor(roles), {} as GraphQLResolveInfo));
        if (res) return res;
      } else if (meaning) {
        // Row-independent answers (errors) show as such; anything else depends on the row.
        const res = rule.func(foreignRow, {}, contextFor(roles), {} as GraphQLResolveInfo);
        if (res instanceof Error) return { kind: "no", code: codeOf(res) };
        return { kind: "if", cond: meaning };
      }
    } catch {
      /* falls through: depends on the request */
    }
  }
  return { kind: "if", cond: describe(rule) };
}

function show(c: Cell): string {
  if (c.kind === "yes") return "yes";
  if (c.kind === "no") return `no (${c.code})`;
  return `if ${c.cond}`;
}

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
const header = (first: string[]) => [row([...first, ...PERSONAS.map((p) => p.name)]), row([...first, ...PERSONAS].map(() => "---"))];

function operationTable(schema: GraphQLSchema, tree: RuleTree, typeName: "Query" | "Mutation"): string[] {
  const type = schema.getType(typeName);
  if (!type || !isObjectType(type)) return [];
  const lines = header(["field", "rule"]);
  for (const field of Object.keys(type.getFields()).sort()) {
    const rule = effectiveRule(tree, typeName, field) as RuleLike;
    lines.push(row([`\`${field}\``, `\`${describe(rule)}\``, ...PERSONAS.map((p) => show(evaluate(rule, p.roles)))]));
  }
  return lines;
}

function fieldRuleTable(schema: GraphQLSchema, tree: RuleTree): { guarded: string[]; open: string[] } {
  const guarded = header(["field", "rule"]);
  const open: string[] = [];
  const structure = relayStructure(schema);
  const types = Object.values(schema.getTypeMap())
    .filter((t) => isObjectType(t) && !t.name.startsWith("__") && t.name !== "Query" && t.name !== "Mutation")
    .sort((a, b) => a.name.localeCompare(b.name));
  for (const type of types) {
    if (!isObjectType(type)) continue;
    const structural = new Set(structure.get(type.name) ?? []);
    const own = Object.keys(type.getFields()).filter((f) => !structural.has(f));
    if (!own.length) continue;
    let allOpen = true;
    for (const field of own.sort()) {
      const rule = effectiveRule(tree, type.name, field) as RuleLike;
      if (rule.constructor.name === "RuleTrue") continue;
      allOpen = false;
      guarded.push(row([`\`${type.name}.${field}\``, `\`${describe(rule)}\``, ...PERSONAS.map((p) => show(evaluate(rule, p.roles)))]));
    }
    if (allOpen) open.push(`\`${type.name}\``);
  }
  return { guarded, open };
}

export function renderAuthorization(schema: GraphQLSchema = getRawSchema()): string {
  const tree = completeRuleTree(schema);
  const fields = fieldRuleTable(schema, tree);
  const predicates = [...ROW_RULE_MEANINGS.entries()].map(([r, means]) => `- \`${describe(r as unknown as RuleLike)}\`: ${means}`).sort();
  const itemChecks = [...ITEM_CHECKS.entries()].map(([r, c]) => `- \`${describe(r as unknown as RuleLike)}\`: ${c.means}`).sort();
  return [
    "# Authorization",
    "",
    "<!-- Generated by `npm run docs` from the merged graphql-shield rule map (src/app/shield.ts, every",
    "     src/domains/*/rules.ts) and src/domains/identity/roles.ts; do not edit by hand. -->",
    "",
    "Every field of the graph is behind a graphql-shield rule; a field without one is denied",
    "(`FORBIDDEN`). Rules are small named predicates from `src/core/authz/` and the domains' `rules.ts`, composed",
    "with `and` / `or` / `not`. Each cell below is computed from the rule itself: viewer-only",
    "predicates are run for a synthetic viewer of each role; predicates that depend on the row",
    "show what they require (`if own account`), or their answer when it does not depend on the row.",
    "",
    "How to read a cell:",
    "",
    "- `yes`: the field resolves. For lists and single reads this means *the query is allowed*; which",
    "  rows come back is decided in SQL by the model's where-clause in its domain's `visibility.ts`",
    "  (public and not deleted → anyone; own → owner; everything, soft-deleted rows included → admins).",
    "  A private row the viewer may not see is simply absent: `null` or `NOT_FOUND`, never `FORBIDDEN`.",
    "- `no (UNAUTHENTICATED)`: sign in first. `no (FORBIDDEN)`: signed in, but this role may not.",
    "- `if …`: allowed on the rows that satisfy the condition; elsewhere the field is `null` with the",
    "  rule's error (usually `FORBIDDEN`).",
    "",
    "A role counts only while its grant is in force: an expired or revoked grant (`user_role.expires_at`,",
    "`revoked_at`) grants nothing, so a user whose ADMIN role expired is a plain member.",
    "Services check what rules cannot see (for example `revokeSession` finds only the viewer's own",
    "sessions and answers `NOT_FOUND` for anyone else's).",
    "",
    "## Roles",
    "",
    row(["role", "meaning"]),
    row(["---", "---"]),
    ...Object.entries(ROLE_MEANING).map(([role, meaning]) => row([`\`${role}\``, meaning])),
    "",
    "The columns below are viewers holding: anonymous (no token), member (MEMBER), creator",
    "(CREATOR + MEMBER), moderator (MODERATOR + MEMBER), admin (ADMIN + MEMBER).",
    "",
    "### How the seeds' roles map onto ours",
    "",
    row(["seed", "column", "value", "roles", "note"]),
    row(["---", "---", "---", "---", "---"]),
    ...SEED_ROLE_MAPPING.map((m) => row([m.seed, `\`${m.column}\``, m.value, m.roles.map((r) => `\`${r}\``).join(" + "), m.note ?? ""])),
    "",
    "## Queries",
    "",
    ...operationTable(schema, tree, "Query"),
    "",
    "## Mutations",
    "",
    ...operationTable(schema, tree, "Mutation"),
    "",
    "## Fields with their own rule",
    "",
    "Fields of object types whose rule is not `allow`. Every other field is readable by whoever could",
    "load its row.",
    "",
    ...fields.guarded,
    "",
    "Types whose fields are all `allow` (their rows are filtered before they are loaded, or they are",
    "reachable only through a guarded field): " + fields.open.join(", ") + ".",
    "Relay's structural fields are allowed and not listed: a connection's `edges`, `pageInfo` and",
    "`totalCount`, an edge's `cursor` and `node`, and `PageInfo`. They are recognised by their shape",
    "(src/app/shield.ts `relayStructure`), not by a type's name; any other field of such a type has",
    "its own rule.",
    "",
    "## Row predicates",
    "",
    ...predicates,
    "",
    "## Item checks",
    "",
    "Keystone's three access kinds: operation and field rules (the tables above, `rules.ts`), row",
    "filters (each model's `<model>WhereFor(viewer)` in `visibility.ts`, applied in SQL), and item",
    "checks `can<Op><Model>(viewer, row)` beside them, applied by the service to the one row a mutation",
    "changes after loading it through the filter (a row the viewer cannot see is `NOT_FOUND`; one they",
    "see but may not change is `FORBIDDEN`, or `NOT_FOUND` where the domain hides others' rows). The",
    "rule map names them; the rule itself requires a signed-in viewer:",
    "",
    ...itemChecks,
    "",
  ].join("\n");
}
