import "./types.ts";
import "./creator-tiers.ts";
import type { HttpRoute } from "../../server/routes.ts";
import type { Job } from "../../jobs/runner.ts";
import { revenueCatRoute } from "./revenuecat.ts";
import { rolloverJob } from "./rollover.ts";
export { rules } from "./rules.ts";
export { stripeHandlers } from "./stripe.ts";

export const routes: HttpRoute[] = [revenueCatRoute];
export const jobs: Job[] = [rolloverJob];
