// Users as the graph shows them. Public card fields for everyone; e-mail, roles and locale
// only for the user themself and admins (rules.ts).
import { Role } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import * as service from "./service.ts";
import { userWhereFor } from "./visibility.ts";

export const RoleEnum = builder.enumType(Role, { name: "Role", description: "Roles a user can hold; several at once, each with an optional expiry." });

export const UserNode = builder.prismaNode("User", {
  nullable: true,
  id: { field: "id" },
  findUnique: (id, ctx) => ({ id, AND: [userWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    displayName: t.string({
      nullable: true,
      select: { fullName: true, profile: { select: { displayName: true } } },
      resolve: (u) => u.profile?.displayName ?? u.fullName ?? null,
    }),
    avatarUrl: t.exposeString("avatarUrl", { nullable: true }),
    createdAt: t.expose("createdAt", { type: "DateTime" }),
    email: t.exposeString("email"),
    timezone: t.exposeString("timezone"),
    language: t.exposeString("language"),
    emailVerified: t.boolean({ select: { emailVerifiedAt: true }, resolve: (u) => u.emailVerifiedAt !== null }),
    roles: t.field({
      type: [RoleEnum],
      description: "Roles in force now (expired and revoked grants are left out).",
      select: (_args, ctx) => ({
        roles: {
          where: { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: ctx.services.clock() } }] },
          select: { role: true },
        },
      }),
      resolve: (u) => u.roles.map((r) => r.role),
    }),
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

const AuthPayloadRef = builder.objectRef<import("./service.ts").AuthPayload>("AuthPayload").implement({
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

builder.mutationFields((t) => ({
  signUp: t.field({
    type: AuthPayloadRef,
    description: "Creates a MEMBER account and signs it in.",
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }), displayName: t.arg.string() },
    resolve: (_root, args, ctx) => service.signUp(ctx, args),
  }),
  signIn: t.field({
    type: AuthPayloadRef,
    args: { email: t.arg.string({ required: true }), password: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => service.signIn(ctx, args),
  }),
  refreshSession: t.field({
    type: AuthPayloadRef,
    description: "Rotates the refresh token. Reusing an already rotated token revokes the whole session.",
    args: { refreshToken: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => service.refreshSession(ctx, args.refreshToken),
  }),
  signOut: t.boolean({
    description: "Revokes the current session (its whole refresh-token family).",
    resolve: (_root, _args, ctx) => service.signOut(ctx),
  }),
}));
