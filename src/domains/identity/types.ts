import { readableUrl } from "../../core/storage.ts";
// Users as the graph shows them, and the account, session, profile and role mutations.
// Public card fields for everyone; e-mail, roles, profile, sessions and locale only for the
// user themself and admins (rules.ts). Resolvers stay thin: parse, call the service, return.
import { Role } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import * as profile from "./profile.ts";
import * as recovery from "./recovery.ts";
import * as service from "./service.ts";
import { loadViewer } from "./viewer.ts";
import type { Context } from "../../core/context.ts";
import { activeRoleWhere, liveSessionWhere, sessionWhereFor, userWhereFor } from "./visibility.ts";

export const RoleEnum = builder.enumType(Role, { name: "Role", description: "Roles a user can hold; several at once, each with an optional expiry." });

const ThemeEnum = builder.enumType("Theme", {
  description: "Stored lower-case in user_profiles.preferences.theme.",
  values: Object.fromEntries(profile.THEMES.map((t) => [t.toUpperCase(), { value: t }])) as Record<"LIGHT" | "DARK" | "AUTO", { value: profile.Preferences["theme"] }>,
});

const PreferencesRef = builder.objectRef<profile.Preferences>("ProfilePreferences").implement({
  description: "App preferences (QuestPod's user_profiles.preferences).",
  fields: (t) => ({
    theme: t.field({ type: ThemeEnum, resolve: (p) => p.theme }),
    preferredGenres: t.exposeStringList("preferredGenres"),
    preferredVoices: t.exposeStringList("preferredVoices"),
    readingLevel: t.exposeInt("readingLevel", { description: "1 (easiest) to 5." }),
    allowExplicitContent: t.exposeBoolean("allowExplicitContent"),
  }),
});

const ProfileRef = builder.objectRef<profile.ProfileView>("Profile").implement({
  description: "The user's own profile. Per-user settings (notifications, privacy) are `settings`, not here.",
  fields: (t) => ({
    displayName: t.exposeString("displayName", { nullable: true }),
    avatarUrl: t.string({ nullable: true, resolve: (u, _a, ctx) => readableUrl(ctx, u.avatarUrl) }),
    bio: t.exposeString("bio", { nullable: true }),
    timezone: t.exposeString("timezone"),
    language: t.exposeString("language"),
    preferences: t.field({ type: PreferencesRef, resolve: (p) => p.preferences }),
  }),
});

interface RoleGrantRow {
  role: Role;
  grantedAt: Date;
  expiresAt: Date | null;
}

const RoleGrantRef = builder.objectRef<RoleGrantRow>("RoleGrant").implement({
  description: "A role in force and until when.",
  fields: (t) => ({
    role: t.field({ type: RoleEnum, resolve: (g) => g.role }),
    grantedAt: t.expose("grantedAt", { type: "DateTime" }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", nullable: true, description: "Null: does not expire." }),
  }),
});

const AuthSessionNode = builder.prismaNode("AuthSession", {
  id: { field: "id" },
  description: "A signed-in device: one refresh-token family, shown by its live row.",
  // findUnique with the viewer's where: a row they may not see is node(id) → null (not an error).
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [sessionWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    userAgent: t.exposeString("userAgent", { nullable: true }),
    ipAddress: t.exposeString("ipAddress", { nullable: true }),
    issuedAt: t.expose("createdAt", { type: "DateTime", description: "When this session was signed in or last refreshed." }),
    expiresAt: t.expose("expiresAt", { type: "DateTime", description: "When its refresh token expires unless refreshed." }),
    current: t.boolean({ description: "Whether this is the session of the request's access token.", resolve: (s, _a, ctx) => s.id === ctx.viewer?.sessionId }),
  }),
});

/** The same where and selection for `roles` and `roleGrants`, so Pothos loads them once. */
const rolesSelect = (ctx: { services: { clock: () => Date } }) => ({
  roles: { where: activeRoleWhere(ctx.services.clock()), select: { role: true, grantedAt: true, expiresAt: true }, orderBy: { role: "asc" as const } },
});

