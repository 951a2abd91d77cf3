// The application under test: the real Yoga app (schema, shield, context, plugins) over a fresh
// database, driven through yoga.fetch in-process.
import type { Redis } from "ioredis";
import { loadConfig, type AppConfig } from "../../src/core/config.ts";
import { createDb } from "../../src/db/client.ts";
import { signAccessToken } from "../../src/domains/identity/tokens.ts";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/core/logger.ts";
import { TestClock, testClockStart } from "./clock.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

/** The production operation limits (config defaults), for suites that test the limits themselves. */
export const PRODUCTION_LIMITS: Record<string, string> = {
  QUERY_MAX_DEPTH: "6",
  QUERY_MAX_ALIASES: "15",
  QUERY_MAX_DIRECTIVES: "50",
  QUERY_MAX_TOKENS: "1000",
  QUERY_MAX_COST: "5000",
};

export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123";

export interface GqlResult<T = any> {
  status: number;
  data: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  headers: Headers;
}

export interface GqlOptions {
  token?: string | null;
  headers?: Record<string, string>;
}

export { DEFAULT_TEST_CLOCK_START, TestClock, testClockStart } from "./clock.ts";

/**
 * Limits of the apps tests build: suites send hundreds of operations a minute from one address,
 * and domain suites send deep documents to count SQL statements; test/security runs with the
 * production limits (PRODUCTION_LIMITS below).
 */
export const TEST_LIMITS = {
  RATE_LIMIT_IP_PER_MINUTE: "1000000",
  RATE_LIMIT_VIEWER_PER_MINUTE: "1000000",
  QUERY_MAX_DEPTH: "20",
  QUERY_MAX_ALIASES: "200",
  QUERY_MAX_TOKENS: "20000",
  QUERY_MAX_COST: "10000000",
};

export async function createTestApp(opts: { env?: Record<string, string>; database?: TestDatabase; clockStart?: Date; redis?: Redis | null } = {}) {
  // A caller-owned database (opts.database) is reused and left in place on close().
  const ownDatabase = !opts.database;
  const database = opts.database ?? (await createTestDatabase());
  const config: AppConfig = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: database.url,
    JOBS_SCHEDULER_ENABLED: "false",
    // the database secret store's key, which production mode on PostgreSQL requires
    SECRETS_KEY: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    // yoga.fetch has no socket: tests stand behind one proxy and name their client in
    // X-Forwarded-For. `TRUST_PROXY: ""` (unset) tests the default, header ignored.
    TRUST_PROXY: "1",
    ...TEST_LIMITS,
    ...opts.env,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const db = createDb({ url: database.url, poolMax: database.poolMax, statementTimeoutMs: database.kind === "postgres" ? config.REQUEST_TIMEOUT_MS : undefined });
  const clock = new TestClock(testClockStart(opts.clockStart));
  const { yoga, runtime } = createApp({ config, db, log, redis: opts.redis ?? null, databaseKind: database.kind, clock: clock.now });

  async function gql<T = any>(query: string, variables?: Record<string, unknown>, options: GqlOptions = {}): Promise<GqlResult<T>> {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await yoga.fetch("http://test/graphql", { method: "POST", headers, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data: T; errors?: GqlResult["errors"] };
    return { status: res.status, data: body.data, errors: body.errors, headers: res.headers };
  }

  /** Asserts there are no errors and returns data. */
  async function ok<T = any>(query: string, variables?: Record<string, unknown>, options: GqlOptions = {}): Promise<T> {
    const r = await gql<T>(query, variables, options);
    if (r.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(r.errors, null, 2)}`);
    return r.data;
  }

  return {
    yoga,
    runtime,
    config,
    db,
    prisma: db.prisma,
    clock,
    kind: database.kind,
    gql,
    ok,
    token: (userId: string, sessionId: string | null = null) => signAccessToken({ userId, sessionId }, config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS, clock.now()),
    async close() {
      await db.close();
      if (ownDatabase) await database.drop();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** The `extensions.code` of the first error, for table-driven assertions. */
export function errorCode(r: GqlResult): string | undefined {
  return r.errors?.[0]?.extensions?.code;
}
