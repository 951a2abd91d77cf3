// Keystone's third access kind, item access: a check `can<Op><Model>(viewer, row)` on one loaded
// row, kept in the domain's visibility.ts beside the model's where-clause (the second kind, row
// filters). The row is loaded by the service (through the where-clause: a row the viewer may not
// see answers NOT_FOUND) and the service applies the check to it (FORBIDDEN, or NOT_FOUND where
// the domain hides others' rows); a rule cannot, because a mutation's rule sees only its
// arguments. In the rule map an itemRule names that check for the operation, so the map and
// docs/authorization.md say "own story" rather than "signed in": its shield part is the part that
// does not need the row (signed in, else UNAUTHENTICATED), and the generated docs evaluate the
// check itself for each role against a row nobody owns (admins: yes; others: "if own story").
import { errors } from "../errors.ts";
import type { Viewer } from "../context.ts";
import { viewerRule, type Rule } from "./rule.ts";

export interface ItemCheck {
  /** What the check requires, in words, for the docs ("own story"). */
  means: string;
  check: (viewer: Viewer, row: never) => boolean;
}

/** Item rules and their checks, for the generated docs. */
export const ITEM_CHECKS = new Map<Rule, ItemCheck>();

export function itemRule<R>(name: string, means: string, check: (viewer: Viewer, row: R) => boolean): Rule {
  const r = viewerRule(name, (ctx) => (ctx.viewer ? true : errors.unauthenticated()));
  ITEM_CHECKS.set(r, { means, check: check as ItemCheck["check"] });
  return r;
}
