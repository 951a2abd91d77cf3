// Builds the Yoga application: schema with shield applied, context per request, error masking,
// request ids and logs, GraphiQL with local assets, and the plain HTTP routes.
import { randomUUID } from "node:crypto";
import { GraphQLError, assertValidSchema } from "graphql";
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
import { createMetrics, metricsPlugins, subscriptionMetricsPlugin, type Metrics } from "./metrics.ts";
import { createEventBus } from "./pubsub.ts";
import { createTracerProvider, tracingPlugins } from "./tracing.ts";
import type { TracerProvider } from "@opentelemetry/api";
import { countDeadJobs } from "../domains/audit/dead-jobs.ts";
import { bindEventBus } from "../core/tx.ts";
import { errorRequestIdPlugin, requestIdOfError, tagError } from "./error-request-ids.ts";
import { protectionPlugins } from "./protection.ts";
import { clientAddress, type TrustProxy } from "../core/client-ip.ts";
import { isStatementTimeout, timeoutError } from "./timeout.ts";

export type { AppRuntime };

export interface AppDeps {
  config: AppConfig;
  db: Db;
  log: Logger;
  redis?: Redis | null;
  databaseKind: "embedded" | "postgres";
  clock?: () => Date;
  /** Tests pass one with an in-memory exporter; otherwise built from OTEL_EXPORTER_OTLP_ENDPOINT (unset: no tracing). */
  tracerProvider?: TracerProvider | null;
}

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

/** The client IP for limits and audit: X-Forwarded-For only through TRUST_PROXY (src/core/client-ip.ts). */
export function clientIp(request: Request, serverContext: ServerContext, trust: TrustProxy): string | null {
  const req = (serverContext as { req?: { socket?: { remoteAddress?: string } } }).req;
  return clientAddress(req?.socket?.remoteAddress ?? null, request.headers.get("x-forwarded-for"), trust);
}

/** Request ids, access logs and the plain routes. */
function httpPlugin(runtime: AppRuntime, routes: HttpRoute<AppRuntime>[]): Plugin<Context> {
  const table = new Map(routes.map((r) => [`${r.method} ${r.path}`, r]));
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request, url, endResponse }) {
      const requestId = requestIdOf(request);
      started.set(request, performance.now());
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
  const tracerProvider =
    deps.tracerProvider ?? (deps.config.OTEL_EXPORTER_OTLP_ENDPOINT ? createTracerProvider({ endpoint: deps.config.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: deps.config.OTEL_SERVICE_NAME }) : null);
  const events = createEventBus({ redis, prefix: deps.config.EVENTS_CHANNEL_PREFIX, log: deps.log });
  bindEventBus(deps.db.prisma, events.bus);
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
    services: createServices({ config: deps.config, db: deps.db, log: deps.log, redis, clock: deps.clock, events: events.bus, databaseKind: deps.databaseKind }),
    databaseKind: deps.databaseKind,
    metrics: deps.config.METRICS_ENABLED ? createMetrics({ pool: deps.db.pool, processMetrics: deps.config.NODE_ENV !== "test", deadJobs: () => countDeadJobs(deps.db.prisma) }) : null,
  };
  const { config, log } = runtime;
  const protection = protectionPlugins(runtime, (request, serverContext) => clientIp(request, serverContext, runtime.config.trustProxy));

  // Validated once here rather than by the first request's validation (seconds on a cold start).
  const schema = getSchema();
  assertValidSchema(schema);
  const yoga = createYoga<ServerContext, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    maxRequestBodySize: config.MAX_REQUEST_BYTES,
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
        if (isStatementTimeout(original)) return timeoutError(config.REQUEST_TIMEOUT_MS);
        if (isConnectivityError(original)) {
          log.error({ requestId: requestIdOfError(error), err: (original as Error)?.message }, "database unreachable");
          return appError("SERVICE_UNAVAILABLE", "The database is unreachable right now; retry later.");
        }
        if (!(error instanceof GraphQLError) || error.originalError) {
          log.error({ requestId: requestIdOfError(error), err: original }, "unexpected error");
        }
        return defaultMaskError(error, message, isDev);
      },
    },
    context: async ({ request, ...serverContext }): Promise<Context> => {
      const requestId = requestIdOf(request);
      let viewer: Viewer | null;
      try {
        viewer = await runtime.viewerOf(request);
      } catch (e) {
        tagError(e, requestId);
        throw e;
      }
      return {
        requestId,
        ip: clientIp(request, serverContext as ServerContext, config.trustProxy),
        userAgent: request.headers.get("user-agent"),
        config,
        prisma: runtime.db.prisma,
        log: log.child({ requestId }),
        viewer,
        services: runtime.services,
        request,
      };
    },
    plugins: [
      ...(protection.beforeRoutes as Plugin<Context>[]),
      httpPlugin(runtime, [...coreRoutes, stripeWebhookRoute(stripeHandlers), stripeWebhookRoute(stripeHandlers, { connect: true }), ...httpRoutes]),
      persistedOperationsPlugin(runtime),
      ...(protection.operations as Plugin<Context>[]),
      errorRequestIdPlugin(),
      ...(runtime.metrics ? [...metricsPlugins(runtime.metrics, { token: config.METRICS_TOKEN }), subscriptionMetricsPlugin(runtime.metrics)] : []),
      ...(tracerProvider ? tracingPlugins(tracerProvider, config.OTEL_SERVICE_NAME) : []),
    ],
  });

  /** Closes what the app opened itself (the Redis subscriber connection); the caller closes db and redis. */
  const close = async () => {
    await events.close();
    await (tracerProvider as { shutdown?: () => Promise<void> } | null)?.shutdown?.().catch(() => undefined);
  };
  return { yoga, runtime, close };
}

export type App = ReturnType<typeof createApp>;
