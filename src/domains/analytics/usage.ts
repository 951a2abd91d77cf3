// Usage: what a user's AI calls (ai_usage: tokens and cost) and SEO operations (seo_usage: URLs)
// added up per period, for `User.usage` (the user and admins) and `usageTotals` (admins).
//
// Period: a user's usage is grouped by the allowance cycle each row was recorded in
// (billing_cycle_start/end: the live subscription's monthly cycle, the same cycle the quotas
// reset on; every metered use has one, the free tier included). A row recorded without a cycle
// falls into its UTC calendar month. Admin totals span many users with different cycles, so they
// are per UTC calendar month of created_at.
// Costs are money: exact decimals (6 places, as stored) per currency, never added across currencies.
import { Prisma } from "../../generated/prisma/client.ts";
import type { ServiceCtx } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { usageSqlFilterFor } from "./visibility.ts";

export const MAX_USAGE_PERIODS = 24;

export interface UsageCost {
  amount: Prisma.Decimal;
  currency: string;
}
export interface AiUsageSummary {
  calls: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  costs: UsageCost[];
}
export interface SeoUsageSummary {
  operations: number;
  urls: number;
}
export interface UsagePeriod {
  start: Date;
  end: Date;
  users: number;
  ai: AiUsageSummary;
  seo: SeoUsageSummary;
}

interface AiRow {
  start: Date;
  end: Date;
  currency: string;
  calls: number;
  prompt: number;
  completion: number;
  total: number;
  cost: Prisma.Decimal;
}
interface SeoRow {
  start: Date;
  end: Date;
  operations: number;
  urls: number;
}

const MONTH_START = Prisma.sql`(date_trunc('month', u.created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')`;
const MONTH_END = Prisma.sql`((date_trunc('month', u.created_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC')`;
const CYCLE_START = Prisma.sql`COALESCE(u.billing_cycle_start, ${MONTH_START})`;
const CYCLE_END = Prisma.sql`COALESCE(u.billing_cycle_end, ${MONTH_END})`;

const emptyPeriod = (start: Date, end: Date): UsagePeriod => ({
  start,
  end,
  users: 0,
  ai: { calls: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, costs: [] },
  seo: { operations: 0, urls: 0 },
});

function merge(ai: AiRow[], seo: SeoRow[], users: { start: Date; users: number }[]): UsagePeriod[] {
  const out = new Map<string, UsagePeriod>();
  const at = (start: Date, end: Date) => {
    const k = `${start.toISOString()}|${end.toISOString()}`;
    return out.get(k) ?? out.set(k, emptyPeriod(start, end)).get(k)!;
  };
  for (const r of ai) {
    const p = at(r.start, r.end);
    p.ai.calls += r.calls;
    p.ai.promptTokens += r.prompt;
    p.ai.completionTokens += r.completion;
    p.ai.totalTokens += r.total;
    p.ai.costs.push({ amount: new Prisma.Decimal(r.cost), currency: r.currency });
  }
  for (const r of seo) {
    const p = at(r.start, r.end);
    p.seo.operations += r.operations;
    p.seo.urls += r.urls;
  }
  for (const u of users) for (const p of out.values()) if (p.start.getTime() === u.start.getTime()) p.users = u.users;
  for (const p of out.values()) p.ai.costs.sort((a, b) => a.currency.localeCompare(b.currency));
  return [...out.values()].sort((a, b) => b.start.getTime() - a.start.getTime() || b.end.getTime() - a.end.getTime());
}

/** The `last` most recent periods in which the user used anything, newest first. */
export async function userUsage(ctx: ServiceCtx, userId: string, last: number): Promise<UsagePeriod[]> {
  if (!Number.isInteger(last) || last < 1 || last > MAX_USAGE_PERIODS) throw errors.badInput("last", `must be between 1 and ${MAX_USAGE_PERIODS}`);
  const visible = usageSqlFilterFor(ctx.viewer);
  // Cycles are at most a calendar month long: periods starting before this cannot be among the
  // last ones (compared with the cycle, which follows the service clock, not with created_at).
  const since = new Date(ctx.services.clock().getTime() - (last + 1) * 31 * 86_400_000);
  const [ai, seo] = await Promise.all([
    ctx.prisma.$queryRaw<AiRow[]>`
      SELECT start, "end", currency, count(*)::int AS calls, sum(prompt_tokens)::int AS prompt, sum(completion_tokens)::int AS completion,
             sum(total_tokens)::int AS total, sum(cost) AS cost
        FROM (SELECT ${CYCLE_START} AS start, ${CYCLE_END} AS "end", u.* FROM ai_usage u
               WHERE u.user_id = ${userId}::uuid AND ${visible}) x
       WHERE start >= ${since}
       GROUP BY start, "end", currency`,
    ctx.prisma.$queryRaw<SeoRow[]>`
      SELECT start, "end", count(*)::int AS operations, sum(urls_count)::int AS urls
        FROM (SELECT ${CYCLE_START} AS start, ${CYCLE_END} AS "end", u.* FROM seo_usage u
               WHERE u.user_id = ${userId}::uuid AND ${visible}) x
       WHERE start >= ${since}
       GROUP BY start, "end"`,
  ]);
  return merge(ai, seo, []).slice(0, last).map((p) => ({ ...p, users: 1 }));
}

/** Admin totals per UTC calendar month, for the months from `from`'s to `to`'s (both included). */
export async function usageTotals(ctx: ServiceCtx, from: Date, to: Date): Promise<UsagePeriod[]> {
  const start = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  const end = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() + 1, 1));
  if (end <= start) throw errors.badInput("to", "must not be before from");
  const months = (end.getUTCFullYear() - start.getUTCFullYear()) * 12 + end.getUTCMonth() - start.getUTCMonth();
  if (months > MAX_USAGE_PERIODS) throw errors.badInput("to", `at most ${MAX_USAGE_PERIODS} months`);
  const visible = usageSqlFilterFor(ctx.viewer);
  const [ai, seo, users] = await Promise.all([
    ctx.prisma.$queryRaw<AiRow[]>`
      SELECT ${MONTH_START} AS start, ${MONTH_END} AS "end", u.currency, count(*)::int AS calls, sum(u.prompt_tokens)::int AS prompt,
             sum(u.completion_tokens)::int AS completion, sum(u.total_tokens)::int AS total, sum(u.cost) AS cost
        FROM ai_usage u WHERE u.created_at >= ${start} AND u.created_at < ${end} AND ${visible}
       GROUP BY 1, 2, 3`,
    ctx.prisma.$queryRaw<SeoRow[]>`
      SELECT ${MONTH_START} AS start, ${MONTH_END} AS "end", count(*)::int AS operations, sum(u.urls_count)::int AS urls
        FROM seo_usage u WHERE u.created_at >= ${start} AND u.created_at < ${end} AND ${visible}
       GROUP BY 1, 2`,
    ctx.prisma.$queryRaw<{ start: Date; users: number }[]>`
      SELECT start, count(DISTINCT user_id)::int AS users FROM (
        SELECT ${MONTH_START} AS start, u.user_id FROM ai_usage u WHERE u.created_at >= ${start} AND u.created_at < ${end} AND ${visible}
        UNION ALL
        SELECT ${MONTH_START} AS start, u.user_id FROM seo_usage u WHERE u.created_at >= ${start} AND u.created_at < ${end} AND ${visible}) x
       GROUP BY start`,
  ]);
  return merge(ai, seo, users);
}
