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

export const configSchema = z
  .object({
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
    SUBSCRIPTION_GRACE_DAYS: int(3, 0, 60),
    MAIL_TRANSPORT: z.enum(["log", "file", "smtp"]).default("log"),
    MAIL_FILE_DIR: z.string().default(".data/mail"),
    SMTP_URL: z.string().regex(/^smtps?:\/\//, "expected an smtp:// URL").optional(),
    ANALYTICS_MAX_BATCH: int(100, 1, 10_000),
    ANALYTICS_MAX_RANGE_DAYS: int(366, 1, 3660),
  })
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
