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
import { createPaymentProviders } from "../adapters/payments.ts";
import { type PaymentProviders } from "../core/ports.ts";
import { createStripeBilling } from "../adapters/stripe.ts";
import { type StripeBilling } from "../core/ports.ts";


export interface ServiceDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
  redis: Redis | null;
  clock?: () => Date;
}

export function createServices(deps: ServiceDeps): Services {
  const clock = deps.clock ?? (() => new Date());
  return {
    kv: createKeyValueStore(deps.redis, deps.db.prisma, clock),
    clock,
    secrets: createFileSecretStore(deps.config.SECRETS_DIR),
    platformClients: createPlatformClients(deps.config),
    aiProvider: createAiProvider(deps.config),
    indexing: createIndexingClient(deps.config),
    mail: createMailTransport(deps.config, deps.log),
    payments: createPaymentProviders(deps.config),
    stripeBilling: deps.config.STRIPE_SECRET_KEY ? createStripeBilling(deps.config.STRIPE_SECRET_KEY) : null,
  };
}
