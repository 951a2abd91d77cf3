// Dashboards: every number is aggregated in SQL (parameterised $queryRaw), over a range of
// calendar days in a time zone. An event's time is COALESCE(client_time, server_time) — the
// validated client time when the app sent one, the server's otherwise — and the migration
// indexes exactly that expression. Local midnights are computed by Postgres
// (`date::timestamp AT TIME ZONE tz`), so day edges are exact, DST included.
import { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Context } from "../../server/context.ts";
import { errors } from "../../server/errors.ts";

export interface RangeInput {
  from: Date | string;
  to: Date | string;
}

export interface ResolvedRange {
  from: string;
  to: string;
  timezone: string;
  /** First instant of `from` in the time zone. */
  start: Date;
  /** First instant of the day after `to` in the time zone (exclusive). */
  end: Date;
  days: number;
}

export interface Amount {
  amount: Prisma.Decimal;
  currency: string;
}

/** IANA zone names ("Europe/Paris", "UTC", "Etc/GMT+5"); POSIX strings like "UTC+5" are refused. */
const ZONE_RE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/;

function isZone(tz: string): boolean {
  if (!ZONE_RE.test(tz) || (!tz.includes("/") && !["UTC", "GMT"].includes(tz))) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const isoDay = (d: Date | string) => (typeof d === "string" ? d : d.toISOString().slice(0, 10));

export async function resolveRange(ctx: Context, range: RangeInput, timezone: string): Promise<ResolvedRange> {
  const from = isoDay(range.from);
  const to = isoDay(range.to);
  if (!isZone(timezone)) throw errors.badInput("timezone", "must be an IANA time zone name such as Europe/Paris");
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
  if (!(days >= 1)) throw errors.badInput("range.to", "must not be before range.from");
  const max = ctx.config.ANALYTICS_MAX_RANGE_DAYS;
  if (days > max) throw errors.badInput("range", `must span at most ${max} days`);
  let bounds: { start: Date; end: Date }[];
  try {
    bounds = await ctx.prisma.$queryRaw<{ start: Date; end: Date }[]>`
      SELECT (${from}::date::timestamp AT TIME ZONE ${timezone}) AS start,
             ((${to}::date + 1)::timestamp AT TIME ZONE ${timezone}) AS "end"`;
  } catch (e) {
    if (/time zone/i.test((e as Error).message)) throw errors.badInput("timezone", "is not a time zone the database knows");
    throw e;
  }
  return { from, to, timezone, start: bounds[0].start, end: bounds[0].end, days };
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by both dashboards
// ---------------------------------------------------------------------------------------------

const ZERO = () => new Prisma.Decimal(0);
const OCCURRED = Prisma.sql`COALESCE(e.client_time, e.server_time)`;

/** Merges (currency, amount) pairs into one amount per currency, sorted by currency. */
export function sumByCurrency(rows: { currency: string; amount: Prisma.Decimal | string }[]): Amount[] {
  const m = new Map<string, Prisma.Decimal>();
  for (const r of rows) m.set(r.currency, (m.get(r.currency) ?? ZERO()).plus(r.amount));
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, amount]) => ({ currency, amount }));
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | null = null;
  return () => (p ??= fn());
}

// ---------------------------------------------------------------------------------------------
// Creator dashboard
// ---------------------------------------------------------------------------------------------

export interface CreatorDay {
  date: string;
  views: number;
  watchTimeSeconds: Prisma.Decimal;
  comments: number;
  newSubscriptions: number;
  storyStarts: number;
  storyCompletions: number;
  tips: Amount[];
  sales: Amount[];
}

export interface CreatorTotals extends Omit<CreatorDay, "date"> {
  content: number;
  stories: number;
  subscribers: number;
}

export interface ContentPerformance {
  contentId: string;
  views: number;
  watchTimeSeconds: Prisma.Decimal;
}

export interface FunnelChoice {
  choiceId: string;
  label: string | null;
  toNodeId: string | null;
  taken: number;
}

