// Admin user management in the graph: the `users` connection (search, role, status), the
// account status fields on User, suspend / unsuspend and the admin's edit of anyone's profile.
// Every field here is admin-only in rules.ts except User.status (self or admin).
import { builder } from "../../schema/builder.ts";
import * as admin from "./admin-users.ts";
import * as profile from "./profile.ts";
import { profileInput, RoleEnum, UpdateProfileInput, UserNode } from "./types.ts";

const UserStatusEnum = builder.enumType("UserStatus", {
  description: "ACTIVE: can sign in. SUSPENDED: an admin suspended the account (sign-in answers FORBIDDEN, ACCOUNT_SUSPENDED). DELETED: soft-deleted.",
  values: admin.USER_STATUSES,
});

builder.prismaObjectFields("User", (t) => ({
  status: t.field({
    type: UserStatusEnum,
    select: { deletedAt: true, suspendedAt: true },
    resolve: (u) => admin.userStatus(u),
  }),
  suspendedAt: t.expose("suspendedAt", { type: "DateTime", nullable: true, description: "Admins only: when an admin suspended the account." }),
  suspendedReason: t.exposeString("suspendedReason", { nullable: true, description: "Admins only: why, as the admin wrote it." }),
}));

builder.queryField("users", (t) =>
  t.prismaConnection(
    {
      type: "User",
      cursor: "id",
      description: "Admin: every account, newest first (at most 100 per page). `search` matches e-mail, full name or display name; `role` a role in force now; no `status`: deleted accounts included.",
      args: {
        search: t.arg.string({ description: "Case-insensitive substring; % and _ match literally." }),
        role: t.arg({ type: RoleEnum }),
        status: t.arg({ type: UserStatusEnum }),
      },
      resolve: (query, _root, args, ctx) =>
        ctx.prisma.user.findMany({ ...query, where: admin.adminUsersWhere(args, ctx.services.clock()), orderBy: [{ createdAt: "desc" }, { id: "desc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.user.count({ where: admin.adminUsersWhere(args, ctx.services.clock()) }),
    },
    {},
  ),
);

builder.mutationFields((t) => ({
  suspendUser: t.prismaField({
    type: "User",
    description: "Admin: suspends an account. Its sessions end at once; sign-in, refresh and its access tokens answer FORBIDDEN (ACCOUNT_SUSPENDED) until unsuspendUser. Nothing it owns is deleted. Your own account → CONFLICT (OWN_ACCOUNT).",
    args: { id: t.arg.globalID({ required: true, for: [UserNode] }), reason: t.arg.string({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await admin.suspendUser(ctx, args.id.id, args.reason);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: args.id.id } });
    },
  }),
  unsuspendUser: t.prismaField({
    type: "User",
    description: "Admin: lifts a suspension; the user can sign in again (the ended sessions stay ended).",
    args: { id: t.arg.globalID({ required: true, for: [UserNode] }) },
    resolve: async (query, _root, args, ctx) => {
      await admin.unsuspendUser(ctx, args.id.id);
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: args.id.id } });
    },
  }),
  adminUpdateProfile: t.prismaField({
    type: "User",
    description: "Admin: changes any live user's profile (same input and rules as updateProfile).",
    args: { userId: t.arg.globalID({ required: true, for: [UserNode] }), input: t.arg({ type: UpdateProfileInput, required: true }) },
    resolve: async (query, _root, args, ctx) => {
      await profile.updateProfile(ctx, profileInput(args.input), { userId: args.userId.id });
      return ctx.prisma.user.findUniqueOrThrow({ ...query, where: { id: args.userId.id } });
    },
  }),
}));
