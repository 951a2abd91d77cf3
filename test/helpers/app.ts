// The application under test: the real Yoga app (schema, shield, context, plugins) over a fresh
// database, driven through yoga.fetch in-process.
import { loadConfig, type AppConfig } from "../../src/config.ts";
import { createDb } from "../../src/db/client.ts";
import { signAccessToken } from "../../src/domains/identity/tokens.ts";
import { createApp } from "../../src/server/app.ts";
import { createLogger } from "../../src/server/logger.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

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

/**
 * Where every test clock starts unless the file picks its own instant (createTestApp({ clockStart }))
 * or the pinned-clock runs set TEST_CLOCK_START (jest.config.ts): a fixed instant, never the wall
 * clock, so no test depends on the day it runs.
 */
export const DEFAULT_TEST_CLOCK_START = new Date("2027-03-10T09:30:00.000Z");

export function testClockStart(fallback: Date = DEFAULT_TEST_CLOCK_START): Date {
  const pinned = process.env.TEST_CLOCK_START;
  if (!pinned) return fallback;
  const d = new Date(pinned);
  if (Number.isNaN(d.getTime())) throw new Error(`TEST_CLOCK_START is not an instant: ${pinned}`);
  return d;
}

/**
 * A clock tests can move: services read time from it, never from Date directly. It starts at a
 * fixed instant and then runs forward at the pace of real time (so consecutive writes still get
 * increasing timestamps); advance/set jump it, reset goes back to where the file started it.
 */
export class TestClock {
  private base: number;
  private readonly origin: number;
  private readonly startedAt = performance.now();
  constructor(start: Date = testClockStart()) {
    this.origin = start.getTime();
    this.base = this.origin;
  }
  private elapsed(): number {
    return Math.floor(performance.now() - this.startedAt);
  }
  now = (): Date => new Date(this.base + this.elapsed());
  advance(ms: number) {
    this.base += ms;
  }
  set(date: Date) {
    this.base = date.getTime() - this.elapsed();
  }
  /** Back to the file's starting instant (plus the real time elapsed since the app was created). */
  reset() {
    this.base = this.origin;
  }
}

export async function createTestApp(opts: { env?: Record<string, string>; database?: TestDatabase; clockStart?: Date } = {}) {
  // A caller-owned database (opts.database) is reused and left in place on close().
  const ownDatabase = !opts.database;
  const database = opts.database ?? (await createTestDatabase());
  const config: AppConfig = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    JWT_SECRET: TEST_JWT_SECRET,
    DATABASE_URL: database.url,
    JOBS_SCHEDULER_ENABLED: "false",
    ...opts.env,
  });
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? "silent");
  const db = createDb({ url: database.url, poolMax: database.poolMax });
  const clock = new TestClock(testClockStart(opts.clockStart));
  const { yoga, runtime } = createApp({ config, db, log, databaseKind: database.kind, clock: clock.now });

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
