// The shared authorization predicates, one per file, and graphql-shield's combinators. Every
// domain's rules.ts builds its rule map from these.
export { allow, and, deny, not, or } from "graphql-shield";
export { ROW_RULE_MEANINGS, rowRule, viewerRule, type Rule, type ShieldRule } from "./rule.ts";
export { ITEM_CHECKS, itemRule, type ItemCheck } from "./item-rule.ts";
export { isAuthenticated } from "./is-authenticated.ts";
export { hasRole } from "./has-role.ts";
export { isAdmin } from "./is-admin.ts";
export { isModerator } from "./is-moderator.ts";
export { isCreator } from "./is-creator.ts";
export { isSelf, isSelfOrAdmin } from "./is-self.ts";
