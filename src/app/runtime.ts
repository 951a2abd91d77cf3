// The process's runtime as the app's own routes and plugins see it (a type only: app.ts builds it).
import type { Redis } from "ioredis";
import type { RouteRuntime } from "../core/http.ts";
import type { Db } from "../db/client.ts";
import type { Metrics } from "./metrics.ts";

/** The process's runtime: what routes, jobs and webhook handlers get (core/http.ts, core/jobs.ts), plus the app's own pieces. */
export interface AppRuntime extends RouteRuntime {
  db: Db;
  redis: Redis | null;
  /** "embedded" (PGlite) or "postgres". */
  databaseKind: "embedded" | "postgres";
  /** Prometheus instruments (src/app/metrics.ts); null when METRICS_ENABLED=false. */
  metrics: Metrics | null;
}
