// Configuration: every environment variable the gateway reads, validated once at start-up.
// A bad value stops the process with one line naming the variable (see src/main.ts).
import { z } from "zod";
import { parseTrustProxy } from "./client-ip.ts";

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
    DB_PLAN_CACHE_SIZE: int(500, 0, 100_000),
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
    JOBS_QUEUE: z.enum(["graphile", "inprocess"]).optional(),
    JOBS_CONCURRENCY: int(2, 1, 50),
    JOBS_MAX_ATTEMPTS: int(5, 1, 25),
    JOBS_BACKFILL_SECONDS: int(0, 0, 7 * 86_400),
    SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 120_000),
    WEB_CONCURRENCY: int(0, 0, 64),
    STRIPE_SECRET_KEY: z.string().startsWith("sk_").optional(),
    STRIPE_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    PLATFORM_FEE_PERCENT: z.coerce.number().min(0).max(100).default(30),
    TIP_MIN_AMOUNT: decimalString("1.00"),
    TIP_MAX_AMOUNT: decimalString("500.00"),
    /** A payment still PENDING after this long fails (commerce.expire-pending-payments), releasing any held seat. */
    PAYMENT_PENDING_TTL_MINUTES: int(1440, 5, 43_200),
    SUBSCRIPTION_GRACE_DAYS: int(3, 0, 60),
    /** Creator earnings are paid out (commerce.creator-payouts) once this many days old, the refund window. */
    PAYOUT_HOLD_DAYS: int(7, 0, 90),
    /** Signing secret of the Stripe Connect webhook endpoint (POST /webhooks/stripe/connect: account.updated). */
    STRIPE_CONNECT_WEBHOOK_SECRET: z.string().startsWith("whsec_").optional(),
    /** Purchases, tips, subscriptions and bookings need a verified e-mail address (seed 003). */
    PURCHASE_REQUIRES_VERIFIED_EMAIL: bool(true),
    /** shared secret RevenueCat sends as the Authorization header of POST /webhooks/revenuecat */
    REVENUECAT_WEBHOOK_SECRET: z.string().min(16, "must be at least 16 characters").optional(),
    MAIL_TRANSPORT: z.enum(["log", "file", "smtp"]).default("log"),
    MAIL_FILE_DIR: z.string().default(".data/mail"),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "expected an smtp:// URL").optional(),
    MAIL_FROM: z.string().min(3).default("Creator Gateway <no-reply@localhost>"),
    MAIL_MAX_ATTEMPTS: int(5, 1, 50),
    /** Verification key (base64 DER or PEM) of the SendGrid Event Webhook, POST /webhooks/email/sendgrid. */
    SENDGRID_WEBHOOK_PUBLIC_KEY: z.string().min(40, "expected the verification key from SendGrid's Event Webhook settings").optional(),
    MAIL_WEBHOOK_TOLERANCE_SECONDS: int(300, 10, 86_400),
    FORM_SUBMISSIONS_PER_HOUR: int(5, 1, 100_000),
    MESSAGES_PER_HOUR: int(30, 1, 100_000),
    ANALYTICS_MAX_BATCH: int(100, 1, 10_000),
    ANALYTICS_MAX_RANGE_DAYS: int(366, 1, 3660),
    ANALYTICS_MAX_PROPERTIES_BYTES: int(4096, 64, 65_536),
    ANALYTICS_MAX_EVENT_AGE_HOURS: int(168, 1, 8760),
    ANALYTICS_MAX_CLOCK_SKEW_SECONDS: int(300, 0, 86_400),
    // Integrations and SEO (docs/integrations.md).
    SECRETS_DIR: z.string().min(1).default(".data/secrets"),
    SECRETS_STORE: z.enum(["file", "database"]).optional(),
    SECRETS_KEY: z.string().optional(),
    SECRETS_PREVIOUS_KEYS: z.string().optional(),
    PLATFORM_FIXTURES_DIR: z.string().min(1).default("fixtures/platforms"),
    PLATFORM_API_URLS: z
      .string()
      .regex(/^[a-z0-9_-]+=https?:\/\/[^,\s]+(,[a-z0-9_-]+=https?:\/\/[^,\s]+)*$/, "expected slug=https://url pairs separated by commas")
      .optional(),
    PLATFORM_SYNC_MAX_ITEMS: int(500, 1, 10_000),
    /** OAuth authorization-code flow per platform (integrations/oauth.ts): where the platform sends the browser back. */
    OAUTH_REDIRECT_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").default("http://localhost:4000/oauth/callback"),
    OAUTH_STATE_TTL_SECONDS: int(600, 60, 3600),
    OAUTH_REFRESH_BEFORE_SECONDS: int(900, 60, 86_400),
    OAUTH_YOUTUBE_CLIENT_ID: z.string().min(1).optional(),
    OAUTH_YOUTUBE_CLIENT_SECRET: z.string().min(1).optional(),
    OAUTH_YOUTUBE_AUTHORIZE_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").default("https://accounts.google.com/o/oauth2/v2/auth"),
    OAUTH_YOUTUBE_TOKEN_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").default("https://oauth2.googleapis.com/token"),
    OAUTH_YOUTUBE_SCOPES: z.string().min(1).default("https://www.googleapis.com/auth/youtube.readonly"),
    OAUTH_TIKTOK_CLIENT_ID: z.string().min(1).optional(),
    OAUTH_TIKTOK_CLIENT_SECRET: z.string().min(1).optional(),
    OAUTH_TIKTOK_AUTHORIZE_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").default("https://www.tiktok.com/v2/auth/authorize/"),
    OAUTH_TIKTOK_TOKEN_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").default("https://open.tiktokapis.com/v2/oauth/token/"),
    OAUTH_TIKTOK_SCOPES: z.string().min(1).default("user.info.basic,video.list"),
    AI_API_BASE_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").optional(),
    AI_API_KEY: z.string().min(1).optional(),
    AI_MODEL: z.string().min(1).default("gpt-4o-mini"),
    AI_PROVIDER_SLUG: z.string().min(1).default("openai"),
    AI_TIMEOUT_MS: int(20_000, 100, 300_000),
    INDEXNOW_MODE: z.enum(["record", "http"]).default("record"),
    SEO_MAX_RETRIES: int(5, 0, 20),
    SEO_RETRY_BASE_SECONDS: int(60, 1, 86_400),
    // Media uploads (docs/configuration.md).
    MEDIA_STORAGE: z.enum(["local", "s3"]).default("local"),
    MEDIA_DIR: z.string().min(1).default(".data/media"),
    MEDIA_PUBLIC_URL: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").default("http://localhost:4000"),
    MEDIA_URL_TTL_SECONDS: int(900, 10, 604_800),
    MEDIA_MAX_UPLOAD_BYTES: int(524_288_000, 1, 5_368_709_120),
    S3_BUCKET: z.string().min(3).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    S3_ENDPOINT: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").optional(),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Voice played instead of a premium voice-pack voice the listener does not own. */
    // Operations (docs/operations.md).
    METRICS_ENABLED: bool(true),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().regex(/^https?:\/\//, "expected an http(s):// URL").optional(),
    OTEL_SERVICE_NAME: z.string().min(1).max(100).default("creator-gateway"),
    EVENTS_CHANNEL_PREFIX: z.string().regex(/^[A-Za-z0-9:_.-]{0,64}$/, "expected up to 64 letters, digits, : _ . -").default("gw:events:"),
    LIVE_LISTENER_WINDOW_SECONDS: int(300, 10, 86_400),
    LIVE_LISTENER_REFRESH_SECONDS: int(30, 1, 3_600),
    METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
    // Operation limits and abuse protection (docs/security.md). Defaults are graphql-armor's or stricter.
    MAX_REQUEST_BYTES: int(1_048_576, 1_024, 16_777_216),
    QUERY_MAX_TOKENS: int(1_000, 10, 100_000),
    QUERY_MAX_DEPTH: int(6, 1, 100),
    QUERY_MAX_ALIASES: int(15, 0, 10_000),
    QUERY_MAX_DIRECTIVES: int(50, 0, 10_000),
    QUERY_MAX_COST: int(5_000, 10, 10_000_000),
    QUERY_DEFAULT_LIST_SIZE: int(20, 1, 1_000),
    QUERY_MAX_PAGE_SIZE: int(100, 1, 1_000),
    QUERY_MAX_NODE_IDS: int(100, 1, 1_000),
    INTROSPECTION_ENABLED: z.enum(["true", "false", "1", "0"]).optional(),
    FIELD_SUGGESTIONS_ENABLED: z.enum(["true", "false", "1", "0"]).optional(),
    TRUST_PROXY: z
      .string()
      .superRefine((v, ctx) => {
        try {
          parseTrustProxy(v);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `expected a hop count (e.g. 1) or a comma-separated list of IPs/CIDRs: ${(e as Error).message}` });
        }
      })
      .optional(),
    RATE_LIMIT_IP_PER_MINUTE: int(600, 1, 1_000_000),
    RATE_LIMIT_VIEWER_PER_MINUTE: int(300, 1, 1_000_000),
    REQUEST_TIMEOUT_MS: int(10_000, 100, 300_000),
    STORY_DEFAULT_VOICE_ID: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, "expected a voice id").default("default"),
});

