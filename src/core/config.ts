// Configuration: every environment variable the gateway reads, validated once at start-up.
// A bad value stops the process with one line naming the variable (see src/main.ts).
import { z } from "zod";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
    .optional()
    .transform((v) => (v === undefined ? fallback : ["true", "1", "yes", "on"].includes(v)));

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const decimalString = (fallback: string) =>
  z
    .string()
    .regex(/^\d+(\.\d{1,2})?$/, "expected a decimal amount like 1.00")
    .default(fallback);

const DEV_JWT_SECRET = "dev-only-insecure-secret-change-me-0123456789";

/** Every variable the gateway reads, with its type and default. */
export const configShape = z.object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    HOST: z.string().min(1).default("0.0.0.0"),
    PORT: int(4000, 0, 65535),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "expected a postgres:// or postgresql:// URL")
      .optional(),
    DATA_DIR: z.string().min(1).default(".data"),
    DB_POOL_MAX: int(10, 1, 200),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "expected a redis:// or rediss:// URL")
      .optional(),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    JWT_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
    ACCESS_TOKEN_TTL_SECONDS: int(900, 30, 86_400),
    REFRESH_TOKEN_TTL_DAYS: int(30, 1, 365),
    REFRESH_REUSE_GRACE_SECONDS: int(10, 0, 60),
    PUBLIC_APP_URL: z.string().regex(/^https?:\/\//, "expected an http:// or https:// URL").default("http://localhost:3000"),
    PASSWORD_RESET_TTL_MINUTES: int(60, 5, 1_440),
    EMAIL_VERIFICATION_TTL_HOURS: int(48, 1, 720),
    SIGNIN_MAX_FAILURES_PER_EMAIL: int(5, 1, 1_000),
    SIGNIN_MAX_FAILURES_PER_IP: int(50, 1, 100_000),
    SIGNIN_FAILURE_WINDOW_SECONDS: int(900, 60, 86_400),
    SIGNIN_LOCKOUT_BASE_SECONDS: int(30, 1, 3_600),
    SIGNIN_LOCKOUT_MAX_SECONDS: int(3_600, 1, 86_400),
    GRAPHIQL_ENABLED: z.enum(["true", "false", "1", "0"]).optional(),
    PERSISTED_OPERATIONS_ONLY: z.enum(["true", "false", "1", "0"]).optional(),
    SEED_ON_START: z.enum(["true", "false", "1", "0"]).optional(),
    MIGRATE_ON_START: bool(true),
    JOBS_SCHEDULER_ENABLED: bool(true),
    JOBS_INTERVAL_SECONDS: int(60, 1, 86_400),
    SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 120_000),
    STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(30),
    TIP_MIN_AMOUNT: decimalString("1.00"),
    TIP_MAX_AMOUNT: decimalString("500.00"),
    /** A payment still PENDING after this long fails (commerce.expire-pending-payments), releasing any held seat. */
    PAYMENT_PENDING_TTL_MINUTES: int(1440, 5, 43_200),
    SUBSCRIPTION_GRACE_DAYS: int(3, 0, 60),
    /** shared secret RevenueCat sends as the Authorization header of POST /webhooks/revenuecat */
    REVENUECAT_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    MAIL_TRANSPORT: z.enum(["log", "file", "smtp"]).default("log"),
    MAIL_FILE_DIR: z.string().default(".data/mail"),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "expected an smtp:// URL").optional(),
    MAIL_FROM: z.string().min(3).default("Creator Gateway <no-reply@localhost>"),
    MAIL_MAX_ATTEMPTS: int(5, 1, 50),
    FORM_SUBMISSIONS_PER_HOUR: int(5, 1, 100_000),
    MESSAGES_PER_HOUR: int(30, 1, 100_000),
    ANALYTICS_MAX_BATCH: int(100, 1, 10_000),
    ANALYTICS_MAX_RANGE_DAYS: int(366, 1, 3660),
    ANALYTICS_MAX_PROPERTIES_BYTES: int(4096, 64, 65_536),
    ANALYTICS_MAX_EVENT_AGE_HOURS: int(168, 1, 8760),
    ANALYTICS_MAX_CLOCK_SKEW_SECONDS: int(300, 0, 86_400),
    // Integrations and SEO (docs/integrations.md).
    SECRETS_DIR: z.string().min(1).default(".data/secrets"),
    PLATFORM_FIXTURES_DIR: z.string().min(1).default("fixtures/platforms"),
    PLATFORM_API_URLS: z
      .string()
      .regex(/^[a-z0-9_-]+=https?:\/\/[^,\s]+(,[a-z0-9_-]+=https?:\/\/[^,\s]+)*$/, "expected slug=https://url pairs separated by commas")
      .optional(),
    PLATFORM_SYNC_MAX_ITEMS: int(500, 1, 10_000),
    AI_API_BASE_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").optional(),
    AI_API_KEY: z.string().min(1).optional(),
    AI_MODEL: z.string().min(1).default("gpt-4o-mini"),
    AI_PROVIDER_SLUG: z.string().min(1).default("openai"),
    AI_TIMEOUT_MS: int(20_000, 100, 300_000),
    INDEXNOW_MODE: z.enum(["record", "http"]).default("record"),
    SEO_MAX_RETRIES: int(5, 0, 20),
    SEO_RETRY_BASE_SECONDS: int(60, 1, 86_400),
    /** Voice played instead of a premium voice-pack voice the listener does not own. */
    STORY_DEFAULT_VOICE_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, "expected a voice id").default("default"),
});

