import { hasRole } from "./has-role.ts";

/** Holds ADMIN now. */
export const isAdmin = hasRole("ADMIN");
