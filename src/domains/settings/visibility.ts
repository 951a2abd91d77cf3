// One where-clause per model of the settings domain, shared by every list, count and single read.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

/** Public key/values for everyone; admins read every key. */
export function appSettingWhereFor(viewer: Viewer | null): Prisma.AppSettingWhereInput {
  return isAdmin(viewer) ? {} : { isPublic: true };
}

/**
 * Navigation items a viewer sees on the site: active, sign-in items only when signed in, and
 * role-restricted items only for holders of one of the roles (empty list = every role).
 * mode "manage": admins see every item (inactive and restricted ones too) to edit the tree.
 */
export function navItemWhereFor(viewer: Viewer | null, mode: "site" | "manage" = "site"): Prisma.NavItemWhereInput {
  if (mode === "manage" && isAdmin(viewer)) return {};
  const roles = viewer ? [...viewer.roles] : [];
  return {
    isActive: true,
    ...(viewer ? {} : { requiresAuth: false }),
    OR: [{ visibleToRoles: { isEmpty: true } }, ...(roles.length ? [{ visibleToRoles: { hasSome: roles } }] : [])],
  };
}
