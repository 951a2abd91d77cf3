// What every dashboard statement shares: the range of calendar days in a time zone (validated,
// resolved to local midnights by Postgres in a CTE), the SQL fragments over it, money summed per
// currency, and the error mapping of a failed aggregate.
import { Prisma } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";

export interface RangeInput {
  from: Date | string;
  to: Date | string;
}

export interface ResolvedRange {
  /** First day (YYYY-MM-DD), inclusive. */
  from: string;
  /** Last day (YYYY-MM-DD), inclusive. */
  to: string;
  timezone: string;
  days: number;
}

export interface Amount {
  amount: Prisma.Decimal;
  currency: string;
}

/** The most rows topContent / topCreators may ask for. */
export const TOP_MAX = 100;

/** IANA zone names ("Europe/Paris", "UTC", "Etc/GMT+5"); POSIX strings like "UTC+5" are refused. */
const ZONE_RE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

/** Zones already accepted (building an Intl.DateTimeFormat costs about a millisecond). */
const knownZones = new Set<string>(["UTC"]);

function isZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  if (!ZONE_RE.test(tz) || (!tz.includes("/") && tz !== "GMT")) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    return false;
  }
  if (knownZones.size < 1000) knownZones.add(tz);
  return true;
}

const isoDay = (d: Date | string) => (typeof d === "string" ? d : d.toISOString().slice(0, 10));

/** Validates the range (from <= to, at most ANALYTICS_MAX_RANGE_DAYS days) and the time zone. */
export function resolveRange(ctx: Context, range: RangeInput, timezone: string): ResolvedRange {
  const from = isoDay(range.from);
  const to = isoDay(range.to);
  if (!isZone(timezone)) throw errors.badInput("timezone", "must be an IANA time zone name such as Europe/Paris");
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  if (!(days >= 1)) throw errors.badInput("range.to", "must not be before range.from");
  const max = ctx.config.ANALYTICS_MAX_RANGE_DAYS;
  if (days > max) throw errors.badInput("range", `must span at most ${max} days`);
  return { from, to, timezone, days };
}

/** CTEs every statement starts with: `b` (the range's first instant and the one after it) and `days`. */
export function rangeCtes(r: ResolvedRange): Prisma.Sql {
  return Prisma.sql`
    b AS (SELECT (${r.from}::date::timestamp AT TIME ZONE ${r.timezone}) AS lo,
                 ((${r.to}::date + 1)::timestamp AT TIME ZONE ${r.timezone}) AS hi),
    days AS (SELECT gs::date AS day FROM generate_series(${r.from}::date, ${r.to}::date, interval '1 day') AS gs)`;
}

/** `col` lies in the range (needs the `b` CTE). */
export const inRange = (col: Prisma.Sql) => Prisma.sql`${col} >= (SELECT lo FROM b) AND ${col} < (SELECT hi FROM b)`;
/** The local calendar day of `col`. */
export const localDay = (col: Prisma.Sql, tz: string) => Prisma.sql`(${col} AT TIME ZONE ${tz})::date`;

/** Runs a statement; a zone Intl knows but the database does not is the caller's input error. */
export async function query<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (/time zone .* not recognized/i.test((e as Error).message)) throw errors.badInput("timezone", "is not a time zone the database knows");
    throw e;
  }
}

/** Merges (currency, amount) pairs into one amount per currency, sorted by currency. */
export function sumByCurrency(rows: { currency: string; amount: Prisma.Decimal | string }[]): Amount[] {
  const m = new Map<string, Prisma.Decimal>();
  for (const r of rows) m.set(r.currency, (m.get(r.currency) ?? new Prisma.Decimal(0)).plus(r.amount));
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount }));
}

export function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

export const limitOf = (n: number | null | undefined, fallback: number, max: number) => Math.min(Math.max(n ?? fallback, 1), max);
