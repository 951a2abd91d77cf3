// Plain HTTP endpoints beside /graphql (health, readiness, webhooks). Domains export theirs as
// `routes` from their index; they are served through Yoga's fetch handler, so tests reach them
// with yoga.fetch exactly like GraphQL.
import type { AppRuntime } from "./app.ts";

export interface HttpRoute {
  method: "GET" | "POST";
  path: string;
  handler: (request: Request, runtime: AppRuntime) => Promise<Response> | Response;
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...headers } });

export const coreRoutes: HttpRoute[] = [
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
        if (pending.length) return json(503, { status: "not ready", database: "up", pendingMigrations: pending });
        return json(200, { status: "ready", database: "up", migrations: "applied" });
      } catch (e) {
        rt.log.warn({ err: (e as Error).message }, "readiness check failed");
        return json(503, { status: "not ready", database: "down" });
      }
    },
  },
];
