import "./types.ts";
export { rules } from "./rules.ts";
