// Brute-force protection for everything that checks a password (signIn, changePassword,
// deleteAccount), per e-mail and per client IP, on the shared key/value store (Redis or the
// cache_store table, so every gateway process counts together).
//
// Each attempt is counted BEFORE the password is checked, so a burst of parallel guesses is
// bounded too. When a counter passes its limit within the window, the key is locked for a delay
// that doubles with every lockout in the last 24 hours (base, 2×base, 4×base … up to the max) and
// the counter starts again. A locked key answers RATE_LIMITED with `retryAfterSeconds`, whatever
// the password. Unknown e-mails are counted exactly like known ones, so the limiter reveals
// nothing about which accounts exist. A successful check clears the e-mail's counters.
//
// Lock expiry is compared with ctx.services.clock(), so tests can move past a lockout.
import type { Context } from "../../server/context.ts";
import { errors } from "../../server/errors.ts";
import { hashToken } from "./tokens.ts";

const LOCKOUT_MEMORY_SECONDS = 86_400;

interface Bucket {
  kind: "email" | "ip";
  id: string;
  max: number;
}

const failKey = (b: Bucket) => `auth:attempts:${b.kind}:${b.id}`;
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

async function lock(ctx: Context, b: Bucket, now: number): Promise<number> {
  const { kv } = ctx.services;
  const lockouts = await kv.incr(lockoutsKey(b), LOCKOUT_MEMORY_SECONDS);
  const seconds = Math.min(ctx.config.SIGNIN_LOCKOUT_BASE_SECONDS * 2 ** (lockouts - 1), ctx.config.SIGNIN_LOCKOUT_MAX_SECONDS);
  await kv.set(lockKey(b), { until: now + seconds * 1000 }, seconds + 60, "auth_lock");
  await kv.del(failKey(b));
  ctx.log.warn({ bucket: b.kind, lockouts, seconds }, "password attempts locked");
  return seconds;
}

export interface PasswordAttempt {
  /** The password was right: forget the e-mail's failures, and don't count this attempt per IP. */
  succeeded(): Promise<void>;
}

/**
 * Call before checking a password for `email`. Throws RATE_LIMITED when the e-mail or the IP is
 * locked or this attempt passes a limit; otherwise counts the attempt.
 */
export async function beginPasswordAttempt(ctx: Context, email: string): Promise<PasswordAttempt> {
  const now = ctx.services.clock().getTime();
  const bs = buckets(ctx, email);
  const waits = await Promise.all(bs.map((b) => lockedFor(ctx, b, now)));
  if (Math.max(...waits) > 0) throw errors.rateLimited(Math.max(...waits), "Too many sign-in attempts. Try again later.");
  const window = ctx.config.SIGNIN_FAILURE_WINDOW_SECONDS;
  const counts = await Promise.all(bs.map((b) => ctx.services.kv.incr(failKey(b), window)));
  const over = bs.filter((b, i) => counts[i] > b.max);
  if (over.length) {
    const seconds = await Promise.all(over.map((b) => lock(ctx, b, now)));
    throw errors.rateLimited(Math.max(...seconds), "Too many sign-in attempts. Try again later.");
  }
  return {
    async succeeded() {
      const [emailBucket, ipBucket] = bs;
      await Promise.all([
        ctx.services.kv.del(failKey(emailBucket)),
        ctx.services.kv.del(lockoutsKey(emailBucket)),
        ctx.services.kv.incr(failKey(ipBucket), window, -1),
      ]);
    },
  };
}

/** Forget an e-mail's failures and lock (after a password reset proved the owner). */
export async function clearPasswordAttempts(ctx: Context, email: string): Promise<void> {
  const [emailBucket] = buckets(ctx, email);
  await Promise.all([failKey, lockKey, lockoutsKey].map((k) => ctx.services.kv.del(k(emailBucket))));
}

/**
 * A plain fixed-window counter for mail-sending endpoints: true while `key` has been hit at most
 * `max` times in the window.
 */
export async function withinLimit(ctx: Context, key: string, max: number, windowSeconds: number): Promise<boolean> {
  return (await ctx.services.kv.incr(`limit:${key}`, windowSeconds)) <= max;
}
