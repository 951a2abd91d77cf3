import "./types.ts";
export { rules } from "./rules.ts";
export { jobs } from "./jobs.ts";
import type { HttpRoute } from "../../core/http.ts";
import { sendGridEventsRoute } from "./delivery-webhook.ts";

export const routes: HttpRoute[] = [sendGridEventsRoute];
