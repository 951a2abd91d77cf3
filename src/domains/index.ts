// Every domain, imported once: importing a domain registers its types, queries and mutations
// with the builder. Its rule map is collected for graphql-shield (src/server/shield.ts), its
// HTTP routes and Stripe event handlers for the server (src/server/app.ts).
import type { HttpRoute } from "../server/routes.ts";
import type { StripeHandlers } from "../server/webhooks.ts";
import type { Job } from "../jobs/runner.ts";
import * as identity from "./identity/index.ts";
import * as content from "./content/index.ts";
import * as stories from "./stories/index.ts";
import * as integrations from "./integrations/index.ts";
import * as seo from "./seo/index.ts";
import * as settings from "./settings/index.ts";
import * as site from "./site/index.ts";
import * as communication from "./communication/index.ts";
import * as audit from "./audit/index.ts";
import * as commerce from "./commerce/index.ts";
import * as offerings from "./offerings/index.ts";
import * as comments from "./comments/index.ts";
import * as subscriptions from "./subscriptions/index.ts";
import * as analytics from "./analytics/index.ts";

interface DomainModule {
  rules: import("graphql-shield").IRules;
  routes?: HttpRoute[];
  stripeHandlers?: StripeHandlers;
  jobs?: Job[];
}

export const domains: DomainModule[] = [identity, content, stories, integrations, seo, settings, site, communication, audit, commerce, offerings, comments, subscriptions, analytics];
export const ruleMaps = domains.map((d) => d.rules);
export const httpRoutes = domains.flatMap((d) => d.routes ?? []);
export const jobs: Job[] = domains.flatMap((d) => d.jobs ?? []);
export const stripeHandlers: StripeHandlers = Object.assign({}, ...domains.map((d) => d.stripeHandlers ?? {}));
