// Stripe Connect on the real SDK over a fake transport (no network): Express accounts, account
// links, account reads, transfers and transfer reversals are recorded and answered in-process.
// Same Idempotency-Key → the same object, as Stripe does. `fail` forces an outage per call.
import Stripe from "stripe";
import { connectProviderSet, createLocalConnectProvider, createStripeConnectProvider } from "../../src/adapters/payments.ts";
import { stripeClient } from "../../src/adapters/payments.ts";
import type { TestApp } from "./app.ts";
import type { StripeCall } from "./fake-stripe.ts";

export interface FakeAccount {
  id: string;
  object: "account";
  details_submitted: boolean;
  charges_enabled: boolean;
  payouts_enabled: boolean;
  requirements: { currently_due: string[] };
}

export function installFakeStripeConnect(app: TestApp) {
  const calls: StripeCall[] = [];
  const byKey = new Map<string, unknown>();
  const accounts = new Map<string, FakeAccount>();
  const state = { fail: null as null | ((call: StripeCall) => boolean) };
  let n = 0;
  const fetchFn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers = new Headers(init?.headers as HeadersInit);
    const params = new URLSearchParams(typeof init?.body === "string" ? init.body : "");
    const call: StripeCall = { method: init?.method ?? "GET", path: url.pathname, params, idempotencyKey: headers.get("idempotency-key") };
    calls.push(call);
    const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", "request-id": `req_${++n}` } });
    if (state.fail?.(call)) return json({ error: { type: "api_error", message: "Stripe is down (fake)" } }, 500);
    const once = (make: () => unknown) => {
      if (call.idempotencyKey && byKey.has(call.idempotencyKey)) return json(byKey.get(call.idempotencyKey));
      const obj = make();
      if (call.idempotencyKey) byKey.set(call.idempotencyKey, obj);
      return json(obj);
    };
    if (call.method === "POST" && url.pathname === "/v1/accounts") {
      return once(() => {
        const a: FakeAccount = { id: `acct_test_${++n}`, object: "account", details_submitted: false, charges_enabled: false, payouts_enabled: false, requirements: { currently_due: ["external_account", "tos_acceptance.date"] } };
        accounts.set(a.id, a);
        return a;
      });
    }
    if (call.method === "POST" && url.pathname === "/v1/account_links") {
      return json({ object: "account_link", url: `https://connect.stripe.test/setup/${params.get("account")}/${++n}`, expires_at: 1_900_000_000 });
    }
    const acct = /^\/v1\/accounts\/([^/]+)$/.exec(url.pathname);
    if (call.method === "GET" && acct) {
      const a = accounts.get(acct[1]);
      return a ? json(a) : json({ error: { type: "invalid_request_error", message: "No such account" } }, 404);
    }
    if (call.method === "POST" && url.pathname === "/v1/transfers") {
      return once(() => ({ id: `tr_test_${++n}`, object: "transfer", amount: Number(params.get("amount")), currency: params.get("currency"), destination: params.get("destination") }));
    }
    const rev = /^\/v1\/transfers\/([^/]+)\/reversals$/.exec(url.pathname);
    if (call.method === "POST" && rev) {
      return once(() => ({ id: `trr_test_${++n}`, object: "transfer_reversal", amount: Number(params.get("amount")), transfer: rev[1] }));
    }
    return json({ error: { type: "invalid_request_error", message: `no fake for ${call.method} ${url.pathname}` } }, 404);
  };
  const stripe = stripeClient("sk_test_fake_key", { httpClient: Stripe.createFetchHttpClient(fetchFn as typeof fetch) });
  // maxNetworkRetries would retry the forced 500s; the fake answers at once either way.
  app.runtime.services.connect = connectProviderSet(createStripeConnectProvider(stripe), [createLocalConnectProvider()]);
  return { calls, accounts, state };
}
