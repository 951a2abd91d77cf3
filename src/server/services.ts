import { createLocalStorage } from "../adapters/storage-local.ts";
import { createS3Storage } from "../adapters/storage-s3.ts";
import type { MediaStorage } from "../core/storage.ts";
// Process-wide services shared by every request (built once in createApp). Domains add theirs
// here so a resolver reaches them through ctx.services.
import type { AppConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "./logger.ts";
import { createKeyValueStore, type KeyValueStore } from "./kv.ts";
import type { Redis } from "ioredis";
import type { EventBus } from "../core/events.ts";
import { createPgSecretStore, parseSecretKey } from "../adapters/secrets-pg.ts";
import { createAiProvider, type AiProviderClient } from "../domains/integrations/ai-provider.ts";
import { createPlatformClients, type PlatformClients } from "../domains/integrations/platform-client.ts";
import { createFileSecretStore, type SecretStore } from "../domains/integrations/secrets.ts";
import { createIndexingClient, type IndexingClient } from "../domains/seo/indexnow.ts";
import { createMailTransport, type MailTransport } from "../domains/communication/transport.ts";
import { createConnectProviders, createPaymentProviders, type ConnectProviders, type PaymentProviders } from "../domains/commerce/providers/index.ts";
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
  /** Creator payout accounts and transfers (Stripe Connect Express; the local simulation without STRIPE_SECRET_KEY). */
  connect: ConnectProviders;
  /** Stripe subscriptions (subscriptions domain); null without STRIPE_SECRET_KEY: tiers activate locally. */
  stripeBilling: StripeBilling | null;
  /** Subscription events (src/app/pubsub.ts): Redis pub/sub between instances, in-process without REDIS_URL. */
  events: EventBus;
  databaseKind?: "embedded" | "postgres";
  /** Media uploads (MEDIA_STORAGE: local disk by default, or S3-compatible). */
  storage: MediaStorage;
}

export interface ServiceDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
  redis: Redis | null;
  clock?: () => Date;
  events: EventBus;
  /** Chooses the default secret store: database on PostgreSQL, file on the embedded database. */
  databaseKind?: "embedded" | "postgres";
}

/** A fixed key for development and tests only; production with DATABASE_URL must set SECRETS_KEY (config.ts). */
const DEV_SECRETS_KEY = "6465762d6f6e6c792d696e7365637572652d736563726574732d6b65792d3030";

function createSecretStore(deps: ServiceDeps): SecretStore {
  const kind = deps.config.SECRETS_STORE ?? (deps.databaseKind === "postgres" ? "database" : "file");
  if (kind === "file") return createFileSecretStore(deps.config.SECRETS_DIR);
  const previous = (deps.config.SECRETS_PREVIOUS_KEYS ?? "").split(",").filter(Boolean).map(parseSecretKey);
  return createPgSecretStore(deps.db.prisma, { current: parseSecretKey(deps.config.SECRETS_KEY ?? DEV_SECRETS_KEY), previous });
}

function createMediaStorage(config: AppConfig): MediaStorage {
  if (config.MEDIA_STORAGE === "s3") {
    return createS3Storage({
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      endpoint: config.S3_ENDPOINT,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
    });
  }
  return createLocalStorage({ dir: config.MEDIA_DIR, publicUrl: config.MEDIA_PUBLIC_URL, secret: config.JWT_SECRET });
}

export function createServices(deps: ServiceDeps): Services {
  const clock = deps.clock ?? (() => new Date());
  return {
    kv: createKeyValueStore(deps.redis, deps.db.prisma, clock, deps.log),
    durableKv: createKeyValueStore(null, deps.db.prisma, clock),
    clock,
    secrets: createSecretStore(deps),
    platformClients: createPlatformClients(deps.config),
    aiProvider: createAiProvider(deps.config),
    indexing: createIndexingClient(deps.config),
    mail: createMailTransport(deps.config, deps.log),
    payments: createPaymentProviders(deps.config),
    connect: createConnectProviders(deps.config),
    stripeBilling: deps.config.STRIPE_SECRET_KEY ? createStripeBilling(deps.config.STRIPE_SECRET_KEY) : null,
    events: deps.events,
    storage: createMediaStorage(deps.config),
  };
}
