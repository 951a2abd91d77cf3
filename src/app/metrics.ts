// Prometheus metrics (docs/operations.md lists them). The GraphQL and HTTP metrics come from
// @graphql-yoga/plugin-prometheus (@envelop/prometheus over prom-client); the gateway adds what
// only it knows: errors per extensions.code, the database pool, background jobs and live
// subscriptions. One registry per app (not prom-client's global one), so two apps in one process
// (tests) never share counters. METRICS_ENABLED=false removes the plugin and the endpoint;
// METRICS_TOKEN, when set, is the bearer token GET /metrics requires.
import { timingSafeEqual } from "node:crypto";
import { GraphQLError, type DocumentNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import { createCounter, createHistogram, usePrometheus } from "@graphql-yoga/plugin-prometheus";
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type pg from "pg";

export interface Metrics {
  registry: Registry;
  jobRuns: Counter<"job" | "outcome">;
  jobDuration: Histogram<"job">;
  /** Seconds between when a job was due and when it started (graphile-worker's run_at → start). */
  jobLag: Histogram<"job">;
  /** Jobs that exhausted their attempts and sit in the dead-letter view. */
  jobsDead: Gauge<"job">;
  subscriptionsActive: Gauge<"topic">;
}

/** The label an operation name gets: client-chosen names are bounded so they cannot flood the registry. */
const MAX_OPERATION_NAMES = 500;
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
function operationLabel(seen: Set<string>, name: string | undefined | null): string {
  if (!name) return "anonymous";
  if (!NAME_RE.test(name)) return "invalid";
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_NAMES) return "other";
  seen.add(name);
  return name;
}

