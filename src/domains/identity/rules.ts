// Identity predicates shared by every domain (isAuthenticated, isAdmin, …) and the identity
// domain's own rule map. Rules are small named predicates composed with and/or/not.
import { allow, and, not, or, rule } from "graphql-shield";
import type { Role } from "../../generated/prisma/client.ts";
import type { Context } from "../../server/context.ts";
import { errors } from "../../server/errors.ts";

/** Signed in. Anonymous → UNAUTHENTICATED. Evaluated once per request. */
export const isAuthenticated = rule({ cache: "contextual" })((_p, _a, ctx: Context) => (ctx.viewer ? true : errors.unauthenticated()));

export const hasRole = (role: Role) =>
  rule(`hasRole_${role}`, { cache: "contextual" })((_p, _a, ctx: Context) => {
    if (!ctx.viewer) return errors.unauthenticated();
    return ctx.viewer.roles.has(role) ? true : errors.forbidden(`Requires the ${role} role.`);
  });

export const isAdmin = hasRole("ADMIN");
export const isModerator = hasRole("MODERATOR");
export const isCreator = hasRole("CREATOR");

/** The parent row is the viewer's own User row. Cheap id comparison: not cached. */
export const isSelf = rule({ cache: "no_cache" })((parent: { id: string }, _a, ctx: Context) =>
  ctx.viewer ? parent.id === ctx.viewer.id : errors.unauthenticated(),
);

export const isSelfOrAdmin = or(isSelf, isAdmin);

export { allow, and, not, or };

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
    signOut: isAuthenticated,
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
    timezone: isSelfOrAdmin,
    language: isSelfOrAdmin,
    emailVerified: isSelfOrAdmin,
  },
};
