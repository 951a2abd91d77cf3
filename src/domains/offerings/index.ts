import "./types.ts";
import "./lifecycle-types.ts";
import "./reschedule-types.ts";
export { rules } from "./rules.ts";
export { bookingJobs as jobs } from "./lifecycle.ts";
