// Settings rules. Platform settings and public app settings are readable by everyone (rows are
// filtered by appSettingWhereFor / navItemWhereFor); writes are admin-only; per-user settings
// belong to their user (and admins).
import { rule } from "graphql-shield";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { allow, isAdmin, isAuthenticated, isSelfOrAdmin } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

/** `navigation(manage: true)` shows inactive and restricted items: admins only. */
export const adminWhenManaging = rule({ cache: "no_cache" })((_p, args: { manage?: boolean | null }, ctx: Context) => {
  if (!args.manage) return true;
  if (!ctx.viewer) return errors.unauthenticated();
  return ctx.viewer.roles.has("ADMIN") ? true : errors.forbidden("Requires the ADMIN role.");
});

export const rules = {
  Query: {
    platformSettings: allow,
    appSetting: allow,
    appSettings: allow,
    navigation: adminWhenManaging,
  },
  Mutation: {
    updatePlatformSettings: isAdmin,
    setAppSetting: isAdmin,
    deleteAppSetting: isAdmin,
    updateMySettings: isAuthenticated,
    createNavItem: isAdmin,
    updateNavItem: isAdmin,
    deleteNavItem: isAdmin,
    reorderNavItems: isAdmin,
  },
  PlatformSettings: { "*": allow, stripeAccountId: isAdmin },
  AppSetting: { "*": allow },
  UserSettings: { "*": allow },
  UserAiSettings: { "*": allow },
  NavItem: { "*": allow },
  User: { settings: isSelfOrAdmin },
} satisfies RuleMap;
