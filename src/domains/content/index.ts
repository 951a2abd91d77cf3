import "./types.ts";
export { rules } from "./rules.ts";
export { registerAccessSource, type AccessSource } from "./access.ts";
