import "./types.ts";
import "./usage-types.ts";
export { rules } from "./rules.ts";
