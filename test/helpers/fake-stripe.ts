// The real Stripe SDK over a fake transport: requests are recorded and answered in-process
// (no network). Same Idempotency-Key → the same PaymentIntent, as Stripe does.
import Stripe from "stripe";
import { createLocalProvider, createStripeProvider, providerSet, stripeClient } from "../../src/adapters/payments.ts";
import { stripeSdk } from "../../src/app/webhooks.ts";
import type { TestApp } from "./app.ts";

export interface StripeCall {
  method: string;
  path: string;
  params: URLSearchParams;
  idempotencyKey: string | null;
}

export function installFakeStripe(app: TestApp, opts: { failWith?: () => Response | null } = {}) {
  const calls: StripeCall[] = [];
  const intents = new Map<string, Record<string, unknown>>();
  let n = 0;
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers as HeadersInit);
    const params = new URLSearchParams(typeof init?.body === "string" ? init.body : "");
    const call = { method: init?.method ?? "GET", path: url.pathname, params, idempotencyKey: headers.get("idempotency-key") };
    calls.push(call);
    const forced = opts.failWith?.();
    if (forced) return forced;
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "request-id": `req_${++n}` } });
    if (call.method === "POST" && url.pathname === "/v1/payment_intents") {
      const existing = call.idempotencyKey ? intents.get(call.idempotencyKey) : undefined;
      if (existing) return json(existing);
      const id = `pi_test_${++n}`;
      const metadata: Record<string, string> = {};
      for (const [k, v] of params) {
        const m = /^metadata\[(.+)\]$/.exec(k);
        if (m) metadata[m[1]] = v;
      }
      const pi = { id, object: "payment_intent", amount: Number(params.get("amount")), currency: params.get("currency"), status: "requires_payment_method", client_secret: `${id}_secret_test`, metadata };
      if (call.idempotencyKey) intents.set(call.idempotencyKey, pi);
      return json(pi);
    }
    if (call.method === "POST" && url.pathname === "/v1/refunds") {
      return json({ id: `re_test_${++n}`, object: "refund", status: "succeeded", payment_intent: params.get("payment_intent") });
    }
    return json({ error: { type: "invalid_request_error", message: `no fake for ${call.method} ${url.pathname}` } }, 404);
  };
  const stripe = stripeClient("sk_test_fake_key", { httpClient: Stripe.createFetchHttpClient(fetchFn as typeof fetch) });
  app.runtime.services.payments = providerSet(createStripeProvider(stripe), [createLocalProvider()]);
  return { calls, intents };
}

export const WEBHOOK_SECRET = "whsec_test_commerce_secret";

let eventSeq = 0;

/** POSTs a Stripe event to /webhooks/stripe, signed with `secret` (the configured one by default). */
export async function sendStripeEvent(app: TestApp, type: string, object: Record<string, unknown>, opts: { id?: string; secret?: string; signature?: string | null } = {}) {
  const event = { id: opts.id ?? `evt_test_${process.pid}_${++eventSeq}`, object: "event", api_version: "2025-01-01", created: Math.floor(app.clock.now().getTime() / 1000), type, data: { object } };
  const payload = JSON.stringify(event);
  const signature = opts.signature === undefined ? stripeSdk().webhooks.generateTestHeaderString({ payload, secret: opts.secret ?? WEBHOOK_SECRET }) : opts.signature;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (signature !== null) headers["stripe-signature"] = signature;
  const res = await app.yoga.fetch("http://test/webhooks/stripe", { method: "POST", headers, body: payload });
  return { status: res.status, body: (await res.json()) as { received?: boolean; outcome?: string; error?: string }, eventId: event.id };
}

export function paymentIntent(p: { id: string; paymentId?: string; amount: number; currency?: string; status?: string; error?: string }) {
  const status = p.status ?? "succeeded";
  return {
    id: p.id,
    object: "payment_intent",
    amount: p.amount,
    amount_received: status === "succeeded" ? p.amount : 0,
    currency: p.currency ?? "usd",
    status,
    metadata: p.paymentId ? { paymentId: p.paymentId } : {},
    last_payment_error: p.error ? { message: p.error, code: "card_declined" } : null,
  };
}

export function refundedCharge(p: { paymentIntentId: string; amount: number; full?: boolean }) {
  return {
    id: `ch_${p.paymentIntentId}`,
    object: "charge",
    amount: p.amount,
    amount_refunded: p.full === false ? Math.floor(p.amount / 2) : p.amount,
    refunded: p.full !== false,
    payment_intent: p.paymentIntentId,
    metadata: {},
    refunds: { object: "list", data: [{ id: "re_x", reason: "requested_by_customer" }] },
  };
}
