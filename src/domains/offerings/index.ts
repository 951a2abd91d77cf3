import "./types.ts";
import "./lifecycle-types.ts";
export { rules } from "./rules.ts";
export { bookingJobs as jobs } from "./lifecycle.ts";