export interface FunnelNode {
  nodeId: string;
  title: string | null;
  isStart: boolean;
  isEnding: boolean;
  arrived: number;
  completions: number;
  droppedOff: number;
  choices: FunnelChoice[];
}

export interface StoryFunnel {
  storyId: string;
  starts: number;
  completions: number;
  nodes: FunnelNode[];
}

export type CreatorDashboard = Awaited<ReturnType<typeof creatorDashboard>>;

/** Who may see whose dashboard: the creator their own, admins anyone's. Checked in rules.ts too. */
export async function creatorDashboard(ctx: Context, args: { range: RangeInput; timezone?: string | null; creatorId?: string | null }) {
  const viewer = ctx.viewer;
  if (!viewer) throw errors.unauthenticated();
  const creatorId = args.creatorId ?? viewer.id;
  if (creatorId !== viewer.id && !isAdmin(viewer)) throw errors.forbidden("Only the creator and admins may see a creator's dashboard.");
  const creator = await ctx.prisma.user.findFirst({ where: { id: creatorId, ...(isAdmin(viewer) ? {} : { deletedAt: null }) } });
  if (!creator) throw errors.notFound("Creator", args.creatorId ?? undefined);
  const range = await resolveRange(ctx, args.range, args.timezone ?? creator.timezone);
  return creatorDashboardFor(ctx, creator, range);
}

