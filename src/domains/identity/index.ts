import "./types.ts";
export { rules } from "./rules.ts";
export { safeEqual } from "./tokens.ts";
export { RoleEnum, UserNode } from "./types.ts";
