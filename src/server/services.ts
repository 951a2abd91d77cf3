// Process-wide services shared by every request (built once in createApp). Domains add theirs
// here so a resolver reaches them through ctx.services.
import type { AppConfig } from "../config.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "./logger.ts";
import { createKeyValueStore, type KeyValueStore } from "./kv.ts";
import type { Redis } from "ioredis";
import { createStripeBilling, type StripeBilling } from "../domains/subscriptions/stripe.ts";
import { setAccessGraceDays } from "../domains/subscriptions/entitlements.ts";

export interface Services {
  kv: KeyValueStore;
  clock: () => Date;
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
  setAccessGraceDays(deps.config.SUBSCRIPTION_GRACE_DAYS);
  return {
    kv: createKeyValueStore(deps.redis, deps.db.prisma),
    clock: deps.clock ?? (() => new Date()),
    stripeBilling: deps.config.STRIPE_SECRET_KEY ? createStripeBilling(deps.config.STRIPE_SECRET_KEY) : null,
  };
}