/** The stable code of an error (docs/errors.md); errors without one are the masked unexpected kind. */
export function errorCodeOf(error: unknown, phase?: string): string {
  const code = error instanceof GraphQLError ? error.extensions?.code : (error as { extensions?: { code?: unknown } })?.extensions?.code;
  if (typeof code === "string" && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code;
  if (phase === "parse") return "GRAPHQL_PARSE_FAILED";
  if (phase === "validate") return "GRAPHQL_VALIDATION_FAILED";
  return "INTERNAL_SERVER_ERROR";
}

export function createMetrics(
  opts: { pool?: pg.Pool | null; processMetrics?: boolean; deadJobs?: () => Promise<{ task: string; count: number }[]> } = {},
): Metrics {
  const registry = new Registry();
  if (opts.processMetrics) collectDefaultMetrics({ register: registry, prefix: "gateway_" });
  const pool = opts.pool;
  if (pool) {
    new Gauge({
      name: "gateway_db_pool_connections",
      help: "Connections of the PostgreSQL pool by state (total, idle, in use)",
      labelNames: ["state"],
      registers: [registry],
      collect() {
        this.set({ state: "total" }, pool.totalCount);
        this.set({ state: "idle" }, pool.idleCount);
        this.set({ state: "in_use" }, pool.totalCount - pool.idleCount);
      },
    });
    new Gauge({
      name: "gateway_db_pool_waiting",
      help: "Queries waiting for a free pooled connection",
      registers: [registry],
      collect() {
        this.set(pool.waitingCount);
      },
    });
    new Gauge({
      name: "gateway_db_pool_max",
      help: "Size limit of the PostgreSQL pool",
      registers: [registry],
      collect() {
        this.set(pool.options.max ?? 10);
      },
    });
  }
  return {
    registry,
    jobRuns: new Counter({ name: "gateway_job_runs_total", help: "Background job runs by outcome (ok, failed)", labelNames: ["job", "outcome"], registers: [registry] }),
    jobDuration: new Histogram({
      name: "gateway_job_duration_seconds",
      help: "Duration of background job runs",
      labelNames: ["job"],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    jobLag: new Histogram({
      name: "gateway_job_lag_seconds",
      help: "Delay between a job being due and starting",
      labelNames: ["job"],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers: [registry],
    }),
    jobsDead: new Gauge({
      name: "gateway_jobs_dead",
      help: "Jobs that exhausted their attempts (dead letters in graphile_worker.jobs, all instances), by task",
      labelNames: ["job"],
      registers: [registry],
      async collect() {
        if (!opts.deadJobs) return;
        this.reset();
        try {
          for (const r of await opts.deadJobs()) this.set({ job: r.task }, r.count);
        } catch {
          // the database is down: /metrics still answers; gateway_db_pool_* and errors show it
        }
      },
    }),
    subscriptionsActive: new Gauge({ name: "gateway_subscriptions_active", help: "Open GraphQL subscriptions on this instance, by topic", labelNames: ["topic"], registers: [registry] }),
  };
}

function bearerMatches(request: Request, token: string): boolean {
  const header = request.headers.get("authorization") ?? "";
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : "");
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * The Yoga plugins: request count and duration per operation (name, type), phase timings, HTTP
 * duration, errors per extensions.code; and GET /metrics (guarded by METRICS_TOKEN when set).
 */
export function metricsPlugins(metrics: Metrics, opts: { token?: string | null; endpoint?: string } = {}): Plugin[] {
  const registry = metrics.registry;
  const endpoint = opts.endpoint ?? "/metrics";
  const names = new Set<string>();
  const opLabels = (params: { operationName?: string; operationType?: string }) => ({
    operationName: operationLabel(names, params.operationName),
    operationType: params.operationType ?? "unknown",
  });
  const serve: Plugin = {
    onRequest({ request, url, endResponse }) {
      if (url.pathname !== endpoint) return;
      if (request.method !== "GET") {
        endResponse(new Response(null, { status: 405, headers: { allow: "GET" } }));
        return;
      }
      if (opts.token && !bearerMatches(request, opts.token)) {
        endResponse(new Response("unauthorized\n", { status: 401, headers: { "www-authenticate": "Bearer" } }));
        return;
      }
      return registry.metrics().then((body) => endResponse(new Response(body, { status: 200, headers: { "content-type": registry.contentType } })));
    },
  };
  return [
    serve,
    usePrometheus({
      registry,
      endpoint: false,
      skipIntrospection: true,
      labels: { url: false, method: true, statusCode: true },
      metrics: {
        graphql_envelop_request: createCounter({
          registry,
          counter: { name: "graphql_envelop_request", help: "GraphQL operations executed (including subscriptions)", labelNames: ["operationName", "operationType"] },
          fillLabelsFn: opLabels,
        }),
        graphql_envelop_request_duration: createHistogram({
          registry,
          histogram: {
            name: "graphql_envelop_request_duration",
            help: "Time to execute a GraphQL operation, per operation name",
            labelNames: ["operationName", "operationType"],
            buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          },
          fillLabelsFn: opLabels,
        }),
        graphql_envelop_phase_parse: true,
        graphql_envelop_phase_validate: true,
        graphql_envelop_phase_context: true,
        graphql_envelop_phase_execute: createHistogram({
          registry,
          histogram: { name: "graphql_envelop_phase_execute", help: "Time spent in the execute phase", labelNames: ["operationName", "operationType"] },
          fillLabelsFn: opLabels,
        }),
        graphql_envelop_error_result: createCounter({
          registry,
          counter: {
            name: "graphql_envelop_error_result",
            help: "GraphQL errors in responses, per extensions.code and phase",
            labelNames: ["operationName", "operationType", "code", "phase"],
          },
          fillLabelsFn: (params) => ({
            ...opLabels(params),
            code: errorCodeOf(params.error, params.errorPhase),
            phase: params.errorPhase ?? "unknown",
          }),
        }),
        graphql_yoga_http_duration: true,
      },
    }) as Plugin,
  ];
}

/** gateway_subscriptions_active{topic}: +1 when a subscription's stream starts, -1 when it ends (client gone, completed, error). */
export function subscriptionMetricsPlugin(metrics: Metrics): Plugin {
  return {
    onSubscribe({ args }) {
      const op = (args.document as DocumentNode).definitions.find((d) => d.kind === "OperationDefinition");
      const first = op && "selectionSet" in op ? op.selectionSet.selections[0] : undefined;
      const topic = first && first.kind === "Field" ? first.name.value : "unknown";
      return {
        onSubscribeResult({ result }) {
          if (!result || typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] !== "function") return;
          metrics.subscriptionsActive.inc({ topic });
          let ended = false;
          return {
            onEnd() {
              if (ended) return;
              ended = true;
              metrics.subscriptionsActive.dec({ topic });
            },
          };
        },
      };
    },
  };
}
