// Every protection of issue 15 in one place, registered by src/app/app.ts with one line each
// side of the plain routes: request guards first (body size, content type, rate limits), then,
// after the persisted-operations gate has put the document in place, the operation limits,
// input hygiene and the execution budget.
import type { Plugin } from "graphql-yoga";
import type { Redis } from "ioredis";
import type { AppConfig } from "../core/config.ts";
import type { Logger } from "../core/logger.ts";
import { armorPlugins } from "./armor.ts";
import { httpGuardsPlugin } from "./http-guards.ts";
import { inputHygienePlugin } from "./input-hygiene.ts";
import { rateLimitPlugin } from "./rate-limit.ts";
import { timeoutPlugin } from "./timeout.ts";

/** What the protections need of the app runtime (kept narrow: no import of the composition root). */
export interface ProtectionRuntime {
  config: AppConfig;
  redis: Redis | null;
  log: Logger;
  viewerOf(request: Request): Promise<{ id: string } | null>;
}

export function protectionPlugins(
  runtime: ProtectionRuntime,
  ipOf: (request: Request, serverContext: Record<string, unknown>) => string | null,
): { beforeRoutes: Plugin[]; operations: Plugin[] } {
  return {
    beforeRoutes: [
      httpGuardsPlugin(runtime.config),
      rateLimitPlugin({ config: runtime.config, redis: runtime.redis, log: runtime.log, viewerOf: runtime.viewerOf, ipOf }),
    ],
    operations: [
      ...armorPlugins(runtime.config),
      inputHygienePlugin(),
      timeoutPlugin(runtime.config.REQUEST_TIMEOUT_MS),
    ],
  };
}
