// Identity predicates shared by every domain (isAuthenticated, isAdmin, …) and the identity
// domain's own rule map. Rules are small NAMED predicates composed with and/or/not; the names
// are what docs/authorization.md shows.
//
// Two kinds of predicate, made with the two constructors below:
//  - viewerRule: depends only on ctx.viewer (who is asking). Cached once per request
//    ("contextual"); docs/authorization.md evaluates it for synthetic viewers.
//  - rowRule: depends on the parent row too (ownership). Not cached (a cheap comparison); the
//    docs show its `means` text ("own account") in the cells where it decides.
import { allow, and, deny, not, or, rule } from "graphql-shield";
import type { IRule } from "graphql-shield";
import type { Role } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";

type Rule = IRule;

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

/** Signed in. Anonymous → UNAUTHENTICATED. */
export const isAuthenticated = viewerRule("isAuthenticated", (ctx) => (ctx.viewer ? true : errors.unauthenticated()));

const roleRules = new Map<Role, Rule>();
/** Holds `role` now (expired or revoked grants count as not held). Anonymous → UNAUTHENTICATED. */
export function hasRole(role: Role): Rule {
  let r = roleRules.get(role);
  if (!r) {
    const name = `is${role.charAt(0)}${role.slice(1).toLowerCase()}`;
    r = viewerRule(name, (ctx) => {
      if (!ctx.viewer) return errors.unauthenticated();
      return ctx.viewer.roles.has(role) ? true : errors.forbidden(`Requires the ${role} role.`);
    });
    roleRules.set(role, r);
  }
  return r;
}

export const isAdmin = hasRole("ADMIN");
export const isModerator = hasRole("MODERATOR");
export const isCreator = hasRole("CREATOR");

/** The parent row is the viewer's own User row. */
export const isSelf = rowRule<{ id: string }>("isSelf", "own account", (parent, ctx) =>
  ctx.viewer ? parent.id === ctx.viewer.id : errors.unauthenticated(),
);

export const isSelfOrAdmin = or(isSelf, isAdmin);

export { allow, and, deny, not, or };

export const rules = {
  Query: {
    viewer: allow,
    node: allow, // each node type's findUnique filters rows the viewer may not see → null
    nodes: allow,
  },
  Mutation: {
    signUp: allow,
    signIn: allow,
    refreshSession: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
    verifyEmail: allow,
    signOut: isAuthenticated,
    signOutEverywhere: isAuthenticated,
    revokeSession: isAuthenticated, // the service finds only the viewer's own sessions (NOT_FOUND otherwise)
    requestEmailVerification: isAuthenticated,
    updateProfile: isAuthenticated,
    changePassword: isAuthenticated,
    deleteAccount: isAuthenticated,
    grantRole: isAdmin,
    revokeRole: isAdmin,
    restoreAccount: isAdmin,
  },
  AuthPayload: { "*": allow },
  User: {
    id: allow,
    displayName: allow,
    avatarUrl: allow,
    createdAt: allow,
    creatorProfile: allow,
    email: isSelfOrAdmin,
    roles: isSelfOrAdmin,
    roleGrants: isSelfOrAdmin,
    timezone: isSelfOrAdmin,
    language: isSelfOrAdmin,
    emailVerified: isSelfOrAdmin,
    profile: isSelfOrAdmin,
    sessions: isSelfOrAdmin,
    deletedAt: isAdmin,
  },
  // Reached only through the guarded User fields above (not nodes of their own).
  Profile: { "*": allow },
  ProfilePreferences: { "*": allow },
  RoleGrant: { "*": allow },
  // A node: loaded only through sessionWhereFor (own sessions; admins any).
  AuthSession: { "*": allow },
};
