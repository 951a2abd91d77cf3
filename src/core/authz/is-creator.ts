import { hasRole } from "./has-role.ts";

/** Holds CREATOR now. */
export const isCreator = hasRole("CREATOR");
