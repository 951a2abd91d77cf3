// Dashboards: every number is aggregated in SQL (parameterised $queryRaw tagged templates), over a
// range of calendar days in a time zone. An event's time is occurred_at = COALESCE(client_time,
// server_time) — the validated client time when the app sent one, the server's otherwise — a
// generated column with covering indexes, so the scans are index-only. Local midnights are
// computed by Postgres (`date::timestamp AT TIME ZONE tz`, in a CTE of every statement), so day
// edges are exact, DST included. Round trips dominate on a busy machine, so the creator
// dashboard is three statements: the creator, all its numbers (one statement of CTEs), and the
// story funnels (only when asked for), plus the content/story rows the graph returns.
import { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { inRange, limitOf, localDay, memo, query, rangeCtes, resolveRange, sumByCurrency, TOP_MAX, type Amount, type RangeInput, type ResolvedRange } from "./range.ts";

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

export interface CreatorAllTime {
  totalContent: number;
  totalViews: number;
  totalWatchTime: Prisma.Decimal;
  totalTips: Prisma.Decimal;
  totalComments: number;
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

interface NumbersRow {
  daily: { date: string; views: number; watch: string; comments: number; subs: number; starts: number; completions: number }[];
  top: { contentId: string; views: number; watch: string }[];
  money: { kind: "tip" | "sale"; date: string; currency: string; amount: string }[];
  content: number;
  stories: number;
  subscribers: number;
  all_time: { total_content: number; total_views: number; total_watch_time: string; total_tips: string; total_comments: number } | null;
}

export type CreatorDashboard = Awaited<ReturnType<typeof creatorDashboard>>;

/** The creator sees their own dashboard, admins anyone's (also checked in rules.ts). */
export async function creatorDashboard(ctx: Context, args: { range: RangeInput; timezone?: string | null; creatorId?: string | null }) {
  const viewer = ctx.viewer;
  if (!viewer) throw errors.unauthenticated();
  const creatorId = args.creatorId ?? viewer.id;
  if (creatorId !== viewer.id && !isAdmin(viewer)) throw errors.forbidden("Only the creator and admins may see a creator's dashboard.");
  const creator = await ctx.prisma.user.findFirst({ where: { id: creatorId, ...(isAdmin(viewer) ? {} : { deletedAt: null }) } });
  if (!creator) throw errors.notFound("Creator", args.creatorId ?? undefined);
  const range = resolveRange(ctx, args.range, args.timezone ?? creator.timezone);
  return creatorDashboardFor(ctx, creator, range);
}

function creatorDashboardFor<U extends { id: string }>(ctx: Context, creator: U, range: ResolvedRange) {
  const db = ctx.prisma;
  const cid = creator.id;
  const tz = range.timezone;

  /** Every number of the dashboard but the funnels, in one statement. */
  const numbers = memo(async () => {
    const [row] = await query(() =>
      db.$queryRaw<NumbersRow[]>`
        WITH ${rangeCtes(range)},
        -- The creator's live content and stories. Events, comments and purchases are aggregated per
        -- item inside LATERAL subqueries: an index range scan per item, whatever the planner guesses
        -- for the range bounds (they come from the CTE b, unknown when the statement is planned).
        mc AS (SELECT id FROM content WHERE creator_id = ${cid}::uuid AND deleted_at IS NULL),
        ms AS (SELECT id FROM stories WHERE creator_id = ${cid}::uuid AND deleted_at IS NULL),
        v AS (
          SELECT mc.id AS content_id, x.day, x.views, x.watch
          FROM mc CROSS JOIN LATERAL (
            SELECT ${localDay(Prisma.sql`e.occurred_at`, tz)} AS day, count(*) FILTER (WHERE e.event_type = 'content_view') AS views,
                   COALESCE(sum(e.watched_seconds), 0) AS watch
            FROM events e
            WHERE e.content_id = mc.id AND e.event_type IN ('content_view', 'playback_progress') AND ${inRange(Prisma.sql`e.occurred_at`)}
            GROUP BY 1
          ) x
        ),
        v_day AS (SELECT day, sum(views) AS views, sum(watch) AS watch FROM v GROUP BY day),
        v_content AS (
          SELECT content_id, sum(views) AS views, sum(watch) AS watch FROM v GROUP BY content_id
          ORDER BY 2 DESC, 3 DESC, 1 LIMIT ${TOP_MAX}
        ),
        c_day AS (
          SELECT day, sum(n) AS n
          FROM (
            SELECT x.* FROM mc CROSS JOIN LATERAL (
              SELECT ${localDay(Prisma.sql`cm.created_at`, tz)} AS day, count(*) AS n FROM comments cm
              WHERE cm.content_id = mc.id AND cm.deleted_at IS NULL AND ${inRange(Prisma.sql`cm.created_at`)}
              GROUP BY 1
            ) x
            UNION ALL
            SELECT x.* FROM ms CROSS JOIN LATERAL (
              SELECT ${localDay(Prisma.sql`cm.created_at`, tz)} AS day, count(*) AS n FROM comments cm
              WHERE cm.story_id = ms.id AND cm.deleted_at IS NULL AND ${inRange(Prisma.sql`cm.created_at`)}
              GROUP BY 1
            ) x
          ) y
          GROUP BY day
        ),
        n_day AS (
          SELECT ${localDay(Prisma.sql`sb.created_at`, tz)} AS day, count(*) AS n
          FROM subscription_tiers t JOIN subscriptions sb ON sb.tier_id = t.id
          WHERE t.creator_id = ${cid}::uuid AND ${inRange(Prisma.sql`sb.created_at`)}
          GROUP BY 1
        ),
        s_day AS (
          SELECT x.day, sum(x.starts) AS starts, sum(x.completions) AS completions
          FROM ms CROSS JOIN LATERAL (
            SELECT ${localDay(Prisma.sql`e.occurred_at`, tz)} AS day,
                   count(*) FILTER (WHERE e.event_type = 'story_start') AS starts,
                   count(*) FILTER (WHERE e.event_type = 'story_complete') AS completions
            FROM events e
            WHERE e.story_id = ms.id AND e.event_type IN ('story_start', 'story_complete') AND ${inRange(Prisma.sql`e.occurred_at`)}
            GROUP BY 1
          ) x
          GROUP BY x.day
        ),
        -- COMPLETED tips (dated by their payment's completion) and COMPLETED sales of the
        -- creator's content and series (deleted ones included: the money was earned).
        sales AS (
          SELECT x.* FROM content c CROSS JOIN LATERAL (
            SELECT ${localDay(Prisma.sql`COALESCE(pu.purchased_at, pu.created_at)`, tz)} AS day, pu.currency, sum(pu.amount_paid) AS amount
            FROM purchases pu
            WHERE pu.content_id = c.id AND pu.status = 'COMPLETED' AND ${inRange(Prisma.sql`COALESCE(pu.purchased_at, pu.created_at)`)}
            GROUP BY 1, 2
          ) x
          WHERE c.creator_id = ${cid}::uuid
          UNION ALL
          SELECT x.* FROM content_series cs CROSS JOIN LATERAL (
            SELECT ${localDay(Prisma.sql`COALESCE(pu.purchased_at, pu.created_at)`, tz)} AS day, pu.currency, sum(pu.amount_paid) AS amount
            FROM purchases pu
            WHERE pu.series_id = cs.id AND pu.status = 'COMPLETED' AND ${inRange(Prisma.sql`COALESCE(pu.purchased_at, pu.created_at)`)}
            GROUP BY 1, 2
          ) x
          WHERE cs.creator_id = ${cid}::uuid
        ),
        m_day AS (
          SELECT 'tip' AS kind, to_char(${localDay(Prisma.sql`x.at`, tz)}, 'YYYY-MM-DD') AS day, x.currency::text AS currency, sum(x.amount)::text AS amount
          FROM (
            SELECT COALESCE((SELECT p.completed_at FROM payments p WHERE p.id = t.payment_id), t.created_at) AS at, t.currency, t.amount
            FROM tips t WHERE t.to_creator_id = ${cid}::uuid AND t.status = 'COMPLETED'
          ) x
          WHERE ${inRange(Prisma.sql`x.at`)}
          GROUP BY 2, 3
          UNION ALL
          SELECT 'sale', to_char(day, 'YYYY-MM-DD'), currency::text, sum(amount)::text FROM sales GROUP BY 2, 3
        )
        SELECT
          (SELECT jsonb_agg(jsonb_build_object(
                    'date', to_char(d.day, 'YYYY-MM-DD'), 'views', COALESCE(v.views, 0), 'watch', COALESCE(v.watch, 0)::text,
                    'comments', COALESCE(c.n, 0), 'subs', COALESCE(n.n, 0),
                    'starts', COALESCE(s.starts, 0), 'completions', COALESCE(s.completions, 0)) ORDER BY d.day)
             FROM days d
             LEFT JOIN v_day v ON v.day = d.day LEFT JOIN c_day c ON c.day = d.day
             LEFT JOIN n_day n ON n.day = d.day LEFT JOIN s_day s ON s.day = d.day) AS daily,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('contentId', content_id, 'views', views, 'watch', watch::text)
                                     ORDER BY views DESC, watch DESC, content_id) FROM v_content), '[]') AS top,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('kind', kind, 'date', day, 'currency', currency, 'amount', amount)) FROM m_day), '[]') AS money,
          (SELECT count(*) FROM mc)::int AS content,
          (SELECT count(*) FROM ms)::int AS stories,
          (SELECT count(DISTINCT sb.user_id) FROM subscriptions sb JOIN subscription_tiers t ON t.id = sb.tier_id
            WHERE t.creator_id = ${cid}::uuid AND sb.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE'))::int AS subscribers,
          (SELECT jsonb_build_object('total_content', d.total_content, 'total_views', d.total_views,
                                     'total_watch_time', d.total_watch_time::text, 'total_tips', d.total_tips::text,
                                     'total_comments', d.total_comments)
             FROM dashboard_creator d WHERE d.creator_id = ${cid}::uuid) AS all_time`,
    );
    return row;
  });

  const daily = memo(async (): Promise<CreatorDay[]> => {
    const n = await numbers();
    return n.daily.map((d) => {
      const pick = (kind: "tip" | "sale") => sumByCurrency(n.money.filter((m) => m.kind === kind && m.date === d.date));
      return {
        date: d.date,
        views: d.views,
        watchTimeSeconds: new Prisma.Decimal(d.watch),
        comments: d.comments,
        newSubscriptions: d.subs,
        storyStarts: d.starts,
        storyCompletions: d.completions,
        tips: pick("tip"),
        sales: pick("sale"),
      };
    });
  });

  /** Range totals are the sums of the daily series; content, stories and subscribers are "now". */
  const totals = memo(async (): Promise<CreatorTotals> => {
    const [n, days] = await Promise.all([numbers(), daily()]);
    const sum = (f: (d: CreatorDay) => number) => days.reduce((a, d) => a + f(d), 0);
    return {
      content: n.content,
      stories: n.stories,
      subscribers: n.subscribers,
      views: sum((d) => d.views),
      watchTimeSeconds: days.reduce((a, d) => a.plus(d.watchTimeSeconds), new Prisma.Decimal(0)),
      comments: sum((d) => d.comments),
      newSubscriptions: sum((d) => d.newSubscriptions),
      storyStarts: sum((d) => d.storyStarts),
      storyCompletions: sum((d) => d.storyCompletions),
      tips: sumByCurrency(n.money.filter((m) => m.kind === "tip")),
      sales: sumByCurrency(n.money.filter((m) => m.kind === "sale")),
    };
  });

  /** Live content with the most views in the range (then watch time), with the content rows. */
  async function topContent(limit?: number | null) {
    const top = (await numbers()).top.slice(0, limitOf(limit, 10, TOP_MAX));
    const rows = top.length ? await db.content.findMany({ where: { id: { in: top.map((t) => t.contentId) } } }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return top.map((t) => ({ content: byId.get(t.contentId)!, views: t.views, watchTimeSeconds: new Prisma.Decimal(t.watch) }));
  }

  async function storyFunnels(opts: { storyId?: string | null; limit?: number | null }) {
    const limit = limitOf(opts.limit, 10, 50);
    const only = opts.storyId ? Prisma.sql`AND s.id = ${opts.storyId}::uuid` : Prisma.sql`AND s.id IN (SELECT story_id FROM picked)`;
    const rows = await query(() =>
      db.$queryRaw<{ story_id: string; start_node_id: string | null; counts: FunnelCount[]; nodes: FunnelStory["nodes"]; choices: FunnelStory["choices"] }[]>`
        WITH ${rangeCtes(range)},
        c AS (
          SELECT s.id AS story_id, x.type, x.node_id, x.choice_id, x.to_node_id, x.n
          FROM stories s CROSS JOIN LATERAL (
            SELECT e.event_type AS type, e.event_data->>'nodeId' AS node_id, e.event_data->>'choiceId' AS choice_id,
                   e.event_data->>'toNodeId' AS to_node_id, count(*)::int AS n
            FROM events e
            WHERE e.story_id = s.id AND e.event_type IN ('story_start', 'story_choice', 'story_complete') AND ${inRange(Prisma.sql`e.occurred_at`)}
            GROUP BY 1, 2, 3, 4
          ) x
          WHERE s.creator_id = ${cid}::uuid AND s.deleted_at IS NULL ${opts.storyId ? Prisma.sql`AND s.id = ${opts.storyId}::uuid` : Prisma.empty}
        ),
        picked AS (
          SELECT story_id, sum(n) AS starts FROM c WHERE type = 'story_start' GROUP BY story_id ORDER BY 2 DESC, 1 LIMIT ${limit}
        )
        SELECT s.id::text AS story_id, s.start_node_id::text AS start_node_id,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('type', c.type, 'node_id', c.node_id, 'choice_id', c.choice_id,
                                                        'to_node_id', c.to_node_id, 'n', c.n))
                    FROM c WHERE c.story_id = s.id), '[]') AS counts,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'title', n.title, 'isEnding', n.is_ending,
                                                        'deleted', n.deleted_at IS NOT NULL, 'nodeOrder', n.node_order))
                    FROM story_nodes n WHERE n.story_id = s.id), '[]') AS nodes,
          COALESCE((SELECT jsonb_agg(jsonb_build_object('id', ch.id, 'label', ch.label, 'fromNodeId', ch.from_node_id,
                                                        'toNodeId', ch.to_node_id, 'deleted', ch.deleted_at IS NOT NULL,
                                                        'position', ch.position))
                    FROM story_choices ch WHERE ch.story_id = s.id), '[]') AS choices
        FROM stories s
        WHERE s.creator_id = ${cid}::uuid AND s.deleted_at IS NULL ${only}
        ORDER BY (SELECT starts FROM picked p WHERE p.story_id = s.id) DESC NULLS LAST, s.id`,
    );
    if (!rows.length) return [];
    const stories = await db.story.findMany({ where: { id: { in: rows.map((r) => r.story_id) } } });
    const byId = new Map(stories.map((s) => [s.id, s]));
    return rows.map((r) => ({
      story: byId.get(r.story_id)!,
      ...buildFunnel({ startNodeId: r.start_node_id, nodes: r.nodes, choices: r.choices }, r.counts),
    }));
  }

  const allTime = async (): Promise<CreatorAllTime> => {
    const a = (await numbers()).all_time;
    return {
      totalContent: a?.total_content ?? 0,
      totalViews: a?.total_views ?? 0,
      totalWatchTime: new Prisma.Decimal(a?.total_watch_time ?? 0),
      totalTips: new Prisma.Decimal(a?.total_tips ?? 0),
      totalComments: a?.total_comments ?? 0,
    };
  };

  return { creator, range, daily, totals, topContent, storyFunnels, allTime };
}

interface FunnelCount {
  type: string;
  node_id: string | null;
  choice_id: string | null;
  to_node_id: string | null;
  n: number;
}

interface FunnelStory {
  startNodeId: string | null;
  nodes: { id: string; title: string | null; isEnding: boolean; deleted: boolean; nodeOrder: number | null }[];
  choices: { id: string; label: string; fromNodeId: string; toNodeId: string; deleted: boolean; position: number }[];
}

/**
 * Assembles the per-node funnel from grouped event counts: a node was arrived at by a story_start
 * naming it or a story_choice leading to it; it was left by a story_choice from it or a
 * story_complete ending on it; the rest dropped off there. Live nodes and choices are listed with
 * zeros; deleted ones only when events name them.
 */
export function buildFunnel(story: FunnelStory, counts: FunnelCount[]): { starts: number; completions: number; nodes: FunnelNode[] } {
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
        const m = taken.get(c.node_id) ?? new Map<string, { n: number; toNodeId: string | null }>();
        const prev = m.get(c.choice_id);
        m.set(c.choice_id, { n: (prev?.n ?? 0) + c.n, toNodeId: prev?.toNodeId ?? c.to_node_id });
        taken.set(c.node_id, m);
      }
    }
  }
  const mentioned = new Set([...arrived.keys(), ...completions.keys(), ...taken.keys()]);
  const listed = story.nodes
    .filter((n) => !n.deleted || mentioned.has(n.id))
    .sort(
      (a, b) =>
        Number(b.id === story.startNodeId) - Number(a.id === story.startNodeId) ||
        (a.nodeOrder ?? Number.MAX_SAFE_INTEGER) - (b.nodeOrder ?? Number.MAX_SAFE_INTEGER) ||
        (a.id < b.id ? -1 : 1),
    );
  // Events may name a node that no longer exists at all: keep it (untitled) so the counts add up.
  const unknown = [...mentioned].filter((id) => !story.nodes.some((n) => n.id === id)).sort();
  const all = [...listed.map((n) => ({ id: n.id, title: n.title, isEnding: n.isEnding })), ...unknown.map((id) => ({ id, title: null, isEnding: false }))];
  const choiceById = new Map(story.choices.map((c) => [c.id, c]));
  return {
    starts,
    completions: completed,
    nodes: all.map((n) => {
      const counted = taken.get(n.id) ?? new Map<string, { n: number; toNodeId: string | null }>();
      const live = story.choices.filter((c) => c.fromNodeId === n.id && !c.deleted).sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
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
