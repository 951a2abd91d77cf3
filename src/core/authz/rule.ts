// The two constructors of the named shield predicates (Parabol-style, one predicate per file in
// this folder). Rules are small NAMED predicates composed with and/or/not; the names are what
// docs/authorization.md shows.
//  - viewerRule: depends only on ctx.viewer (who is asking). Cached once per request
//    ("contextual"); docs/authorization.md evaluates it for synthetic viewers.
//  - rowRule: depends on the parent row too (ownership). Not cached (a cheap comparison); the
//    docs show its `means` text ("own account") in the cells where it decides.
import { rule, type and } from "graphql-shield";
import type { IRule } from "graphql-shield";
import type { Context } from "../context.ts";

/** A named predicate (rule(), viewerRule, rowRule). */
export type Rule = IRule;
/** Anything a rule map may hold: a named predicate or a combination (allow, deny, and, or, not, …). */
export type ShieldRule = Parameters<typeof and>[number];

/** Row-dependent rules and what they mean in words, for the generated docs. */
export const ROW_RULE_MEANINGS = new Map<Rule, string>();

export function viewerRule(name: string, fn: (ctx: Context) => boolean | Error): Rule {
  return rule(name, { cache: "contextual" })((_p, _a, ctx: Context) => fn(ctx));
}

export function rowRule<P>(name: string, means: string, fn: (parent: P, ctx: Context, args: Record<string, unknown>) => boolean | Error | Promise<boolean | Error>): Rule {
  const r = rule(name, { cache: "no_cache" })((parent: P, args: Record<string, unknown>, ctx: Context) => fn(parent, ctx, args));
  ROW_RULE_MEANINGS.set(r, means);
  return r;
}
