import "./types.ts";
import "./creator-types.ts";
import "./authoring-types.ts";
export { rules } from "./rules.ts";
