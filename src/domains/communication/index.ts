import "./types.ts";
export { rules } from "./rules.ts";
export { jobs } from "./jobs.ts";
