import { hasRole } from "./has-role.ts";

/** Holds MODERATOR now. */
export const isModerator = hasRole("MODERATOR");