export const configSchema = configShape
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === "production" && !c.JWT_SECRET) {
      ctx.addIssue({ code: "custom", path: ["JWT_SECRET"], message: "is required in production" });
    }
    if (c.MEDIA_STORAGE === "s3" && !c.S3_BUCKET) {
      ctx.addIssue({ code: "custom", path: ["S3_BUCKET"], message: "is required when MEDIA_STORAGE=s3" });
    }
    if (c.MAIL_TRANSPORT === "smtp" && !c.SMTP_URL) {
      ctx.addIssue({ code: "custom", path: ["SMTP_URL"], message: "is required when MAIL_TRANSPORT=smtp" });
    }
    for (const [name, value] of [["SECRETS_KEY", c.SECRETS_KEY], ...(c.SECRETS_PREVIOUS_KEYS ?? "").split(",").filter(Boolean).map((v) => ["SECRETS_PREVIOUS_KEYS", v])] as const) {
      if (value === undefined) continue;
      const t = value.trim();
      const bytes = /^[0-9a-fA-F]{64}$/.test(t) ? 32 : /^[A-Za-z0-9+/]{43}=?$/.test(t) ? Buffer.from(t, "base64").length : 0;
      if (bytes !== 32) ctx.addIssue({ code: "custom", path: [name], message: "must be a 32-byte key: 64 hex characters or base64" });
    }
    if (c.NODE_ENV === "production" && c.SECRETS_STORE !== "file" && c.DATABASE_URL && !c.SECRETS_KEY) {
      ctx.addIssue({ code: "custom", path: ["SECRETS_KEY"], message: "is required in production with DATABASE_URL (the database secret store); or set SECRETS_STORE=file" });
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
      trustProxy: parseTrustProxy(c.TRUST_PROXY),
      introspectionEnabled: flag(c.INTROSPECTION_ENABLED, !production),
      fieldSuggestionsEnabled: flag(c.FIELD_SUGGESTIONS_ENABLED, !production),
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
  DB_PLAN_CACHE_SIZE: "Compiled query plans of read queries kept per process (default 500, `0` turns the cache off): a read repeated with the same arguments skips Prisma's query compiler (src/db/plan-cache.ts).",
  REDIS_URL: "Redis URL. Set: rate-limit counters, persisted operations and caches are shared through Redis, falling back to the database's cache_store table while Redis is unreachable (/readyz reports `redis`); unset: through cache_store, and the operation rate limits count per process.",
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
  JOBS_SCHEDULER_ENABLED: "Run the background jobs in this process (default on): the graphile-worker queue or the in-process timer (JOBS_QUEUE). Off on web-only instances when a separate `npm run worker` runs them; `npm run jobs` runs each once.",
  JOBS_INTERVAL_SECONDS: "Tick of the in-process scheduler (default 60).",
  JOBS_QUEUE: "`graphile` (graphile-worker on PostgreSQL: cron slots run once across all instances, retries with backoff, dead letters) or `inprocess` (a timer per process). Default: `graphile` with DATABASE_URL, `inprocess` on the embedded database.",
  JOBS_CONCURRENCY: "Jobs one graphile-worker process runs at once (default 2).",
  JOBS_MAX_ATTEMPTS: "Attempts before a failing job becomes a dead letter (default 5; backoff exp(attempt) seconds).",
  JOBS_BACKFILL_SECONDS: "On worker start, schedule cron slots missed within this many seconds (default 0: none).",
  SHUTDOWN_TIMEOUT_MS: "How long in-flight requests may take to finish on SIGTERM/SIGINT (default 10000).",
  WEB_CONCURRENCY: "Server processes `npm start` runs on PostgreSQL (node:cluster workers sharing the port). 0 (default): one per core in production, 1 otherwise. The embedded database always runs one process.",
  STRIPE_SECRET_KEY: "Stripe secret key (sk_…). Unset: the local payment provider settles payments itself.",
  STRIPE_WEBHOOK_SECRET: "Signing secret (whsec_…) for POST /webhooks/stripe; unset: the endpoint answers 503.",
  REVENUECAT_WEBHOOK_SECRET: "Shared secret the RevenueCat webhook (POST /webhooks/revenuecat) must send as its Authorization header; unset: the endpoint answers 503.",
  PLATFORM_FEE_PERCENT: "Platform fee on creator content sales, in percent (default 30; platform content pays none).",
  PAYMENT_PENDING_TTL_MINUTES: "A payment still PENDING after this long is failed by a job, releasing any seat it held (default 1440).",
  TIP_MIN_AMOUNT: "Smallest tip (default 1.00).",
  TIP_MAX_AMOUNT: "Largest tip (default 500.00).",
  SUBSCRIPTION_GRACE_DAYS: "Days a PAST_DUE subscription keeps its entitlements (default 3).",
  PAYOUT_HOLD_DAYS: "Creator earnings are transferred to the creator's Connect account once they are this many days old (default 7: the refund window).",
  STRIPE_CONNECT_WEBHOOK_SECRET: "Signing secret (whsec_…) of the Stripe Connect endpoint POST /webhooks/stripe/connect (account.updated for creators' accounts); unset: that endpoint answers 503.",
  PURCHASE_REQUIRES_VERIFIED_EMAIL: "Purchases, tips, subscriptions and bookings need a verified e-mail address: FORBIDDEN (EMAIL_NOT_VERIFIED) otherwise (default true; seed 003).",
  SENDGRID_WEBHOOK_PUBLIC_KEY: "Verification key of SendGrid's signed Event Webhook (Mail Settings → Event Webhook → Signature Verification) for POST /webhooks/email/sendgrid, which records DELIVERED / BOUNCED on the outbox; unset: that endpoint answers 503.",
  MAIL_WEBHOOK_TOLERANCE_SECONDS: "A signed mail-provider webhook whose timestamp is further than this from the server's clock is refused (default 300): an old request replayed does not verify.",
  OAUTH_REDIRECT_URL: "The OAuth callback the platforms redirect to: this API's GET /oauth/callback as the platform app registered it (default http://localhost:4000/oauth/callback).",
  OAUTH_STATE_TTL_SECONDS: "How long a started OAuth connection (state + PKCE verifier) may take to come back (default 600).",
  OAUTH_REFRESH_BEFORE_SECONDS: "The token-refresh job renews an OAuth access token this long before it expires (default 900).",
  OAUTH_YOUTUBE_CLIENT_ID: "OAuth client id of the YouTube (Google) app; unset: YouTube connects only with a pasted token (connectPlatform).",
  OAUTH_YOUTUBE_CLIENT_SECRET: "OAuth client secret of the YouTube (Google) app.",
  OAUTH_YOUTUBE_AUTHORIZE_URL: "Google's authorization endpoint (default https://accounts.google.com/o/oauth2/v2/auth).",
  OAUTH_YOUTUBE_TOKEN_URL: "Google's token endpoint (default https://oauth2.googleapis.com/token).",
  OAUTH_YOUTUBE_SCOPES: "Space- or comma-separated scopes asked of YouTube (default youtube.readonly).",
  OAUTH_TIKTOK_CLIENT_ID: "TikTok app's client key; unset: TikTok connects only with a pasted token.",
  OAUTH_TIKTOK_CLIENT_SECRET: "TikTok app's client secret.",
  OAUTH_TIKTOK_AUTHORIZE_URL: "TikTok's authorization endpoint (default https://www.tiktok.com/v2/auth/authorize/).",
  OAUTH_TIKTOK_TOKEN_URL: "TikTok's token endpoint (default https://open.tiktokapis.com/v2/oauth/token/).",
  OAUTH_TIKTOK_SCOPES: "Comma-separated scopes asked of TikTok (default user.info.basic,video.list).",
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
  EVENTS_CHANNEL_PREFIX: "Prefix of the Redis pub/sub channels subscription events travel on (default `gw:events:`); instances of one deployment share it, deployments sharing a Redis need different ones.",
  LIVE_LISTENER_WINDOW_SECONDS: "A listener counts as live in `liveListenerCount` while their progress in the story moved within this many seconds (default 300).",
  LIVE_LISTENER_REFRESH_SECONDS: "How often an open `liveListenerCount` stream reads the count again, so listeners who stopped drop out (default 30; it is also read after every progress event).",
  OTEL_EXPORTER_OTLP_ENDPOINT: "OTLP/HTTP collector base URL (spans go to `<url>/v1/traces`). Set: traces of each HTTP request, GraphQL operation and resolver, with `request.id`; unset (default): no tracing.",
  OTEL_SERVICE_NAME: "`service.name` of the exported spans (default `creator-gateway`).",
  METRICS_ENABLED: "Serve Prometheus metrics at GET /metrics and collect them (default on); see docs/operations.md.",
  METRICS_TOKEN: "When set, GET /metrics requires `Authorization: Bearer <token>` (at least 16 characters); unset: /metrics is open (keep it off the public network).",
  MEDIA_STORAGE: "Where uploads live: `local` (default: files in MEDIA_DIR, served by this API through signed URLs) or `s3` (S3_BUCKET on S3 or any S3-compatible store).",
  MEDIA_DIR: "Directory of the local media storage (default `.data/media`).",
  MEDIA_PUBLIC_URL: "Base URL clients reach this API at, for the local storage's signed upload and download URLs (default `http://localhost:4000`).",
  MEDIA_URL_TTL_SECONDS: "Lifetime of a signed upload or download URL (default 900).",
  MEDIA_MAX_UPLOAD_BYTES: "Largest upload createUpload accepts, in bytes (default 524288000 = 500 MiB).",
  S3_BUCKET: "Bucket of the S3 media storage (required when MEDIA_STORAGE=s3).",
  S3_REGION: "Region of the S3 media storage (default `us-east-1`).",
  S3_ENDPOINT: "Endpoint of an S3-compatible store (MinIO, R2…); unset: AWS. Path-style addressing when set.",
  S3_ACCESS_KEY_ID: "Access key of the S3 media storage (unset: the SDK's default credential chain).",
  S3_SECRET_ACCESS_KEY: "Secret key of the S3 media storage.",
  STORY_DEFAULT_VOICE_ID: "Narrator voice used instead of a voice-pack voice the listener does not own (default `default`).",
  SECRETS_STORE: "`database` (AES-256-GCM encrypted rows in PostgreSQL, shared by every instance) or `file` (SECRETS_DIR, one instance only). Default: `database` on PostgreSQL from DATABASE_URL, `file` on the embedded database.",
  SECRETS_KEY: "32-byte key (64 hex characters or base64) the database secret store encrypts with. Required in production with DATABASE_URL; a fixed development key otherwise. Generate: `openssl rand -hex 32`.",
  SECRETS_PREVIOUS_KEYS: "Comma-separated former SECRETS_KEY values, still accepted for reading entries sealed before a key rotation (each entry is re-sealed with SECRETS_KEY when written again).",
  MAX_REQUEST_BYTES: "Largest request body accepted, in bytes (default 1048576); a larger one answers 413 `REQUEST_ENTITY_TOO_LARGE` before it is read whole.",
  QUERY_MAX_TOKENS: "Most lexical tokens in one GraphQL document (default 1000, graphql-armor's); parsing stops at the limit (`QUERY_TOO_COMPLEX`).",
  QUERY_MAX_DEPTH: "Deepest field nesting of an operation (default 6, graphql-armor's). Applies to every document, persisted or not, and every viewer.",
  QUERY_MAX_ALIASES: "Most aliases in one operation (default 15, graphql-armor's).",
  QUERY_MAX_DIRECTIVES: "Most directives in one operation (default 50, graphql-armor's).",
  QUERY_MAX_COST: "Largest estimated cost of an operation (default 5000, graphql-armor's): each field costs 1 (objects 2) plus its children, multiplied by `first`/`last` (or QUERY_DEFAULT_LIST_SIZE) for lists and by the number of ids for `nodes(ids:)`.",
  QUERY_DEFAULT_LIST_SIZE: "List size the cost estimate assumes for a list without `first`/`last` (default 20, the default page size).",
  QUERY_MAX_PAGE_SIZE: "Largest `first`/`last` accepted (default 100); more answers `BAD_USER_INPUT` naming the argument.",
  QUERY_MAX_NODE_IDS: "Most ids one `nodes(ids:)` call may ask for (default 100).",
  INTROSPECTION_ENABLED: "Serve `__schema`/`__type` introspection (default: on except in production, for every viewer including admins).",
  FIELD_SUGGESTIONS_ENABLED: "Keep graphql-js' \"Did you mean …\" suggestions in validation errors (default: on except in production).",
  TRUST_PROXY: "Which proxies' `X-Forwarded-For` to believe: a hop count (`1` = the nearest proxy) or a comma-separated list of proxy IPs/CIDRs. Unset (default): the header is ignored and the socket address is the client IP for rate limits and the audit log.",
  RATE_LIMIT_IP_PER_MINUTE: "GraphQL operations one client IP may send per minute (default 600); more answers `RATE_LIMITED`.",
  RATE_LIMIT_VIEWER_PER_MINUTE: "GraphQL operations one signed-in viewer may send per minute, whatever the IP (default 300).",
  REQUEST_TIMEOUT_MS: "Execution budget of one GraphQL request (default 10000): past it the request is cancelled, its database statements too (`statement_timeout`), and it answers `TIMEOUT`.",
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
