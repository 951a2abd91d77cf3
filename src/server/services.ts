// Process-wide services shared by every request (built once in createApp). Domains add theirs
// here so a resolver reaches them through ctx.services.
import type { AppConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "./logger.ts";
import { createKeyValueStore, type KeyValueStore } from "./kv.ts";
import type { Redis } from "ioredis";
import { createPaymentProviders, type PaymentProviders } from "../domains/commerce/providers/index.ts";

export interface Services {
  kv: KeyValueStore;
  clock: () => Date;
  /** Payment providers (commerce): Stripe when STRIPE_SECRET_KEY is set, else the local provider. */
  payments: PaymentProviders;
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
    payments: createPaymentProviders(deps.config),
  };
}
