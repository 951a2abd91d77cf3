// Plain HTTP endpoints beside /graphql (health, readiness, webhooks) and the Stripe event
// handler type. Domains export theirs as `routes` / `stripeHandlers` from their index; the app
// (src/app/) serves them through Yoga's fetch handler, so tests reach them with yoga.fetch.
import type Stripe from "stripe";
import type { Viewer } from "./context.ts";
import type { JobRuntime } from "./jobs.ts";
import type { Tx } from "./tx.ts";

/** What a route handler gets: the job runtime plus the request's viewer. */
export interface RouteRuntime extends JobRuntime {
  /** The request's viewer from its Authorization header, resolved once per request. */
  viewerOf(request: Request): Promise<Viewer | null>;
}

export interface HttpRoute<R extends RouteRuntime = RouteRuntime> {
  method: "GET" | "POST" | "PUT";
  path: string;
  handler: (request: Request, runtime: R) => Promise<Response> | Response;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });

/** Handles one verified Stripe event inside the transaction that records it (src/app/webhooks.ts). */
export type StripeEventHandler = (event: Stripe.Event, tx: Tx, runtime: JobRuntime) => Promise<void>;
export type StripeHandlers = Record<string, StripeEventHandler>;
