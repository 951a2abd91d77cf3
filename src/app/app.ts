// Builds the Yoga application: schema with shield applied, context per request, error masking,
// request ids and logs, GraphiQL with local assets, and the plain HTTP routes.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { GraphQLError } from "graphql";
import { PothosValidationError } from "@pothos/core";
import { createYoga, maskError as defaultMaskError, type Plugin } from "graphql-yoga";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import type { Redis } from "ioredis";
import type { AppConfig } from "../core/config.ts";
import type { Db } from "../db/client.ts";
import { resolveViewer } from "../domains/identity/viewer.ts";
import { httpRoutes, stripeHandlers } from "./domains.ts";
import { getSchema } from "./schema.ts";
import type { Context, ServerContext, Viewer } from "../core/context.ts";
import { appError, isAppError, isConnectivityError } from "../core/errors.ts";
import { graphiqlOptions } from "./graphiql.ts";
import type { Logger } from "../core/logger.ts";
import { coreRoutes } from "./routes.ts";
import type { HttpRoute } from "../core/http.ts";
import type { AppRuntime } from "./runtime.ts";
import { createServices } from "./services.ts";
import { type Services } from "../core/ports.ts";
import { stripeWebhookRoute } from "./webhooks.ts";
import { persistedOperationsPlugin } from "./persisted.ts";

export type { AppRuntime };

export interface AppDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
  redis?: Redis | null;
  databaseKind: "embedded" | "postgres";
  clock?: () => Date;
}

const requestStore = new AsyncLocalStorage<{ requestId: string }>();
const requestIds = new WeakMap<Request, string>();

function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (!id) {
    const incoming = request.headers.get("x-request-id");
    id = incoming && /^[A-Za-z0-9._-]{1,100}$/.test(incoming) ? incoming : randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

function clientIp(request: Request, serverContext: ServerContext): string | null {
  const forwarded = request.headers.get("x-forwarded-for");
  if (forwarded) return forwarded.split(",")[0].trim() || null;
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req;
  return req?.socket?.remoteAddress ?? null;
}

/** Request ids, access logs and the plain routes. */
function httpPlugin(runtime: AppRuntime, routes: HttpRoute<AppRuntime>[]): Plugin<Context> {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request, url, endResponse }) {
      const requestId = requestIdOf(request);
      started.set(request, performance.now());
      requestStore.enterWith({ requestId });
      const route = table.get(`${request.method} ${url.pathname}`);
      if (route) {
        return Promise.resolve(route.handler(request, runtime)).then((response) => {
          response.headers.set("x-request-id", requestId);
          endResponse(response);
        });
      }
    },
    onResponse({ request, response }) {
      const requestId = requestIdOf(request);
      response.headers.set("x-request-id", requestId);
      const t0 = started.get(request);
      const url = new URL(request.url);
      if (url.pathname === "/healthz" || url.pathname === "/readyz") return;
      runtime.log.info(
        { requestId, method: request.method, path: url.pathname, status: response.status, ms: t0 ? Math.round(performance.now() - t0) : undefined },
        "request completed",
      );
    },
  };
}

export function createApp(deps: AppDeps) {
  const redis = deps.redis ?? null;
  // Both the persisted-operations gate and the context need the viewer: one lookup per request.
  const viewers = new WeakMap<Request, Promise<Viewer | null>>();
  const runtime: AppRuntime = {
    viewerOf(request) {
      let viewer = viewers.get(request);
      if (!viewer) {
        viewer = resolveViewer(request.headers.get("authorization"), runtime.db.prisma, runtime.config.JWT_SECRET, runtime.services.clock());
        viewers.set(request, viewer);
      }
      return viewer;
    },
    config: deps.config,
    db: deps.db,
    log: deps.log,
    redis,
    services: createServices({ config: deps.config, db: deps.db, log: deps.log, redis, clock: deps.clock }),
    databaseKind: deps.databaseKind,
  };
  const { config, log } = runtime;

  const yoga = createYoga<ServerContext, Context>({
    schema: getSchema(),
    graphqlEndpoint: "/graphql",
    landingPage: false,
    logging: {
      debug: (...args) => log.debug(args.map(String).join(" ")),
      info: (...args) => log.info(args.map(String).join(" ")),
      warn: (...args) => log.warn(args.map(String).join(" ")),
      error: (...args) => log.error(args.map(String).join(" ")),
    },
    graphiql: config.graphiqlEnabled ? graphiqlOptions() : false,
    renderGraphiQL,
    maskedErrors: {
      maskError(error, message, isDev) {
        const original = error instanceof GraphQLError ? error.originalError ?? error : error;
        if (isAppError(original)) return error as Error;
        // Pothos rejects client input it validates itself (a global id of the wrong type, a bad
        // cursor, negative first/last): that is BAD_USER_INPUT, not an unexpected error.
        if (original instanceof PothosValidationError) {
          return new GraphQLError(original.message, { nodes: (error as GraphQLError).nodes, path: (error as GraphQLError).path, extensions: { code: "BAD_USER_INPUT" } });
        }
        if (isConnectivityError(original)) {
          log.error({ requestId: requestStore.getStore()?.requestId, err: (original as Error)?.message }, "database unreachable");
          return appError("SERVICE_UNAVAILABLE", "The database is unreachable right now; retry later.");
        }
        if (!(error instanceof GraphQLError) || error.originalError) {
          log.error({ requestId: requestStore.getStore()?.requestId, err: original }, "unexpected error");
        }
        return defaultMaskError(error, message, isDev);
      },
    },
    context: async ({ request, ...serverContext }): Promise<Context> => {
      const requestId = requestIdOf(request);
      const viewer = await runtime.viewerOf(request);
      return {
        requestId,
        ip: clientIp(request, serverContext as ServerContext),
        userAgent: request.headers.get("user-agent"),
        config,
        prisma: runtime.db.prisma,
        log: log.child({ requestId }),
        viewer,
        services: runtime.services,
        request,
      };
    },
    plugins: [httpPlugin(runtime, [...coreRoutes, stripeWebhookRoute(stripeHandlers), ...httpRoutes]), persistedOperationsPlugin(runtime)],
  });

  return { yoga, runtime };
}

export type App = ReturnType<typeof createApp>;