function creatorDashboardFor<U extends { id: string }>(ctx: Context, creator: U, range: ResolvedRange) {
  const db = ctx.prisma;
  const cid = creator.id;
  const { start, end, timezone: tz } = range;
  const myContent = Prisma.sql`SELECT id FROM content WHERE creator_id = ${cid}::uuid AND deleted_at IS NULL`;
  const myStories = Prisma.sql`SELECT id FROM stories WHERE creator_id = ${cid}::uuid AND deleted_at IS NULL`;
  const inRange = Prisma.sql`${OCCURRED} >= ${start} AND ${OCCURRED} < ${end}`;

  /** Views and watch time per local day and per content item, one scan (GROUPING SETS). */
  const viewStats = memo(async () => {
    const rows = await db.$queryRaw<{ day: string | null; content_id: string | null; views: number; watch: string }[]>`
      SELECT to_char(x.day, 'YYYY-MM-DD') AS day, x.content_id::text AS content_id,
             count(*) FILTER (WHERE x.event_type = 'content_view')::int AS views,
             COALESCE(sum(x.watched), 0)::text AS watch
      FROM (
        SELECT (${OCCURRED} AT TIME ZONE ${tz})::date AS day, e.content_id, e.event_type,
               CASE WHEN e.event_type = 'playback_progress' AND jsonb_typeof(e.event_data->'watchedSeconds') = 'number'
                    THEN (e.event_data->>'watchedSeconds')::numeric END AS watched
        FROM events e
        WHERE e.content_id IN (${myContent})
          AND e.event_type IN ('content_view', 'playback_progress')
          AND ${inRange}
      ) x
      GROUP BY GROUPING SETS ((x.day), (x.content_id))`;
    return {
      byDay: new Map(rows.filter((r) => r.day !== null).map((r) => [r.day!, r])),
      byContent: rows.filter((r) => r.content_id !== null),
    };
  });

  /** Comments, new subscriptions and story starts/completions per local day. */
  const otherDaily = memo(() =>
    db.$queryRaw<{ day: string; comments: number; subs: number; starts: number; completions: number }[]>`
      WITH days AS (
        SELECT gs::date AS day FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS gs
      ),
      c AS (
        SELECT (x.created_at AT TIME ZONE ${tz})::date AS day, count(*) AS n
        FROM (
          SELECT cm.created_at FROM comments cm
          WHERE cm.content_id IN (${myContent}) AND cm.deleted_at IS NULL AND cm.created_at >= ${start} AND cm.created_at < ${end}
          UNION ALL
          SELECT cm.created_at FROM comments cm
          WHERE cm.story_id IN (${myStories}) AND cm.deleted_at IS NULL AND cm.created_at >= ${start} AND cm.created_at < ${end}
        ) x
        GROUP BY 1
      ),
      n AS (
        SELECT (sb.created_at AT TIME ZONE ${tz})::date AS day, count(*) AS n
        FROM subscriptions sb JOIN subscription_tiers t ON t.id = sb.tier_id
        WHERE t.creator_id = ${cid}::uuid AND sb.created_at >= ${start} AND sb.created_at < ${end}
        GROUP BY 1
      ),
      s AS (
        SELECT (${OCCURRED} AT TIME ZONE ${tz})::date AS day,
               count(*) FILTER (WHERE e.event_type = 'story_start') AS starts,
               count(*) FILTER (WHERE e.event_type = 'story_complete') AS completions
        FROM events e
        WHERE e.story_id IN (${myStories}) AND e.event_type IN ('story_start', 'story_complete') AND ${inRange}
        GROUP BY 1
      )
      SELECT to_char(d.day, 'YYYY-MM-DD') AS day, COALESCE(c.n, 0)::int AS comments, COALESCE(n.n, 0)::int AS subs,
             COALESCE(s.starts, 0)::int AS starts, COALESCE(s.completions, 0)::int AS completions
      FROM days d
      LEFT JOIN c ON c.day = d.day
      LEFT JOIN n ON n.day = d.day
      LEFT JOIN s ON s.day = d.day
      ORDER BY d.day`,
  );

  /** COMPLETED tips (dated by their payment's completion) and COMPLETED sales of the creator's content and series. */
  const money = memo(() =>
    db.$queryRaw<{ kind: "tip" | "sale"; day: string; currency: string; amount: string }[]>`
      SELECT 'tip' AS kind, to_char((COALESCE(p.completed_at, t.created_at) AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day,
             t.currency::text AS currency, sum(t.amount)::text AS amount
      FROM tips t LEFT JOIN payments p ON p.id = t.payment_id
      WHERE t.to_creator_id = ${cid}::uuid AND t.status = 'COMPLETED'
        AND COALESCE(p.completed_at, t.created_at) >= ${start} AND COALESCE(p.completed_at, t.created_at) < ${end}
      GROUP BY 2, 3
      UNION ALL
      SELECT 'sale', to_char((COALESCE(pu.purchased_at, pu.created_at) AT TIME ZONE ${tz})::date, 'YYYY-MM-DD'),
             pu.currency::text, sum(pu.amount_paid)::text
      FROM purchases pu
      WHERE pu.status = 'COMPLETED'
        AND (pu.content_id IN (SELECT id FROM content WHERE creator_id = ${cid}::uuid)
             OR pu.series_id IN (SELECT id FROM content_series WHERE creator_id = ${cid}::uuid))
        AND COALESCE(pu.purchased_at, pu.created_at) >= ${start} AND COALESCE(pu.purchased_at, pu.created_at) < ${end}
      GROUP BY 2, 3`,
  );

  const daily = memo(async (): Promise<CreatorDay[]> => {
    const [views, other, cash] = await Promise.all([viewStats(), otherDaily(), money()]);
    return other.map((d) => {
      const v = views.byDay.get(d.day);
      const pick = (kind: "tip" | "sale") => sumByCurrency(cash.filter((m) => m.kind === kind && m.day === d.day));
      return {
        date: d.day,
        views: v?.views ?? 0,
        watchTimeSeconds: new Prisma.Decimal(v?.watch ?? 0),
        comments: d.comments,
        newSubscriptions: d.subs,
        storyStarts: d.starts,
        storyCompletions: d.completions,
        tips: pick("tip"),
        sales: pick("sale"),
      };
    });
  });

  /** Point-in-time numbers: live content and stories, live subscribers to the creator's tiers. */
  const snapshot = memo(async () => {
    const [row] = await db.$queryRaw<{ content: number; stories: number; subscribers: number }[]>`
      SELECT (SELECT count(*) FROM content WHERE creator_id = ${cid}::uuid AND deleted_at IS NULL)::int AS content,
             (SELECT count(*) FROM stories WHERE creator_id = ${cid}::uuid AND deleted_at IS NULL)::int AS stories,
             (SELECT count(DISTINCT sb.user_id) FROM subscriptions sb JOIN subscription_tiers t ON t.id = sb.tier_id
               WHERE t.creator_id = ${cid}::uuid AND sb.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE'))::int AS subscribers`;
    return row;
  });

  const totals = memo(async (): Promise<CreatorTotals> => {
    const [days, snap, cash] = await Promise.all([daily(), snapshot(), money()]);
    const sum = (f: (d: CreatorDay) => number) => days.reduce((a, d) => a + f(d), 0);
    return {
      ...snap,
      views: sum((d) => d.views),
      watchTimeSeconds: days.reduce((a, d) => a.plus(d.watchTimeSeconds), ZERO()),
      comments: sum((d) => d.comments),
      newSubscriptions: sum((d) => d.newSubscriptions),
      storyStarts: sum((d) => d.storyStarts),
      storyCompletions: sum((d) => d.storyCompletions),
      tips: sumByCurrency(cash.filter((m) => m.kind === "tip")),
      sales: sumByCurrency(cash.filter((m) => m.kind === "sale")),
    };
  });

  async function topContent(limit: number): Promise<(ContentPerformance & { content: unknown })[]> {
    const { byContent } = await viewStats();
    const top = byContent
      .map((r) => ({ contentId: r.content_id!, views: r.views, watchTimeSeconds: new Prisma.Decimal(r.watch) }))
      .sort((a, b) => b.views - a.views || b.watchTimeSeconds.comparedTo(a.watchTimeSeconds) || (a.contentId < b.contentId ? -1 : 1))
      .slice(0, limit);
    const rows = top.length ? await db.content.findMany({ where: { id: { in: top.map((t) => t.contentId) } } }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return top.map((t) => ({ ...t, content: byId.get(t.contentId)! }));
  }

  async function storyFunnels(opts: { storyId?: string | null; limit: number }) {
    const only = opts.storyId ? Prisma.sql`AND e.story_id = ${opts.storyId}::uuid` : Prisma.empty;
    const counts = await db.$queryRaw<{ story_id: string; type: string; node_id: string | null; choice_id: string | null; to_node_id: string | null; n: number }[]>`
      SELECT e.story_id::text AS story_id, e.event_type AS type, e.event_data->>'nodeId' AS node_id,
             e.event_data->>'choiceId' AS choice_id, e.event_data->>'toNodeId' AS to_node_id, count(*)::int AS n
      FROM events e
      WHERE e.story_id IN (${myStories}) ${only}
        AND e.event_type IN ('story_start', 'story_choice', 'story_complete')
        AND ${inRange}
      GROUP BY 1, 2, 3, 4, 5`;
    const startsBy = new Map<string, number>();
    for (const c of counts) if (c.type === "story_start") startsBy.set(c.story_id, (startsBy.get(c.story_id) ?? 0) + c.n);
    // Stories with plays, most started first; a requested story is shown even without plays.
    const ids = opts.storyId
      ? [opts.storyId]
      : [...startsBy.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, opts.limit).map(([id]) => id);
    if (!ids.length) return [];
    const stories = await db.story.findMany({
      where: { id: { in: ids }, creatorId: cid, deletedAt: null },
      include: {
        nodes: { select: { id: true, title: true, isEnding: true, deletedAt: true, nodeOrder: true } },
        choices: { select: { id: true, label: true, fromNodeId: true, toNodeId: true, deletedAt: true, position: true } },
      },
    });
    const byId = new Map(stories.map((s) => [s.id, s]));
    return ids.flatMap((id) => {
      const story = byId.get(id);
      return story ? [{ story, ...buildFunnel(story, counts.filter((c) => c.story_id === id)) }] : [];
    });
  }

  const allTime = memo(() => db.dashboardCreator.findUnique({ where: { creatorId: cid } }));

  return { creator, range, daily, totals, topContent, storyFunnels, allTime };
}

type FunnelStory = {
  id: string;
  startNodeId: string | null;
  nodes: { id: string; title: string | null; isEnding: boolean; deletedAt: Date | null; nodeOrder: number | null }[];
  choices: { id: string; label: string; fromNodeId: string; toNodeId: string; deletedAt: Date | null; position: number }[];
};

/**
 * Assembles the per-node funnel from grouped event counts: a node was arrived at by a story_start
 * naming it or a story_choice leading to it; it was left by a story_choice from it or a
 * story_complete ending on it; the rest dropped off there. Live nodes and choices are listed with
 * zeros; deleted ones only when events name them.
 */
export function buildFunnel(
  story: FunnelStory,
  counts: { type: string; node_id: string | null; choice_id: string | null; to_node_id: string | null; n: number }[],
): Omit<StoryFunnel, "storyId"> {
  const arrived = new Map<string, number>();
  const completions = new Map<string, number>();
  const taken = new Map<string, Map<string, { n: number; toNodeId: string | null }>>();
  const add = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  let starts = 0;
  let completed = 0;
  for (const c of counts) {
    if (c.type === "story_start") {
      starts += c.n;
      if (c.node_id) add(arrived, c.node_id, c.n);
    } else if (c.type === "story_complete") {
      completed += c.n;
      if (c.node_id) add(completions, c.node_id, c.n);
    } else if (c.type === "story_choice") {
      if (c.to_node_id) add(arrived, c.to_node_id, c.n);
      if (c.node_id && c.choice_id) {
        const m = taken.get(c.node_id) ?? new Map();
        const prev = m.get(c.choice_id);
        m.set(c.choice_id, { n: (prev?.n ?? 0) + c.n, toNodeId: prev?.toNodeId ?? c.to_node_id });
        taken.set(c.node_id, m);
      }
    }
  }
  const mentioned = new Set([...arrived.keys(), ...completions.keys(), ...taken.keys()]);
  const nodes = story.nodes
    .filter((n) => !n.deletedAt || mentioned.has(n.id))
    .sort((a, b) =>
      Number(b.id === story.startNodeId) - Number(a.id === story.startNodeId) ||
      (a.nodeOrder ?? Number.MAX_SAFE_INTEGER) - (b.nodeOrder ?? Number.MAX_SAFE_INTEGER) ||
      (a.id < b.id ? -1 : 1),
    );
  const known = new Set(nodes.map((n) => n.id));
  // Events may name a node that no longer exists at all: keep it (untitled) so counts add up.
  const unknown = [...mentioned].filter((id) => !known.has(id) && !story.nodes.some((n) => n.id === id)).sort();
  const all = [...nodes.map((n) => ({ id: n.id, title: n.title, isEnding: n.isEnding })), ...unknown.map((id) => ({ id, title: null, isEnding: false }))];
  const choiceById = new Map(story.choices.map((c) => [c.id, c]));
  return {
    starts,
    completions: completed,
    nodes: all.map((n) => {
      const counted = taken.get(n.id) ?? new Map<string, { n: number; toNodeId: string | null }>();
      const live = story.choices.filter((c) => c.fromNodeId === n.id && !c.deletedAt).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
      const ids = [...live.map((c) => c.id), ...[...counted.keys()].filter((id) => !live.some((c) => c.id === id)).sort()];
      const choices = ids.map((id) => ({
        choiceId: id,
        label: choiceById.get(id)?.label ?? null,
        toNodeId: choiceById.get(id)?.toNodeId ?? counted.get(id)?.toNodeId ?? null,
        taken: counted.get(id)?.n ?? 0,
      }));
      const left = choices.reduce((a, c) => a + c.taken, 0) + (completions.get(n.id) ?? 0);
      const here = arrived.get(n.id) ?? 0;
      return {
        nodeId: n.id,
        title: n.title,
        isStart: n.id === story.startNodeId,
        isEnding: n.isEnding,
        arrived: here,
        completions: completions.get(n.id) ?? 0,
        // Plays that began before the range can leave a node without having arrived in it.
        droppedOff: Math.max(0, here - left),
        choices,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Platform analytics (admins)
// ---------------------------------------------------------------------------------------------

export interface PlatformDay {
  date: string;
  signUps: number;
  activeUsers: number;
  revenue: Amount[];
}

export async function platformAnalytics(ctx: Context, args: { range: RangeInput; timezone?: string | null }) {
  if (!isAdmin(ctx.viewer)) throw errors.forbidden("Requires the ADMIN role.");
  const range = await resolveRange(ctx, args.range, args.timezone ?? "UTC");
  const db = ctx.prisma;
  const { start, end, timezone: tz } = range;
  const inRange = Prisma.sql`${OCCURRED} >= ${start} AND ${OCCURRED} < ${end}`;

  /** Daily, monthly and whole-range distinct active users from one scan (GROUPING SETS). */
  const active = memo(() =>
    db.$queryRaw<{ day: string | null; month: string | null; users: number }[]>`
      SELECT to_char(x.day, 'YYYY-MM-DD') AS day, x.month, count(DISTINCT x.user_id)::int AS users
      FROM (
        SELECT (${OCCURRED} AT TIME ZONE ${tz})::date AS day,
               to_char(${OCCURRED} AT TIME ZONE ${tz}, 'YYYY-MM') AS month, e.user_id
        FROM events e
        WHERE ${inRange} AND e.user_id IS NOT NULL
      ) x
      GROUP BY GROUPING SETS ((x.day), (x.month), ())`,
  );

  const signUps = memo(() =>
    db.$queryRaw<{ day: string; n: number }[]>`
      SELECT to_char((u.created_at AT TIME ZONE ${tz})::date, 'YYYY-MM-DD') AS day, count(*)::int AS n
      FROM users u WHERE u.created_at >= ${start} AND u.created_at < ${end}
      GROUP BY 1`,
  );

  /** COMPLETED payments by (day, currency), (purpose, currency) and (currency). */
  const revenue = memo(() =>
    db.$queryRaw<{ day: string | null; source: string | null; currency: string; amount: string; payments: number }[]>`
      SELECT to_char(x.day, 'YYYY-MM-DD') AS day, x.purpose::text AS source, x.currency::text AS currency,
             sum(x.amount)::text AS amount, count(*)::int AS payments
      FROM (
        SELECT (COALESCE(p.completed_at, p.created_at) AT TIME ZONE ${tz})::date AS day, p.purpose, p.currency, p.amount
        FROM payments p
        WHERE p.status = 'COMPLETED'
          AND COALESCE(p.completed_at, p.created_at) >= ${start} AND COALESCE(p.completed_at, p.created_at) < ${end}
      ) x
      GROUP BY GROUPING SETS ((x.day, x.currency), (x.purpose, x.currency), (x.currency))`,
  );

  const daily = memo(async (): Promise<PlatformDay[]> => {
    const [days, act, su, rev] = await Promise.all([
      db.$queryRaw<{ day: string }[]>`SELECT to_char(gs::date, 'YYYY-MM-DD') AS day FROM generate_series(${range.from}::date, ${range.to}::date, interval '1 day') AS gs ORDER BY 1`,
      active(),
      signUps(),
      revenue(),
    ]);
    const dau = new Map(act.filter((r) => r.day).map((r) => [r.day!, r.users]));
    const sus = new Map(su.map((r) => [r.day, r.n]));
    return days.map(({ day }) => ({
      date: day,
      signUps: sus.get(day) ?? 0,
      activeUsers: dau.get(day) ?? 0,
      revenue: sumByCurrency(rev.filter((r) => r.day === day && r.source === null)),
    }));
  });

  const totals = memo(async () => {
    const [act, su, rev] = await Promise.all([active(), signUps(), revenue()]);
    return {
      signUps: su.reduce((a, r) => a + r.n, 0),
      activeUsers: act.find((r) => r.day === null && r.month === null)?.users ?? 0,
      revenue: sumByCurrency(rev.filter((r) => r.day === null && r.source === null)),
    };
  });

  const monthly = memo(async () => {
    const act = await active();
    return act
      .filter((r) => r.month !== null)
      .map((r) => ({ month: r.month!, activeUsers: r.users }))
      .sort((a, b) => (a.month < b.month ? -1 : 1));
  });

  const revenueBySource = memo(async () => {
    const rev = await revenue();
    return rev
      .filter((r) => r.source !== null)
      .map((r) => ({ source: r.source!, currency: r.currency, amount: new Prisma.Decimal(r.amount), payments: r.payments }))
      .sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.currency < b.currency ? -1 : 1));
  });

  /** Creators ranked by views in the range, with their watch time, COMPLETED tips and sales. */
  async function topCreators(limit: number) {
    const top = await db.$queryRaw<{ creator_id: string; views: number; watch: string }[]>`
      SELECT x.creator_id::text AS creator_id, x.views, x.watch::text AS watch
      FROM (
        SELECT c.creator_id, count(*) FILTER (WHERE e.event_type = 'content_view')::int AS views,
               COALESCE(sum(CASE WHEN e.event_type = 'playback_progress' AND jsonb_typeof(e.event_data->'watchedSeconds') = 'number'
                                 THEN (e.event_data->>'watchedSeconds')::numeric END), 0) AS watch
        FROM events e JOIN content c ON c.id = e.content_id
        WHERE e.content_id IS NOT NULL AND e.event_type IN ('content_view', 'playback_progress') AND ${inRange}
        GROUP BY c.creator_id
      ) x
      ORDER BY x.views DESC, x.watch DESC, x.creator_id
      LIMIT ${limit}`;
    if (!top.length) return [];
    const ids = top.map((t) => t.creator_id);
    const [users, cash] = await Promise.all([
      db.user.findMany({ where: { id: { in: ids } } }),
      db.$queryRaw<{ kind: "tip" | "sale"; creator_id: string; currency: string; amount: string }[]>`
        SELECT 'tip' AS kind, t.to_creator_id::text AS creator_id, t.currency::text AS currency, sum(t.amount)::text AS amount
        FROM tips t LEFT JOIN payments p ON p.id = t.payment_id
        WHERE t.to_creator_id = ANY(${ids}::uuid[]) AND t.status = 'COMPLETED'
          AND COALESCE(p.completed_at, t.created_at) >= ${start} AND COALESCE(p.completed_at, t.created_at) < ${end}
        GROUP BY 2, 3
        UNION ALL
        SELECT 'sale', COALESCE(c.creator_id, s.creator_id)::text, pu.currency::text, sum(pu.amount_paid)::text
        FROM purchases pu
        LEFT JOIN content c ON c.id = pu.content_id
        LEFT JOIN content_series s ON s.id = pu.series_id
        WHERE pu.status = 'COMPLETED' AND COALESCE(c.creator_id, s.creator_id) = ANY(${ids}::uuid[])
          AND COALESCE(pu.purchased_at, pu.created_at) >= ${start} AND COALESCE(pu.purchased_at, pu.created_at) < ${end}
        GROUP BY 2, 3`,
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    return top.map((t) => ({
      creator: byId.get(t.creator_id)!,
      views: t.views,
      watchTimeSeconds: new Prisma.Decimal(t.watch),
      tips: sumByCurrency(cash.filter((m) => m.kind === "tip" && m.creator_id === t.creator_id)),
      sales: sumByCurrency(cash.filter((m) => m.kind === "sale" && m.creator_id === t.creator_id)),
    }));
  }

  return { range, daily, totals, monthly, revenueBySource, topCreators };
}

export type PlatformDashboard = Awaited<ReturnType<typeof platformAnalytics>>;
