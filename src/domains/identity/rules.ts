// The identity domain's rule map. The shared predicates (isAuthenticated, isAdmin, …) live in
// src/core/authz/, one per file.
import { allow, isAdmin, isAuthenticated, isSelfOrAdmin } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Query: {
    viewer: allow,
    node: allow, // each node type's findUnique filters rows the viewer may not see → null
    nodes: allow,
    users: isAdmin,
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
    suspendUser: isAdmin,
    unsuspendUser: isAdmin,
    adminUpdateProfile: isAdmin,
    completeOnboarding: isAuthenticated,
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
    status: isSelfOrAdmin,
    suspendedAt: isAdmin,
    suspendedReason: isAdmin,
    isOnboarded: isSelfOrAdmin,
    onboardedAt: isSelfOrAdmin,
  },
  // Reached only through the guarded User fields above (not nodes of their own).
  Profile: { "*": allow },
  ProfilePreferences: { "*": allow },
  RoleGrant: { "*": allow },
  // A node: loaded only through sessionWhereFor (own sessions; admins any).
  AuthSession: { "*": allow },
} satisfies RuleMap;
