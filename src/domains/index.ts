// Every domain, imported once: importing a domain registers its types, queries and mutations
// with the builder. Its rule map is collected for graphql-shield (src/server/shield.ts), its
// HTTP routes and Stripe event handlers for the server (src/server/app.ts).
import type { HttpRoute } from "../server/routes.ts";
import type { StripeHandlers } from "../server/webhooks.ts";
import type { Job } from "../jobs/runner.ts";
import * as identity from "./identity/index.ts";
import * as content from "./content/index.ts";
import * as stories from "./stories/index.ts";
import * as analytics from "./analytics/index.ts";

interface DomainModule {
  rules: import("graphql-shield").IRules;
  routes?: HttpRoute[];
  stripeHandlers?: StripeHandlers;
  jobs?: Job[];
}

export const domains: DomainModule[] = [identity, content, stories, analytics];
export const ruleMaps = domains.map((d) => d.rules);
export const httpRoutes = domains.flatMap((d) => d.routes ?? []);
export const jobs: Job[] = domains.flatMap((d) => d.jobs ?? []);
export const stripeHandlers: StripeHandlers = Object.assign({}, ...domains.map((d) => d.stripeHandlers ?? {}));