export const configSchema = configShape
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === "production" && !c.JWT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is required in production" });
    }
    if (c.MAIL_TRANSPORT === "smtp" && !c.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when MAIL_TRANSPORT=smtp" });
    }
    if (Number(c.TIP_MIN_AMOUNT) > Number(c.TIP_MAX_AMOUNT)) {
      ctx.addIssue({ code: "custom", path: ["TIP_MIN_AMOUNT"], message: "must not exceed TIP_MAX_AMOUNT" });
    }
  })
  .transform((c) => {
    const production = c.NODE_ENV === "production";
    const flag = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === "true" || v === "1");
    return {
      ...c,
      production,
      JWT_SECRET: c.JWT_SECRET ?? DEV_JWT_SECRET,
      graphiqlEnabled: flag(c.GRAPHIQL_ENABLED, !production),
      persistedOperationsOnly: flag(c.PERSISTED_OPERATIONS_ONLY, production),
      /** null: seed the embedded database on first start, never a DATABASE_URL one. */
      seedOnStart: c.SEED_ON_START === undefined ? null : c.SEED_ON_START === "true" || c.SEED_ON_START === "1",
    };
  });

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError whose message is one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  // Empty strings mean "not set" (docker-compose and CI often export VAR= ).
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = configSchema.safeParse(cleaned);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? "configuration");
    throw new ConfigError(`Invalid configuration: ${name} ${issue.message}`);
  }
  return parsed.data;
}

/** One line per variable: what it does. docs/configuration.md is generated from this and a test
 * fails when a variable of configSchema has no entry here. */
