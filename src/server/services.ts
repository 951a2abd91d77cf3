// Process-wide services shared by every request (built once in createApp). Domains add theirs
// here so a resolver reaches them through ctx.services.
import type { AppConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "./logger.ts";
import { createKeyValueStore, type KeyValueStore } from "./kv.ts";
import type { Redis } from "ioredis";
import { createAiProvider, type AiProviderClient } from "../domains/integrations/ai-provider.ts";
import { createPlatformClients, type PlatformClients } from "../domains/integrations/platform-client.ts";
import { createFileSecretStore, type SecretStore } from "../domains/integrations/secrets.ts";
import { createIndexingClient, type IndexingClient } from "../domains/seo/indexnow.ts";
import { createMailTransport, type MailTransport } from "../domains/communication/transport.ts";
import { createPaymentProviders, type PaymentProviders } from "../domains/commerce/providers/index.ts";
import { createStripeBilling, type StripeBilling } from "../domains/subscriptions/stripe.ts";

export interface Services {
  kv: KeyValueStore;
  /** Always the database store: state that must survive a Redis restart (sign-in locks). */
  durableKv: KeyValueStore;
  clock: () => Date;
  /** Vault port for platform tokens and search-engine keys (integrations, seo). */
  secrets: SecretStore;
  platformClients: PlatformClients;
  aiProvider: AiProviderClient;
  indexing: IndexingClient;
  /** Delivers outbox mails (MAIL_TRANSPORT: log | file | smtp); used by the delivery job. */
  mail: MailTransport;
  /** Payment providers (commerce): Stripe when STRIPE_SECRET_KEY is set, else the local provider. */
  payments: PaymentProviders;
  /** Stripe subscriptions (subscriptions domain); null without STRIPE_SECRET_KEY: tiers activate locally. */
  stripeBilling: StripeBilling | null;
}

export interface ServiceDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
  redis: Redis | null;
  clock?: () => Date;
}

export function createServices(deps: ServiceDeps): Services {
  return {
    kv: createKeyValueStore(deps.redis, deps.db.prisma, deps.log),
    durableKv: createKeyValueStore(null, deps.db.prisma),
    clock: deps.clock ?? (() => new Date()),
    secrets: createFileSecretStore(deps.config.SECRETS_DIR),
    platformClients: createPlatformClients(deps.config),
    aiProvider: createAiProvider(deps.config),
    indexing: createIndexingClient(deps.config),
    mail: createMailTransport(deps.config, deps.log),
    payments: createPaymentProviders(deps.config),
    stripeBilling: deps.config.STRIPE_SECRET_KEY ? createStripeBilling(deps.config.STRIPE_SECRET_KEY) : null,
  };
}
