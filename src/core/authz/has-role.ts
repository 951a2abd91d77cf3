import type { Role } from "../../generated/prisma/client.ts";
import { errors } from "../errors.ts";
import { viewerRule, type Rule } from "./rule.ts";

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
