// Which provider settles payments: Stripe when STRIPE_SECRET_KEY is configured, otherwise the
// local provider. Built once per process (src/app/services.ts → ctx.services.payments).
import type { AppConfig } from "../core/config.ts";
import { createLocalProvider } from "./payments-local.ts";
import { createStripeProvider, stripeClient } from "./stripe.ts";
import { type PaymentProvider, type PaymentProviders } from "../core/ports.ts";
import { connectProviderSet, createLocalConnectProvider, createStripeConnectProvider, type ConnectProviders } from "./connect.ts";

export { createLocalProvider } from "./payments-local.ts";
export { createStripeProvider, stripeClient } from "./stripe.ts";

export function providerSet(active: PaymentProvider, others: PaymentProvider[] = []): PaymentProviders {
  const all = new Map([...others, active].map((p) => [p.name, p] as const));
  return { active, byName: (name) => all.get(name as PaymentProvider["name"]) ?? null };
}

export function createPaymentProviders(config: Pick<AppConfig, "STRIPE_SECRET_KEY">): PaymentProviders {
  const local = createLocalProvider();
  if (!config.STRIPE_SECRET_KEY) return providerSet(local);
  return providerSet(createStripeProvider(stripeClient(config.STRIPE_SECRET_KEY)), [local]);
}

export type { ConnectProvider, ConnectProviders, ConnectAccountState } from "./connect.ts";
export { connectProviderSet, createLocalConnectProvider, createStripeConnectProvider } from "./connect.ts";

export function createConnectProviders(config: Pick<AppConfig, "STRIPE_SECRET_KEY">): ConnectProviders {
  const local = createLocalConnectProvider();
  if (!config.STRIPE_SECRET_KEY) return connectProviderSet(local);
  return connectProviderSet(createStripeConnectProvider(stripeClient(config.STRIPE_SECRET_KEY)), [local]);
}
