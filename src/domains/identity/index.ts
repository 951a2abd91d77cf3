import "./types.ts";
import "./admin-users-types.ts";
import "./onboarding-types.ts";
export { rules } from "./rules.ts";
export { requireVerifiedEmail } from "./verified.ts";
export { safeEqual } from "./tokens.ts";
export { RoleEnum, UserNode } from "./types.ts";
export { liveEvents } from "./live.ts";
