// Platform analytics for admins: daily and monthly active users, sign-ups, revenue by source and
// the top content over a range, aggregated in SQL like the creator dashboard (dashboard.ts).
import { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { inRange, limitOf, localDay, memo, query, rangeCtes, resolveRange, sumByCurrency, TOP_MAX, type Amount, type RangeInput } from "./range.ts";

// ---------------------------------------------------------------------------------------------
// Platform analytics (admins)
// ---------------------------------------------------------------------------------------------

export interface PlatformDay {
  date: string;
  signUps: number;
  activeUsers: number;
  revenue: Amount[];
}

interface PlatformRow {
  daily: { date: string; signUps: number; activeUsers: number }[];
  monthly: { month: string; activeUsers: number }[];
  active_users: number;
  /** g = GROUPING(day, purpose): 1 per (day, currency), 2 per (source, currency), 3 per currency. */
  revenue: { g: number; day: string | null; source: string | null; currency: string; amount: string; payments: number }[];
}

export async function platformAnalytics(ctx: Context, args: { range: RangeInput; timezone?: string | null }) {
  if (!isAdmin(ctx.viewer)) throw errors.forbidden("Requires the ADMIN role.");
  const range = resolveRange(ctx, args.range, args.timezone ?? "UTC");
  const db = ctx.prisma;
  const tz = range.timezone;

  /** Sign-ups, daily / monthly / whole-range active users and revenue, in one statement. */
  const numbers = memo(async () => {
    const [row] = await query(() =>
      db.$queryRaw<PlatformRow[]>`
        WITH ${rangeCtes(range)},
        act AS (
          SELECT to_char(x.day, 'YYYY-MM-DD') AS day, x.month, GROUPING(x.day, x.month) AS g, count(DISTINCT x.user_id)::int AS n
          FROM (
            SELECT ${localDay(Prisma.sql`e.occurred_at`, tz)} AS day, to_char(e.occurred_at AT TIME ZONE ${tz}, 'YYYY-MM') AS month, e.user_id
            FROM events e
            WHERE ${inRange(Prisma.sql`e.occurred_at`)} AND e.user_id IS NOT NULL
          ) x
          GROUP BY GROUPING SETS ((x.day), (x.month), ())
        ),
        su AS (
          SELECT ${localDay(Prisma.sql`u.created_at`, tz)} AS day, count(*)::int AS n
          FROM users u WHERE ${inRange(Prisma.sql`u.created_at`)} GROUP BY 1
        ),
        rev AS (
          SELECT to_char(x.day, 'YYYY-MM-DD') AS day, x.purpose::text AS source, x.currency::text AS currency,
                 GROUPING(x.day, x.purpose) AS g, sum(x.amount)::text AS amount, count(*)::int AS payments
          FROM (
            SELECT ${localDay(Prisma.sql`COALESCE(p.completed_at, p.created_at)`, tz)} AS day, p.purpose, p.currency, p.amount
            FROM payments p
            WHERE p.status = 'COMPLETED' AND ${inRange(Prisma.sql`COALESCE(p.completed_at, p.created_at)`)}
          ) x
          GROUP BY GROUPING SETS ((x.day, x.currency), (x.purpose, x.currency), (x.currency))
        )
        SELECT
          (SELECT jsonb_agg(jsonb_build_object('date', to_char(d.day, 'YYYY-MM-DD'), 'signUps', COALESCE(su.n, 0),
                                               'activeUsers', COALESCE(a.n, 0)) ORDER BY d.day)
             FROM days d LEFT JOIN su ON su.day = d.day LEFT JOIN act a ON a.g = 1 AND a.day = to_char(d.day, 'YYYY-MM-DD')) AS daily,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('month', month, 'activeUsers', n) ORDER BY month) FROM act WHERE g = 2), '[]') AS monthly,
          COALESCE((SELECT n FROM act WHERE g = 3), 0) AS active_users,
          COALESCE((SELECT jsonb_agg(to_jsonb(rev)) FROM rev), '[]') AS revenue`,
    );
    return row;
  });

  const daily = async (): Promise<PlatformDay[]> => {
    const n = await numbers();
    return n.daily.map((d) => ({ ...d, revenue: sumByCurrency(n.revenue.filter((r) => r.g === 1 && r.day === d.date)) }));
  };

  const totals = async () => {
    const n = await numbers();
    return {
      signUps: n.daily.reduce((a, d) => a + d.signUps, 0),
      activeUsers: n.active_users,
      revenue: sumByCurrency(n.revenue.filter((r) => r.g === 3)),
    };
  };

  const monthly = async () => (await numbers()).monthly;

  const revenueBySource = async () =>
    (await numbers()).revenue
      .filter((r) => r.g === 2)
      .map((r) => ({ source: r.source!, currency: r.currency, amount: new Prisma.Decimal(r.amount), payments: r.payments }))
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.currency < b.currency ? -1 : 1));

  /** Creators ranked by content views in the range, with watch time, COMPLETED tips and sales. */
  async function topCreators(limit?: number | null) {
    const top = await query(() =>
      db.$queryRaw<{ creator_id: string; views: number; watch: string; money: { kind: "tip" | "sale"; currency: string; amount: string }[] }[]>`
        WITH ${rangeCtes(range)},
        ranked AS (
          SELECT c.creator_id, count(*) FILTER (WHERE e.event_type = 'content_view')::int AS views, COALESCE(sum(e.watched_seconds), 0) AS watch
          FROM events e JOIN content c ON c.id = e.content_id
          WHERE e.event_type IN ('content_view', 'playback_progress') AND ${inRange(Prisma.sql`e.occurred_at`)}
          GROUP BY c.creator_id
          ORDER BY 2 DESC, 3 DESC, 1
          LIMIT ${limitOf(limit, 10, TOP_MAX)}
        ),
        money AS (
          SELECT 'tip' AS kind, x.creator_id, x.currency::text AS currency, sum(x.amount)::text AS amount
          FROM (
            SELECT t.to_creator_id AS creator_id, COALESCE((SELECT p.completed_at FROM payments p WHERE p.id = t.payment_id), t.created_at) AS at,
                   t.currency, t.amount
            FROM ranked r JOIN tips t ON t.to_creator_id = r.creator_id
            WHERE t.status = 'COMPLETED'
          ) x
          WHERE ${inRange(Prisma.sql`x.at`)}
          GROUP BY 2, 3
          UNION ALL
          SELECT 'sale', COALESCE(c.creator_id, s.creator_id), pu.currency::text, sum(pu.amount_paid)::text
          FROM purchases pu
          LEFT JOIN content c ON c.id = pu.content_id
          LEFT JOIN content_series s ON s.id = pu.series_id
          WHERE pu.status = 'COMPLETED' AND COALESCE(c.creator_id, s.creator_id) IN (SELECT creator_id FROM ranked)
            AND ${inRange(Prisma.sql`COALESCE(pu.purchased_at, pu.created_at)`)}
          GROUP BY 2, 3
        )
        SELECT r.creator_id::text AS creator_id, r.views, r.watch::text AS watch,
               COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', m.kind, 'currency', m.currency, 'amount', m.amount))
                         FROM money m WHERE m.creator_id = r.creator_id), '[]') AS money
        FROM ranked r
        ORDER BY r.views DESC, r.watch DESC, r.creator_id`,
    );
    if (!top.length) return [];
    const users = await db.user.findMany({ where: { id: { in: top.map((t) => t.creator_id) } } });
    const byId = new Map(users.map((u) => [u.id, u]));
    return top.map((t) => ({
      creator: byId.get(t.creator_id)!,
      views: t.views,
      watchTimeSeconds: new Prisma.Decimal(t.watch),
      tips: sumByCurrency(t.money.filter((m) => m.kind === "tip")),
      sales: sumByCurrency(t.money.filter((m) => m.kind === "sale")),
    }));
  }

  return { range, daily, totals, monthly, revenueBySource, topCreators };
}

export type PlatformDashboard = Awaited<ReturnType<typeof platformAnalytics>>;