export const UserNode = builder.prismaNode("User", {
  id: { field: "id" },
  // Select mode: only the columns the query's fields need are loaded (issue 19), plus these.
  select: { id: true },
  nullable: true, // a deleted account is node(id) → null for everyone but admins
  findUnique: (id, ctx) => ({ id, AND: [userWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    displayName: t.string({
      nullable: true,
      select: { fullName: true, profile: { select: { displayName: true } } },
      resolve: (u) => u.profile?.displayName ?? u.fullName ?? null,
    }),
    avatarUrl: t.string({ nullable: true, select: { avatarUrl: true }, resolve: (u, _a, ctx) => readableUrl(ctx, u.avatarUrl) }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    email: t.exposeString("email"),
    timezone: t.exposeString("timezone"),
    language: t.exposeString("language"),
    emailVerified: t.boolean({ select: { emailVerifiedAt: true }, resolve: (u) => u.emailVerifiedAt !== null }),
    deletedAt: t.expose("deletedAt", { type: "DateTime", nullable: true, description: "Admins only: set when the account was deleted." }),
    roles: t.field({
      type: [RoleEnum],
      description: "Roles in force now (expired and revoked grants are left out).",
      select: (_args, ctx) => rolesSelect(ctx),
      resolve: (u) => u.roles.map((r) => r.role),
    }),
    roleGrants: t.field({
      type: [RoleGrantRef],
      description: "The roles in force now with their expiry.",
      select: (_args, ctx) => rolesSelect(ctx),
      resolve: (u) => u.roles,
    }),
    profile: t.field({
      type: ProfileRef,
      select: profile.profileSelect,
      resolve: (u) => profile.toProfile(u),
    }),
    sessions: t.relatedConnection(
      "sessions",
      {
        cursor: "id",
        description: "Signed-in devices (live sessions), most recently refreshed first.",
        query: (_args, ctx) => ({ where: liveSessionWhere(ctx.services.clock()), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
        totalCount: true,
      },
      {},
    ),
    creatorProfile: t.relation("creatorProfile", { nullable: true }),
  }),
});

builder.queryField("viewer", (t) =>
  t.prismaField({
    type: "User",
    nullable: true,
    description: "The signed-in user, or null when the request carries no token.",
    resolve: (query, _root, _args, ctx) =>
      ctx.viewer ? ctx.prisma.user.findUnique({ ...query, where: { id: ctx.viewer.id } }) : null,
  }),
);

/**
 * After signUp / signIn / refreshSession the rest of the operation runs as the new session's user,
 * so `signIn { user { email roles } }` answers like `viewer` would with the new token.
 */
async function actAs(ctx: Context, payload: service.AuthPayload): Promise<service.AuthPayload> {
  const viewer = await loadViewer(ctx.prisma, payload.userId, payload.sessionId, ctx.services.clock());
  if (typeof viewer === "object") ctx.viewer = viewer;
  return payload;
}

const AuthPayloadRef = builder.objectRef<service.AuthPayload>("AuthPayload").implement({
  description: "Tokens for a session. Send the access token as `Authorization: Bearer <accessToken>`; trade the refresh token for a new pair with refreshSession before it expires.",
  fields: (t) => ({
    accessToken: t.exposeString("accessToken"),
    accessTokenExpiresAt: t.expose("accessTokenExpiresAt", { type: "DateTime" }),
    refreshToken: t.exposeString("refreshToken"),
    refreshTokenExpiresAt: t.expose("refreshTokenExpiresAt", { type: "DateTime" }),
    user: t.prismaField({
      type: "User",
      resolve: (query, payload, _args, ctx) => ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: payload.userId } }),
    }),
  }),
});

const PreferencesInput = builder.inputType("ProfilePreferencesInput", {
  description: "Only the keys you send change.",
  fields: (t) => ({
    theme: t.field({ type: ThemeEnum }),
    preferredGenres: t.stringList(),
    preferredVoices: t.stringList(),
    readingLevel: t.int({ description: "1 to 5." }),
    allowExplicitContent: t.boolean(),
  }),
});

export const UpdateProfileInput = builder.inputType("UpdateProfileInput", {
  description: "Fields left out stay as they are; displayName, avatarUrl and bio sent as null are cleared.",
  fields: (t) => ({
    displayName: t.string(),
    avatarUrl: t.string({ description: "An https:// URL." }),
    bio: t.string(),
    timezone: t.string({ description: "IANA time zone, e.g. Europe/Berlin." }),
    language: t.string({ description: "Language tag, e.g. en or pt-BR." }),
    preferences: t.field({ type: PreferencesInput }),
  }),
});

/** Drops nulls the schema cannot mean (non-clearable fields and list/boolean preferences). */
export function profileInput(input: typeof UpdateProfileInput.$inferInput): profile.UpdateProfileInput {
  const p = input.preferences;
  return {
    displayName: input.displayName,
    avatarUrl: input.avatarUrl,
    bio: input.bio,
    timezone: input.timezone ?? undefined,
    language: input.language ?? undefined,
    preferences: p
      ? {
          theme: p.theme ?? undefined,
          preferredGenres: p.preferredGenres ?? undefined,
          preferredVoices: p.preferredVoices ?? undefined,
          readingLevel: p.readingLevel ?? undefined,
          allowExplicitContent: p.allowExplicitContent ?? undefined,
        }
      : undefined,
  };
}

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayloadRef,
    description: "Creates a MEMBER account, signs it in and mails an e-mail verification link.",
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }), displayName: t.arg.string() },
    resolve: async (_root, args, ctx) => actAs(ctx, await service.signUp(ctx, args)),
  }),
  signIn: t.field({
    type: AuthPayloadRef,
    description: "Unknown e-mail and wrong password answer the same UNAUTHENTICATED. Too many attempts per e-mail or per IP → RATE_LIMITED with retryAfterSeconds.",
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => actAs(ctx, await service.signIn(ctx, args)),
  }),
  refreshSession: t.field({
    type: AuthPayloadRef,
    description: "Rotates the refresh token. Reusing an already rotated token revokes the whole session.",
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => actAs(ctx, await service.refreshSession(ctx, args.refreshToken)),
  }),
  signOut: t.boolean({
    description: "Revokes the current session (its whole refresh-token family).",
    resolve: (_root, _args, ctx) => service.signOut(ctx),
  }),
  signOutEverywhere: t.int({
    description: "Revokes every session of the viewer, this one included. Returns how many were live.",
    resolve: (_root, _args, ctx) => service.signOutEverywhere(ctx),
  }),
  revokeSession: t.boolean({
    description: "Signs out one of your sessions (see viewer.sessions). Someone else's session is NOT_FOUND.",
    args: { id: t.arg.globalID({ required: true, for: [AuthSessionNode] }) },
    resolve: (_root, args, ctx) => service.revokeSession(ctx, args.id.id),
  }),
  requestPasswordReset: t.boolean({
    description: "Mails a single-use reset link if an account has this e-mail. Always answers true, account or not.",
    args: { email: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => recovery.requestPasswordReset(ctx, args.email),
  }),
  resetPassword: t.boolean({
    description: "Sets a new password with the token from the reset link and signs out every session. A bad, used or expired token is BAD_USER_INPUT on `token`.",
    args: { token: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => recovery.resetPassword(ctx, args),
  }),
  requestEmailVerification: t.boolean({
    description: "Mails a new verification link to the viewer's address. Already verified → CONFLICT (ALREADY_VERIFIED).",
    resolve: (_root, _args, ctx) => recovery.requestEmailVerification(ctx),
  }),
  verifyEmail: t.boolean({
    description: "Confirms the address with the token from the verification link (no sign-in needed).",
    args: { token: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => recovery.verifyEmail(ctx, args.token),
  }),
  updateProfile: t.prismaField({
    type: "User",
    description: "Changes the viewer's profile and returns the viewer.",
    args: { input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await profile.updateProfile(ctx, profileInput(args.input));
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: ctx.viewer!.id } });
    },
  }),
  changePassword: t.boolean({
    description: "Needs the current password (wrong → BAD_USER_INPUT on currentPassword); signs out every other session.",
    args: { currentPassword: t.arg.string({ required: true }), newPassword: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => service.changePassword(ctx, args),
  }),
  deleteAccount: t.boolean({
    description: "Soft-deletes the viewer's account (password required): signs out everywhere and hides their stories, content and comments. An admin can restore it.",
    args: { password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => service.deleteAccount(ctx, args.password),
  }),
  grantRole: t.prismaField({
    type: "User",
    description: "Admin: grants a role, optionally until expiresAt. Granting a held role updates its expiry.",
    args: {
      userId: t.arg.globalID({ required: true, for: [UserNode] }),
      role: t.arg({ type: RoleEnum, required: true }),
      expiresAt: t.arg({ type: "DateTime" }),
    },
    resolve: async (query, _root, args, ctx) => {
      await service.grantRole(ctx, { userId: args.userId.id, role: args.role, expiresAt: args.expiresAt });
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: args.userId.id } });
    },
  }),
  revokeRole: t.prismaField({
    type: "User",
    description: "Admin: revokes a role in force (none → NOT_FOUND).",
    args: { userId: t.arg.globalID({ required: true, for: [UserNode] }), role: t.arg({ type: RoleEnum, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await service.revokeRole(ctx, { userId: args.userId.id, role: args.role });
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: args.userId.id } });
    },
  }),
  restoreAccount: t.prismaField({
    type: "User",
    description: "Admin: restores a deleted account and the stories, content and comments its deletion hid.",
    args: { userId: t.arg.globalID({ required: true, for: [UserNode] }) },
    resolve: async (query, _root, args, ctx) => {
      await service.restoreAccount(ctx, args.userId.id);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: args.userId.id } });
    },
  }),
}));
