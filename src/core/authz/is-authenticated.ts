import { errors } from "../errors.ts";
import { viewerRule } from "./rule.ts";

/** Signed in. Anonymous → UNAUTHENTICATED. */
export const isAuthenticated = viewerRule("isAuthenticated", (ctx) => (ctx.viewer ? true : errors.unauthenticated()));
