// The app's own plain endpoints: /healthz and /readyz (the route type is src/core/http.ts).
import { json, type HttpRoute } from "../core/http.ts";
import type { AppRuntime } from "./runtime.ts";

export const coreRoutes: HttpRoute<AppRuntime>[] = [
  {
    method: "GET",
    path: "/healthz",
    handler: () => json(200, { status: "ok" }),
  },
  {
    method: "GET",
    path: "/readyz",
    handler: async (_req, rt) => {
      try {
        await rt.db.ping();
        const client = await rt.db.pool.connect();
        let pending: string[];
        try {
          const { pendingMigrations } = await import("../db/migrate.ts");
          pending = await pendingMigrations(client);
        } finally {
          client.release();
        }
        const redis = await redisState(rt);
        if (pending.length) return json(503, { status: "not ready", database: "up", ...redis, pendingMigrations: pending });
        return json(200, { status: "ready", database: "up", migrations: "applied", ...redis });
      } catch (e) {
        rt.log.warn({ err: (e as Error).message }, "readiness check failed");
        return json(503, { status: "not ready", database: "down", ...(await redisState(rt)) });
      }
    },
  },
];

/**
 * Redis, when configured: "up" or "down". Down is reported but keeps the instance ready: limits,
 * persisted operations and caches fall back to the database store meanwhile.
 */
async function redisState(rt: AppRuntime): Promise<{ redis?: "up" | "down" }> {
  if (!rt.redis) return {};
  if (rt.redis.status !== "ready") return { redis: "down" };
  try {
    const pong = await Promise.race([rt.redis.ping(), new Promise<string>((resolve) => setTimeout(() => resolve("timeout"), 500).unref())]);
    return { redis: pong === "PONG" ? "up" : "down" };
  } catch {
    return { redis: "down" };
  }
}
