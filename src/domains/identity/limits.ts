// Brute-force protection for everything that checks a password (signIn, changePassword,
// deleteAccount), per e-mail and per client IP, on the shared key/value store (Redis or the
// cache_store table, so every gateway process counts together).
//
// Only FAILED checks count: a burst of correct sign-ins never locks anyone out. When the
// failures of a key reach their limit within the window, the key is locked for a delay that
// doubles with every lockout in the last 24 hours (base, 2×base, 4×base … up to the max), and
// counting starts again from zero. A locked key answers RATE_LIMITED with `retryAfterSeconds`,
// whatever the password, and so does every check that completes after the lock was imposed:
// a parallel burst of guesses learns nothing past the limit, right guesses included.
// Unknown e-mails are counted exactly like known ones, so the limiter reveals nothing about
// which accounts exist. A successful check clears the e-mail's failures.
//
// Locks and the lockout history live in the database store (services.durableKv), so a Redis
// restart neither lifts a lock nor (since nothing is counted before the check, and the
// counters fall back to the database while Redis is down) replays queued attempts into one.
// Lock expiry is compared with ctx.services.clock(), so tests can move past a lockout.
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { hashToken } from "./tokens.ts";

const LOCKOUT_MEMORY_SECONDS = 86_400;
/** Generations looked at when clearing counters (a generation is one lockout). */
const MAX_GENERATIONS = 32;

interface Bucket {
  kind: "email" | "ip";
  id: string;
  max: number;
}

// Failures are counted per generation: a lockout starts the next generation (a fresh counter).
// Every check of a burst reads the generation before it starts, so exactly one failure per
// generation reaches the limit and imposes the lock; the later ones of that burst see counts
// past the limit and are refused.
const failuresKey = (b: Bucket, generation: number) => `auth:failures:${b.kind}:${b.id}:${generation}`;
const lockKey = (b: Bucket) => `auth:lock:${b.kind}:${b.id}`;
const lockoutsKey = (b: Bucket) => `auth:lockouts:${b.kind}:${b.id}`;

function buckets(ctx: Context, email: string): Bucket[] {
  return [
    // The e-mail is hashed: the cache holds no addresses (and unknown ones are counted too).
    { kind: "email", id: hashToken(email.trim().toLowerCase()), max: ctx.config.SIGNIN_MAX_FAILURES_PER_EMAIL },
    { kind: "ip", id: ctx.ip ?? "unknown", max: ctx.config.SIGNIN_MAX_FAILURES_PER_IP },
  ];
}

async function lockedFor(ctx: Context, b: Bucket, now: number): Promise<number> {
  const lock = await ctx.services.durableKv.get<{ until: number }>(lockKey(b));
  return lock && lock.until > now ? Math.ceil((lock.until - now) / 1000) : 0;
}

const delayFor = (ctx: Context, lockouts: number) =>
  Math.min(ctx.config.SIGNIN_LOCKOUT_BASE_SECONDS * 2 ** (Math.max(lockouts, 1) - 1), ctx.config.SIGNIN_LOCKOUT_MAX_SECONDS);

async function lock(ctx: Context, b: Bucket, now: number, generation: number): Promise<number> {
  // Exactly one failure per generation reaches the limit, so this is the new lockout count.
  const lockouts = generation + 1;
  const seconds = delayFor(ctx, lockouts);
  await ctx.services.durableKv.set(lockKey(b), { until: now + seconds * 1000 }, seconds + 60, "auth_lock");
  await ctx.services.durableKv.incr(lockoutsKey(b), LOCKOUT_MEMORY_SECONDS);
  ctx.log.warn({ bucket: b.kind, lockouts, seconds }, "password attempts locked");
  return seconds;
}

async function clearGenerations(ctx: Context, b: Bucket, upTo: number): Promise<void> {
  const keys = Array.from({ length: Math.min(upTo, MAX_GENERATIONS) + 1 }, (_, g) => failuresKey(b, g));
  await Promise.all([...keys.map((k) => ctx.services.kv.del(k)), ctx.services.durableKv.del(lockoutsKey(b))]);
}

export interface PasswordAttempt {
  /** The password was right: RATE_LIMITED if a lock was imposed meanwhile, else forget the e-mail's failures. */
  succeeded(): Promise<void>;
  /** The password was wrong: count it. Returns RATE_LIMITED to throw when this failure is past a limit, else null. */
  failed(): Promise<Error | null>;
}

const TOO_MANY = (seconds: number) => errors.rateLimited(seconds, "Too many sign-in attempts. Try again later.");

async function maxWait(ctx: Context, bs: Bucket[], now: number): Promise<number> {
  return Math.max(...(await Promise.all(bs.map((b) => lockedFor(ctx, b, now)))));
}

/**
 * Call before checking a password for `email`: throws RATE_LIMITED when the e-mail or the IP is
 * locked. Then report the outcome with succeeded() or failed().
 */
export async function beginPasswordAttempt(ctx: Context, email: string): Promise<PasswordAttempt> {
  const { kv, durableKv } = ctx.services;
  const now = ctx.services.clock().getTime();
  const bs = buckets(ctx, email);
  // The generation is read BEFORE the lock, and lock() writes the lock BEFORE it bumps the
  // generation: a check that already sees the next generation therefore also sees the lock and is
  // refused here. (Read the other way round, a check of a parallel burst could pass the lock check
  // just before the lock landed, then read the new generation and count as the first failure of a
  // fresh counter: one wrong answer more than the limit.)
  const generations = await Promise.all(bs.map(async (b) => Number((await durableKv.get<number>(lockoutsKey(b))) ?? 0)));
  const wait = await maxWait(ctx, bs, now);
  if (wait > 0) throw TOO_MANY(wait);
  const window = ctx.config.SIGNIN_FAILURE_WINDOW_SECONDS;
  return {
    async succeeded() {
      const after = await maxWait(ctx, bs, now);
      if (after > 0) throw TOO_MANY(after);
      await clearGenerations(ctx, bs[0], generations[0]);
    },
    async failed() {
      const counts = await Promise.all(bs.map((b, i) => kv.incr(failuresKey(b, generations[i]), window)));
      const retry = await Promise.all(
        bs.map(async (b, i) => {
          if (counts[i] < b.max) return 0;
          // The failure that reaches the limit locks (and is still answered as a wrong password).
          if (counts[i] === b.max) {
            await lock(ctx, b, now, generations[i]);
            return 0;
          }
          return (await lockedFor(ctx, b, now)) || delayFor(ctx, generations[i] + 1);
        }),
      );
      return Math.max(...retry) > 0 ? TOO_MANY(Math.max(...retry)) : null;
    },
  };
}

/** Forget an e-mail's failures and lock (after a password reset proved the owner). */
export async function clearPasswordAttempts(ctx: Context, email: string): Promise<void> {
  const [emailBucket] = buckets(ctx, email);
  const generation = Number((await ctx.services.durableKv.get<number>(lockoutsKey(emailBucket))) ?? 0);
  await Promise.all([clearGenerations(ctx, emailBucket, generation), ctx.services.durableKv.del(lockKey(emailBucket))]);
}

/**
 * A plain fixed-window counter for mail-sending endpoints: true while `key` has been hit at most
 * `max` times in the window.
 */
export async function withinLimit(ctx: Context, key: string, max: number, windowSeconds: number): Promise<boolean> {
  return (await ctx.services.kv.incr(`limit:${key}`, windowSeconds)) <= max;
}
