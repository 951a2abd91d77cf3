import { or } from "graphql-shield";
import { errors } from "../errors.ts";
import { isAdmin } from "./is-admin.ts";
import { rowRule } from "./rule.ts";

/** The parent row is the viewer's own User row. */
export const isSelf = rowRule<{ id: string }>("isSelf", "own account", (parent, ctx) =>
  ctx.viewer ? parent.id === ctx.viewer.id : errors.unauthenticated(),
);

export const isSelfOrAdmin = or(isSelf, isAdmin);
