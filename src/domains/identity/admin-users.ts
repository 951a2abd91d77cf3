// Admin user management: the filter of the `users` list, suspend and unsuspend. A suspension
// sets users.suspended_at, revokes every session of the account in the same transaction (live
// subscriptions of its sessions end), and from then on sign-in, refresh and any request with an
// access token of the account answer FORBIDDEN (ACCOUNT_SUSPENDED) — see viewer.ts. Nothing the
// user owns is deleted or hidden: suspending a creator's catalogue is suspendCreator (content).
import { z } from "zod";
import type { Prisma, Role } from "../../generated/prisma/client.ts";
import { requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { escapeLike } from "../../core/text.ts";
import { transaction } from "../../core/tx.ts";
import { parseInput } from "../../core/validation.ts";
import { revokeUserSessions } from "./service.ts";
import { activeRoleWhere } from "./visibility.ts";

export const USER_STATUSES = ["ACTIVE", "SUSPENDED", "DELETED"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export function userStatus(u: { deletedAt: Date | null; suspendedAt: Date | null }): UserStatus {
  return u.deletedAt ? "DELETED" : u.suspendedAt ? "SUSPENDED" : "ACTIVE";
}

const STATUS_WHERE: Record<UserStatus, Prisma.UserWhereInput> = {
  ACTIVE: { deletedAt: null, suspendedAt: null },
  SUSPENDED: { deletedAt: null, suspendedAt: { not: null } },
  DELETED: { deletedAt: { not: null } },
};

/**
 * The where of the admin `users` list: `search` matches e-mail, full name or display name
 * (case-insensitive, LIKE wildcards taken literally), `role` a role in force now, `status` one of
 * USER_STATUSES. No status: every account, deleted ones included (the list is admins' only).
 */
export function adminUsersWhere(args: { search?: string | null; role?: Role | null; status?: UserStatus | null }, now: Date): Prisma.UserWhereInput {
  const search = args.search?.trim().slice(0, 200);
  const like = search ? { contains: escapeLike(search), mode: "insensitive" as const } : null;
  return {
    AND: [
      like ? { OR: [{ email: like }, { fullName: like }, { profile: { is: { displayName: like } } }] } : {},
      args.role ? { roles: { some: { role: args.role, ...activeRoleWhere(now) } } } : {},
      args.status ? STATUS_WHERE[args.status] : {},
    ],
  };
}

const reasonSchema = z.object({ reason: z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters") });

/** Admin: suspends a live account and ends its sessions at once. Already suspended → unchanged. */
export async function suspendUser(ctx: Context, userId: string, reason: string): Promise<void> {
  const admin = requireViewer(ctx);
  const data = parseInput(reasonSchema, { reason });
  if (userId === admin.id) throw errors.conflict("OWN_ACCOUNT", "You cannot suspend your own account; ask another admin.");
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true, suspendedAt: true, suspendedReason: true } });
    if (!user) throw errors.notFound("User", userId);
    if (user.suspendedAt) return;
    await tx.user.update({ where: { id: user.id }, data: { suspendedAt: now, suspendedReason: data.reason } });
    const sessionRowsRevoked = await revokeUserSessions(tx, user.id, now, "account_suspended");
    await recordAudit(tx, ctx, {
      action: "user.suspend",
      entityType: "User",
      entityId: user.id,
      oldValues: { suspendedAt: null, suspendedReason: user.suspendedReason },
      newValues: { suspendedAt: now, suspendedReason: data.reason, sessionRowsRevoked },
    });
  });
}

/** Admin: lifts a suspension (the user signs in again; old sessions stay ended). Not suspended → unchanged. */
export async function unsuspendUser(ctx: Context, userId: string): Promise<void> {
  requireViewer(ctx);
  await transaction(ctx.prisma, async (tx) => {
    const user = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true, suspendedAt: true, suspendedReason: true } });
    if (!user) throw errors.notFound("User", userId);
    if (!user.suspendedAt) return;
    await tx.user.update({ where: { id: user.id }, data: { suspendedAt: null, suspendedReason: null } });
    await recordAudit(tx, ctx, {
      action: "user.unsuspend",
      entityType: "User",
      entityId: user.id,
      oldValues: { suspendedAt: user.suspendedAt, suspendedReason: user.suspendedReason },
      newValues: { suspendedAt: null, suspendedReason: null },
    });
  });
}
