// Process-wide services shared by every request (built once in createApp). Domains add theirs
// here so a resolver reaches them through ctx.services.
import type { AppConfig } from "../core/config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../core/logger.ts";
import { createKeyValueStore, type KeyValueStore } from "../adapters/kv.ts";
import type { Redis } from "ioredis";
import { createAiProvider, type AiProviderClient } from "../adapters/ai.ts";
import { createPlatformClients, type PlatformClients } from "../adapters/platforms.ts";
import { createFileSecretStore, type SecretStore } from "../adapters/secrets-file.ts";
import { createIndexingClient, type IndexingClient } from "../adapters/indexnow.ts";
import { createMailTransport, type MailTransport } from "../adapters/mail.ts";
import { createPaymentProviders, type PaymentProviders } from "../adapters/payments.ts";
import { createStripeBilling, type StripeBilling } from "../domains/subscriptions/stripe.ts";

export interface Services {
  kv: KeyValueStore;
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
    kv: createKeyValueStore(deps.redis, deps.db.prisma),
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
