// Every domain, imported once: importing a domain registers its types, queries and mutations
// with the builder. Its rule map is collected for graphql-shield (src/app/shield.ts), its
// HTTP routes and Stripe event handlers for the server (src/app/app.ts).
import type { HttpRoute } from "../core/http.ts";
import type { StripeHandlers } from "../core/http.ts";
import type { Job } from "../core/jobs.ts";
import type { RuleMap } from "../schema/rule-map.ts";
import * as identity from "../domains/identity/index.ts";
import * as content from "../domains/content/index.ts";
import * as stories from "../domains/stories/index.ts";
import * as integrations from "../domains/integrations/index.ts";
import * as seo from "../domains/seo/index.ts";
import * as settings from "../domains/settings/index.ts";
import * as site from "../domains/site/index.ts";
import * as communication from "../domains/communication/index.ts";
import * as audit from "../domains/audit/index.ts";
import * as commerce from "../domains/commerce/index.ts";
import * as offerings from "../domains/offerings/index.ts";
import * as comments from "../domains/comments/index.ts";
import * as subscriptions from "../domains/subscriptions/index.ts";
import * as analytics from "../domains/analytics/index.ts";

interface DomainModule {
  /** Typed from the schema (src/schema/rule-map.ts): a misspelt type or field fails tsc. */
  rules: RuleMap;
  routes?: HttpRoute[];
  stripeHandlers?: StripeHandlers;
  jobs?: Job[];
}

export const domains: DomainModule[] = [identity, content, stories, integrations, seo, settings, site, communication, audit, commerce, offerings, comments, subscriptions, analytics];
export const ruleMaps = domains.map((d) => d.rules);
export const httpRoutes = domains.flatMap((d) => d.routes ?? []);
export const jobs: Job[] = domains.flatMap((d) => d.jobs ?? []);
export const stripeHandlers: StripeHandlers = Object.assign({}, ...domains.map((d) => d.stripeHandlers ?? {}));
