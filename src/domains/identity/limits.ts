// Brute-force protection for everything that checks a password (signIn, changePassword,
// deleteAccount), per e-mail and per client IP, on the shared key/value store (Redis or the
// cache_store table, so every gateway process counts together).
//
// Each attempt is counted BEFORE the password is checked, so a burst of parallel guesses is
// bounded too. When a counter passes its limit within the window, the key is locked for a delay
// that doubles with every lockout in the last 24 hours (base, 2×base, 4×base … up to the max) and
// counting starts again from zero. A locked key answers RATE_LIMITED with `retryAfterSeconds`, whatever
// the password. Unknown e-mails are counted exactly like known ones, so the limiter reveals
// nothing about which accounts exist. A successful check clears the e-mail's counters.
//
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

// Attempts are counted per generation: a lockout starts the next generation (a fresh counter),
// so exactly one attempt per generation crosses the limit and imposes the lock, even when many
// arrive at once; the others of that burst are refused without imposing another.
const attemptsKey = (b: Bucket, generation: number) => `auth:attempts:${b.kind}:${b.id}:${generation}`;
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
  const lock = await ctx.services.kv.get<{ until: number }>(lockKey(b));
  return lock && lock.until > now ? Math.ceil((lock.until - now) / 1000) : 0;
}

const delayFor = (ctx: Context, lockouts: number) =>
  Math.min(ctx.config.SIGNIN_LOCKOUT_BASE_SECONDS * 2 ** (Math.max(lockouts, 1) - 1), ctx.config.SIGNIN_LOCKOUT_MAX_SECONDS);

async function lock(ctx: Context, b: Bucket, now: number, generation: number): Promise<number> {
  // Exactly one attempt per generation crosses the limit, so this is the new lockout count. The
  // lock is published BEFORE the next generation starts: an attempt that reads the new
  // generation (and so counts from zero) is guaranteed to see the lock when it re-checks.
  const lockouts = generation + 1;
  const seconds = delayFor(ctx, lockouts);
  await ctx.services.kv.set(lockKey(b), { until: now + seconds * 1000 }, seconds + 60, "auth_lock");
  await ctx.services.kv.incr(lockoutsKey(b), LOCKOUT_MEMORY_SECONDS);
  ctx.log.warn({ bucket: b.kind, lockouts, seconds }, "password attempts locked");
  return seconds;
}

async function clearGenerations(ctx: Context, b: Bucket, upTo: number): Promise<void> {
  const keys = Array.from({ length: Math.min(upTo, MAX_GENERATIONS) + 1 }, (_, g) => attemptsKey(b, g));
  await Promise.all([...keys, lockoutsKey(b)].map((k) => ctx.services.kv.del(k)));
}

export interface PasswordAttempt {
  /** The password was right: forget the e-mail's failures, and don't count this attempt per IP. */
  succeeded(): Promise<void>;
}

const TOO_MANY = (seconds: number) => errors.rateLimited(seconds, "Too many sign-in attempts. Try again later.");

/**
 * Call before checking a password for `email`. Throws RATE_LIMITED when the e-mail or the IP is
 * locked or this attempt passes a limit; otherwise counts the attempt.
 */
export async function beginPasswordAttempt(ctx: Context, email: string): Promise<PasswordAttempt> {
  const { kv } = ctx.services;
  const now = ctx.services.clock().getTime();
  const bs = buckets(ctx, email);
  const waits = await Promise.all(bs.map((b) => lockedFor(ctx, b, now)));
  if (Math.max(...waits) > 0) throw TOO_MANY(Math.max(...waits));
  const window = ctx.config.SIGNIN_FAILURE_WINDOW_SECONDS;
  const generations = await Promise.all(bs.map(async (b) => Number((await kv.get<number>(lockoutsKey(b))) ?? 0)));
  const counts = await Promise.all(bs.map((b, i) => kv.incr(attemptsKey(b, generations[i]), window)));
  const retry = await Promise.all(
    bs.map(async (b, i) => {
      if (counts[i] <= b.max) return 0;
      // The attempt that crosses the limit locks; the rest of a burst is refused.
      if (counts[i] === b.max + 1) return lock(ctx, b, now, generations[i]);
      return (await lockedFor(ctx, b, now)) || delayFor(ctx, generations[i] + 1);
    }),
  );
  if (Math.max(...retry) > 0) throw TOO_MANY(Math.max(...retry));
  // Re-check after counting: a lock imposed by a concurrent attempt while this one was reading
  // the generation refuses it too (see lock()).
  const after = await Promise.all(bs.map((b) => lockedFor(ctx, b, now)));
  if (Math.max(...after) > 0) throw TOO_MANY(Math.max(...after));
  return {
    async succeeded() {
      const [emailBucket, ipBucket] = bs;
      await Promise.all([clearGenerations(ctx, emailBucket, generations[0]), kv.incr(attemptsKey(ipBucket, generations[1]), window, -1)]);
    },
  };
}

/** Forget an e-mail's failures and lock (after a password reset proved the owner). */
export async function clearPasswordAttempts(ctx: Context, email: string): Promise<void> {
  const [emailBucket] = buckets(ctx, email);
  const generation = Number((await ctx.services.kv.get<number>(lockoutsKey(emailBucket))) ?? 0);
  await Promise.all([clearGenerations(ctx, emailBucket, generation), ctx.services.kv.del(lockKey(emailBucket))]);
}

/**
 * A plain fixed-window counter for mail-sending endpoints: true while `key` has been hit at most
 * `max` times in the window.
 */
export async function withinLimit(ctx: Context, key: string, max: number, windowSeconds: number): Promise<boolean> {
  return (await ctx.services.kv.incr(`limit:${key}`, windowSeconds)) <= max;
}
