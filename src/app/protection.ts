// Every protection of issue 15 in one place, registered by src/server/app.ts with one line each
// side of the plain routes: request guards first (body size, content type, rate limits), then,
// after the persisted-operations gate has put the document in place, the operation limits,
// input hygiene and the execution budget.
import type { Plugin } from "graphql-yoga";
import type { AppRuntime } from "../server/app.ts";
import type { Context, ServerContext } from "../server/context.ts";
import { armorPlugins } from "./armor.ts";
import { httpGuardsPlugin } from "./http-guards.ts";
import { inputHygienePlugin } from "./input-hygiene.ts";
import { rateLimitPlugin } from "./rate-limit.ts";
import { timeoutPlugin } from "./timeout.ts";

export function protectionPlugins(
  runtime: AppRuntime,
  ipOf: (request: Request, serverContext: ServerContext) => string | null,
): { beforeRoutes: Plugin<Context>[]; operations: Plugin<Context>[] } {
  return {
    beforeRoutes: [
      httpGuardsPlugin(runtime.config),
      rateLimitPlugin({ config: runtime.config, redis: runtime.redis, log: runtime.log, viewerOf: runtime.viewerOf, ipOf }),
    ],
    operations: [
      ...(armorPlugins(runtime.config) as Plugin<Context>[]),
      inputHygienePlugin() as Plugin<Context>,
      timeoutPlugin(runtime.config.REQUEST_TIMEOUT_MS) as Plugin<Context>,
    ],
  };
}
