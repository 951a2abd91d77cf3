import "../../schema/lookup-fields.ts";
import "./types.ts";
import "./ai-types.ts";
export { rules } from "./rules.ts";
export { jobs } from "./jobs.ts";
