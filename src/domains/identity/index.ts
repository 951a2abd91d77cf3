import "./types.ts";
export { rules } from "./rules.ts";
export { requireVerifiedEmail } from "./verified.ts";
