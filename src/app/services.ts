// Wires the adapters into the Services port (src/core/ports.ts), once per process (createApp).
import type { AppConfig } from "../core/config.ts";
import type { Services } from "../core/ports.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../core/logger.ts";
import { createKeyValueStore } from "../adapters/kv.ts";
import { type KeyValueStore } from "../core/ports.ts";
import type { Redis } from "ioredis";
import { createAiProvider } from "../adapters/ai.ts";
import { type AiProviderClient } from "../core/ports.ts";
import { createPlatformClients } from "../adapters/platforms.ts";
import { type PlatformClients } from "../core/ports.ts";
import { createFileSecretStore } from "../adapters/secrets-file.ts";
import { type SecretStore } from "../core/ports.ts";
import { createIndexingClient } from "../adapters/indexnow.ts";
import { type IndexingClient } from "../core/ports.ts";
import { createMailTransport } from "../adapters/mail.ts";
import { type MailTransport } from "../core/ports.ts";
import { createConnectProviders, createPaymentProviders } from "../adapters/payments.ts";
import { createLocalStorage } from "../adapters/storage-local.ts";
import { createS3Storage } from "../adapters/storage-s3.ts";
import type { MediaStorage } from "../core/storage.ts";
import type { EventBus } from "../core/events.ts";
import { createPgSecretStore, parseSecretKey } from "../adapters/secrets-pg.ts";
import { type PaymentProviders } from "../core/ports.ts";
import { createStripeBilling } from "../adapters/stripe.ts";
import { createOAuthClient } from "../adapters/oauth.ts";
import { type StripeBilling } from "../core/ports.ts";


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
    oauth: createOAuthClient(),
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
