// Operation rate limits per client IP and per signed-in viewer (rate-limiter-flexible). With
// Redis the counters are shared by every instance; while Redis is unreachable each instance
// counts in memory (the insurance limiter) instead of failing or queueing. Without REDIS_URL
// (the embedded single-instance set-up) the counters are in memory: a fleet sets REDIS_URL.
// A limited request answers HTTP 429 RATE_LIMITED with `retryAfterSeconds` and Retry-After,
// before the document is parsed.
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Plugin } from "graphql-yoga";
import type { AppConfig } from "../core/config.ts";
import { appError } from "../core/errors.ts";

type ServerContext = Record<string, unknown>;
import type { Logger } from "../core/logger.ts";

export interface RateLimitDeps {
  config: AppConfig;
  redis: Redis | null;
  log: Logger;
  viewerOf(request: Request): Promise<{ id: string } | null>;
  ipOf(request: Request, serverContext: ServerContext): string | null;
}

function limiter(redis: Redis | null, keyPrefix: string, points: number): RateLimiterAbstract {
  const opts = { keyPrefix, points, duration: 60 };
  if (!redis) return new RateLimiterMemory(opts);
  return new RateLimiterRedis({ ...opts, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(opts) });
}

const limited = (seconds: number) =>
  appError("RATE_LIMITED", "Too many requests. Try again later.", {
    retryAfterSeconds: seconds,
    http: { status: 429, headers: { "retry-after": String(seconds) } },
  });

export function rateLimitPlugin(deps: RateLimitDeps): Plugin {
  const perIp = limiter(deps.redis, "gw:rl:ip", deps.config.RATE_LIMIT_IP_PER_MINUTE);
  const perViewer = limiter(deps.redis, "gw:rl:viewer", deps.config.RATE_LIMIT_VIEWER_PER_MINUTE);
  return {
    async onParams({ request, context, setResult }) {
      const ip = deps.ipOf(request, context as ServerContext) ?? "unknown";
      // A bad token is answered by the context (UNAUTHENTICATED); here it counts as anonymous.
      const viewer = await deps.viewerOf(request).catch(() => null);
      try {
        await Promise.all([perIp.consume(ip), viewer ? perViewer.consume(viewer.id) : null]);
      } catch (e) {
        if (e instanceof RateLimiterRes) {
          setResult({ errors: [limited(Math.max(1, Math.ceil(e.msBeforeNext / 1000)))] });
          return;
        }
        // The limiter itself failed (not a refusal): serve the request rather than fail it.
        deps.log.warn({ err: (e as Error)?.message }, "rate limiter unavailable");
      }
    },
  };
}