export const CONFIG_DOCS: Record<string, string> = {
  NODE_ENV: "`development` (default), `production` or `test`. Production turns GraphiQL off, persisted operations only on, and requires JWT_SECRET.",
  HOST: "Interface to listen on (default `0.0.0.0`).",
  PORT: "HTTP port (default `4000`; `0` picks a free one).",
  DATABASE_URL: "PostgreSQL URL. Unset: the embedded PGlite database in `DATA_DIR/pgdata`, migrated and seeded on first start.",
  DATA_DIR: "Where the embedded database (and file-transport mail) live (default `.data`).",
  DB_POOL_MAX: "Connections in the pg pool for a real PostgreSQL (default 10; the embedded database always uses 1).",
  REDIS_URL: "Redis URL. Set: rate-limit counters, persisted operations and caches are shared through Redis; unset: through the database's cache_store table.",
  LOG_LEVEL: "pino level: fatal, error, warn, info (default), debug, trace, silent. Logs are JSON with a request id.",
  JWT_SECRET: "HS256 secret for access tokens, at least 32 characters. Required in production; a fixed development secret otherwise.",
  PUBLIC_APP_URL: "Base URL of the web app, used to build links in e-mails (password reset, e-mail verification); default `http://localhost:3000`.",
  PASSWORD_RESET_TTL_MINUTES: "How long a password-reset link works (default 60).",
  EMAIL_VERIFICATION_TTL_HOURS: "How long an e-mail verification link works (default 48).",
  SIGNIN_MAX_FAILURES_PER_EMAIL: "Failed sign-ins per e-mail within the window before a lockout (default 5).",
  SIGNIN_MAX_FAILURES_PER_IP: "Failed sign-ins per IP within the window before a lockout (default 50).",
  SIGNIN_FAILURE_WINDOW_SECONDS: "The window failed sign-ins are counted in (default 900).",
  SIGNIN_LOCKOUT_BASE_SECONDS: "First lockout; each further lockout doubles it (default 30).",
  SIGNIN_LOCKOUT_MAX_SECONDS: "Longest lockout (default 3600).",
  ACCESS_TOKEN_TTL_SECONDS: "Access-token lifetime (default 900).",
  REFRESH_TOKEN_TTL_DAYS: "Refresh-token lifetime (default 30).",
  REFRESH_REUSE_GRACE_SECONDS: "A refresh token presented again within this many seconds of its rotation is a concurrent refresh (CONFLICT, the session lives on), not theft (default 10; 0 = every reuse revokes the session).",
  GRAPHIQL_ENABLED: "Serve GraphiQL at /graphql to browsers (default: on except in production).",
  PERSISTED_OPERATIONS_ONLY: "Refuse documents that are not persisted operations, except for admins (default: on in production only).",
  SEED_ON_START: "Seed demo data on start when the database is empty (default: on for the embedded database, off for DATABASE_URL).",
  MIGRATE_ON_START: "Apply pending migrations on start (default on).",
  JOBS_SCHEDULER_ENABLED: "Run the background jobs in-process on an interval (default on); `npm run jobs` runs them once.",
  JOBS_INTERVAL_SECONDS: "Scheduler tick (default 60).",
  SHUTDOWN_TIMEOUT_MS: "How long in-flight requests may take to finish on SIGTERM/SIGINT (default 10000).",
  STRIPE_SECRET_KEY: "Stripe secret key (sk_…). Unset: the local payment provider settles payments itself.",
  STRIPE_WEBHOOK_SECRET: "Signing secret (whsec_…) for POST /webhooks/stripe; unset: the endpoint answers 503.",
  REVENUECAT_WEBHOOK_SECRET: "Shared secret the RevenueCat webhook (POST /webhooks/revenuecat) must send as its Authorization header; unset: the endpoint answers 503.",
  PLATFORM_FEE_PERCENT: "Platform fee on creator content sales, in percent (default 30; platform content pays none).",
  PAYMENT_PENDING_TTL_MINUTES: "A payment still PENDING after this long is failed by a job, releasing any seat it held (default 1440).",
  TIP_MIN_AMOUNT: "Smallest tip (default 1.00).",
  TIP_MAX_AMOUNT: "Largest tip (default 500.00).",
  SUBSCRIPTION_GRACE_DAYS: "Days a PAST_DUE subscription keeps its entitlements (default 3).",
  MAIL_TRANSPORT: "`log` (default: written to the log), `file` (one .eml per mail in MAIL_FILE_DIR) or `smtp`.",
  MAIL_FILE_DIR: "Directory for the file mail transport (default `.data/mail`).",
  SMTP_URL: "smtp:// URL, required when MAIL_TRANSPORT=smtp.",
  ANALYTICS_MAX_BATCH: "Most events one trackEvents call may carry (default 100).",
  ANALYTICS_MAX_RANGE_DAYS: "Longest dashboard range in days (default 366).",
  ANALYTICS_MAX_PROPERTIES_BYTES: "Largest `properties` object of one tracked event, in bytes of JSON (default 4096).",
  ANALYTICS_MAX_EVENT_AGE_HOURS: "Events whose client time is older than this are rejected (default 168).",
  ANALYTICS_MAX_CLOCK_SKEW_SECONDS: "Events whose client time is further in the future than this are rejected (default 300).",
  MAIL_FROM: "From address of outgoing mail (default `Creator Gateway <no-reply@localhost>`).",
  MAIL_MAX_ATTEMPTS: "Delivery attempts before an outbox mail is marked FAILED (default 5; backoff 1, 2, 4… minutes).",
  FORM_SUBMISSIONS_PER_HOUR: "Public form submissions allowed per IP per hour (default 5).",
  MESSAGES_PER_HOUR: "Internal messages a user may send per hour (default 30).",
  STORY_DEFAULT_VOICE_ID: "Narrator voice used instead of a voice-pack voice the listener does not own (default `default`).",
  SECRETS_DIR: "Directory of the file secrets store behind vault references (default `.data/secrets`); `VAULT_<NAME>` env vars are read as a fallback.",
  PLATFORM_FIXTURES_DIR: "Fixture files the platform client reads when no platform API is configured (default `fixtures/platforms`).",
  PLATFORM_API_URLS: "Per-platform HTTP API base URLs, `slug=https://…` pairs separated by commas; a platform without one uses the fixture client.",
  PLATFORM_SYNC_MAX_ITEMS: "Most items one sync pulls (default 500).",
  AI_API_BASE_URL: "OpenAI-compatible API base URL; unset: the deterministic local keyword/TF-IDF analyser.",
  AI_API_KEY: "API key for AI_API_BASE_URL.",
  AI_MODEL: "Model name sent to the AI API (default `gpt-4o-mini`).",
  AI_PROVIDER_SLUG: "ai_provider slug the remote AI usage is billed to (default `openai`).",
  AI_TIMEOUT_MS: "Timeout of one AI request (default 20000).",
  INDEXNOW_MODE: "`record` (default: requests are recorded, stay PENDING) or `http` (sent to the search engine).",
  SEO_MAX_RETRIES: "How often a failed SEO submission is retried by the job (default 5).",
  SEO_RETRY_BASE_SECONDS: "First retry delay; doubles each attempt (default 60).",
};
