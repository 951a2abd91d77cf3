// Which identity rows a viewer may load. One where-clause per model, shared by every list, count
// and single read of it.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

/** Users: every live account's public card; admins also deleted ones. */
export function userWhereFor(viewer: Viewer | null): Prisma.UserWhereInput {
  return isAdmin(viewer) ? {} : { deletedAt: null };
}

/** Sessions: only the viewer's own (admins: anyone's). Anonymous viewers match nothing. */
export function sessionWhereFor(viewer: Viewer | null): Prisma.AuthSessionWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : { id: { in: [] } };
}

/**
 * A session as a person sees it is a refresh-token family; its live row is the one not yet
 * rotated, not revoked and not expired. Lists show exactly those rows.
 */
export function liveSessionWhere(now: Date): Prisma.AuthSessionWhereInput {
  return { rotatedAt: null, revokedAt: null, expiresAt: { gt: now } };
}

/** Role grants in force at `now`: not revoked and not expired. */
export function activeRoleWhere(now: Date): Prisma.UserRoleWhereInput {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}
