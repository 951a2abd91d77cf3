// Analytics benchmark: `npx tsx bench/analytics.ts [postgres|embedded]` (default: both).
// Generates 1,000,000 app events, 100,000 content views (events + their analytics_views roll-up)
// and 10,000 story plays (start / choice / complete events) for 50 creators, plus tips, sales,
// comments and subscriptions, all with set-based INSERT … SELECT over generate_series. Then
// measures creatorDashboard over the last 90 days through the real GraphQL server (yoga.fetch):
// p50 and p95. Postgres: a scratch database on DATABASE_URL's server (default
// postgresql://postgres@127.0.0.1:5432/postgres), created and dropped here. Embedded: in-memory PGlite.
import pg from "pg";
import { loadConfig } from "../src/core/config.ts";
import { createDb } from "../src/db/client.ts";
import { EMBEDDED_MAX_CONNECTIONS, startEmbedded } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { signAccessToken } from "../src/domains/identity/tokens.ts";
import { createApp } from "../src/app/app.ts";
import { createLogger } from "../src/core/logger.ts";

const CREATORS = 50;
const VIEWERS = 20_000;
const CONTENT_PER_CREATOR = 20;
const STORIES_PER_CREATOR = 5;
const EVENTS = 1_000_000;
const VIEWS = 100_000;
const PLAYS = 10_000;
const DAYS_OF_DATA = 180;
const RANGE_DAYS = 90;
const RUNS = 40;
const WARMUP = 5;
const SECRET = "bench-secret-bench-secret-bench-secret-01";

const uid = (kind: string, n: string) => `md5('${kind}' || (${n})::text)::uuid`;

/** The data set, as set-based statements. random() is seeded per session for repeatable data. */
function generationSql(): { label: string; sql: string }[] {
  const contents = CREATORS * CONTENT_PER_CREATOR;
  const stories = CREATORS * STORIES_PER_CREATOR;
  const when = `now() - random() * interval '${DAYS_OF_DATA} days'`;
  const viewer = (expr: string) => uid("viewer", `1 + (${expr})`);
  return [
    { label: "seed", sql: `SELECT setseed(0.42)` },
    {
      label: "users",
      sql: `
        INSERT INTO users (id, email, full_name, timezone, created_at)
        SELECT ${uid("creator", "g")}, 'creator' || g || '@bench.test', 'Creator ' || g,
               (ARRAY['UTC', 'America/New_York', 'Europe/Paris', 'Asia/Kolkata', 'Asia/Tokyo'])[1 + g % 5], now() - interval '400 days'
        FROM generate_series(1, ${CREATORS}) g;
        INSERT INTO users (id, email, created_at)
        SELECT ${uid("viewer", "g")}, 'viewer' || g || '@bench.test', now() - random() * interval '365 days'
        FROM generate_series(1, ${VIEWERS}) g;
        INSERT INTO user_role (user_id, role) SELECT ${uid("creator", "g")}, 'CREATOR' FROM generate_series(1, ${CREATORS}) g;
        INSERT INTO creators (user_id, display_name) SELECT ${uid("creator", "g")}, 'Creator ' || g FROM generate_series(1, ${CREATORS}) g;`,
    },
    {
      label: "content and stories",
      sql: `
        INSERT INTO content (id, creator_id, title, slug, media_type, media_duration_seconds, visibility, status, published_at)
        SELECT ${uid("content", "g")}, ${uid("creator", `1 + g % ${CREATORS}`)}, 'Content ' || g, 'bench-content-' || g,
               (ARRAY['VIDEO', 'VIDEO', 'VIDEO', 'AUDIO', 'WRITTEN'])[1 + g % 5]::content_media_type, 300 + g % 3000,
               'PUBLIC', 'PUBLISHED', now() - interval '300 days'
        FROM generate_series(1, ${contents}) g;
        INSERT INTO stories (id, creator_id, title, visibility, status, published_at)
        SELECT ${uid("story", "g")}, ${uid("creator", `1 + g % ${CREATORS}`)}, 'Story ' || g, 'PUBLIC', 'PUBLISHED', now() - interval '300 days'
        FROM generate_series(1, ${stories}) g;
        INSERT INTO story_nodes (id, story_id, node_order, title, content, is_ending)
        SELECT ${uid("node", "s || '-' || i")}, ${uid("story", "s")}, i, 'Node ' || i, 'Text', i >= 6
        FROM generate_series(1, ${stories}) s, generate_series(0, 7) i;
        UPDATE stories SET start_node_id = md5('node' || (substr(title, 7) || '-0'))::uuid WHERE title LIKE 'Story %';
        INSERT INTO story_choices (id, story_id, from_node_id, to_node_id, label, position)
        SELECT ${uid("choice", "s || '-' || i || '-' || (i + k)")}, ${uid("story", "s")}, ${uid("node", "s || '-' || i")},
               ${uid("node", "s || '-' || (i + k)")}, 'Go ' || (i + k), k - 1
        FROM generate_series(1, ${stories}) s, generate_series(0, 5) i, generate_series(1, 2) k;`,
    },
    {
      label: `${EVENTS.toLocaleString()} app events`,
      sql: `
        INSERT INTO events (user_id, session_id, dedupe_key, client_event_id, event_type, event_data, content_id, client_time, server_time)
        SELECT x.user_id, x.session_id, COALESCE(x.user_id::text, 's:' || x.session_id), 'bench-' || x.g, x.type,
               CASE WHEN x.type = 'playback_progress'
                    THEN jsonb_build_object('positionSeconds', x.g % 3000, 'durationSeconds', 3000, 'watchedSeconds', 10, 'deviceType', 'mobile')
                    ELSE jsonb_build_object('path', '/p/' || x.g % 500) END,
               CASE WHEN x.type = 'playback_progress' THEN ${uid("content", `1 + x.g % ${contents}`)} END,
               CASE WHEN x.g % 5 <> 0 THEN x.t END, x.t + interval '2 seconds'
        FROM (
          SELECT g, ${when} AS t,
                 CASE WHEN random() < 0.7 THEN ${viewer(`floor(random() * ${VIEWERS})::int`)} END AS user_id,
                 'sess-' || floor(random() * 50000)::int AS session_id,
                 (ARRAY['page_view', 'page_view', 'page_view', 'page_view', 'screen_view', 'playback_progress', 'playback_progress',
                        'playback_progress', 'search', 'click'])[1 + floor(random() * 10)::int] AS type
          FROM generate_series(1, ${EVENTS}) g
        ) x;`,
    },
    {
      label: `${VIEWS.toLocaleString()} content views`,
      sql: `
        INSERT INTO events (user_id, session_id, dedupe_key, client_event_id, event_type, event_data, content_id, client_time, server_time)
        SELECT x.user_id, x.session_id, COALESCE(x.user_id::text, 's:' || x.session_id), 'view-' || x.g, 'content_view',
               jsonb_build_object('deviceType', x.device), ${uid("content", `1 + floor(random() * ${contents})::int`)}, x.t, x.t
        FROM (
          SELECT g, ${when} AS t,
                 CASE WHEN random() < 0.7 THEN ${viewer(`floor(random() * ${VIEWERS})::int`)} END AS user_id,
                 'sess-' || floor(random() * 50000)::int AS session_id,
                 (ARRAY['desktop', 'mobile', 'tablet', 'tv'])[1 + floor(random() * 4)::int] AS device
          FROM generate_series(1, ${VIEWS}) g
        ) x;
        INSERT INTO analytics_views (content_id, date, device_type, view_count, watch_time_seconds)
        SELECT e.content_id, (e.occurred_at AT TIME ZONE 'UTC')::date, COALESCE(e.event_data->>'deviceType', 'unknown'),
               count(*) FILTER (WHERE e.event_type = 'content_view'), COALESCE(sum(e.watched_seconds), 0)
        FROM events e WHERE e.event_type IN ('content_view', 'playback_progress')
        GROUP BY 1, 2, 3;
        UPDATE content c SET view_count = v.n
        FROM (SELECT content_id, count(*) AS n FROM events WHERE event_type = 'content_view' GROUP BY 1) v WHERE v.content_id = c.id;`,
    },
    {
      label: `${PLAYS.toLocaleString()} story plays`,
      sql: `
        CREATE TEMP TABLE plays AS
        SELECT p, 1 + p % ${stories} AS s, ${viewer(`floor(random() * ${VIEWERS})::int`)} AS u, ${when} AS t
        FROM generate_series(1, ${PLAYS}) p;
        CREATE TEMP TABLE walk AS
        WITH RECURSIVE w(p, step, node, prev) AS (
          SELECT p, 0, 0, NULL::int FROM plays
          UNION ALL
          SELECT p, step + 1, node + 1 + (random() < 0.5)::int, node FROM w WHERE node < 6 AND random() >= 0.15
        ) SELECT * FROM w;
        INSERT INTO events (user_id, dedupe_key, client_event_id, event_type, event_data, story_id, server_time)
        SELECT pl.u, pl.u::text, 'story-' || w.p || '-' || w.step,
               CASE WHEN w.step = 0 THEN 'story_start' ELSE 'story_choice' END,
               CASE WHEN w.step = 0 THEN jsonb_build_object('nodeId', ${uid("node", "pl.s || '-0'")})
                    ELSE jsonb_build_object('nodeId', ${uid("node", "pl.s || '-' || w.prev")},
                                            'choiceId', ${uid("choice", "pl.s || '-' || w.prev || '-' || w.node")},
                                            'toNodeId', ${uid("node", "pl.s || '-' || w.node")}) END,
               ${uid("story", "pl.s")}, pl.t + w.step * interval '30 seconds'
        FROM walk w JOIN plays pl ON pl.p = w.p;
        INSERT INTO events (user_id, dedupe_key, client_event_id, event_type, event_data, story_id, server_time)
        SELECT pl.u, pl.u::text, 'story-' || w.p || '-end', 'story_complete', jsonb_build_object('nodeId', ${uid("node", "pl.s || '-' || w.node")}),
               ${uid("story", "pl.s")}, pl.t + (w.step + 1) * interval '30 seconds'
        FROM walk w JOIN plays pl ON pl.p = w.p WHERE w.node >= 6;
        UPDATE stories s SET play_count = x.n FROM (SELECT story_id, count(*) AS n FROM events WHERE event_type = 'story_start' GROUP BY 1) x WHERE x.story_id = s.id;`,
    },
    {
      label: "tips, sales, comments, subscriptions",
      sql: `
        INSERT INTO payments (id, user_id, purpose, status, amount, provider, idempotency_key, completed_at, created_at)
        SELECT ${uid("tippay", "g")}, ${viewer(`g % ${VIEWERS}`)}, 'TIP', CASE WHEN g % 10 = 0 THEN 'PENDING' ELSE 'COMPLETED' END::payment_status,
               1 + g % 20, 'local', 'tip-' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE t END, t
        FROM (SELECT g, ${when} AS t FROM generate_series(1, 20000) g) x;
        INSERT INTO tips (from_user_id, to_creator_id, amount, status, payment_id, idempotency_key, created_at)
        SELECT p.user_id, ${uid("creator", `1 + (substr(p.idempotency_key, 5)::int) % ${CREATORS}`)}, p.amount, p.status, p.id, p.idempotency_key, p.created_at
        FROM payments p WHERE p.purpose = 'TIP';
        INSERT INTO payments (id, user_id, purpose, status, amount, provider, idempotency_key, content_id, completed_at, created_at)
        SELECT ${uid("salepay", "g")}, ${viewer(`g % ${VIEWERS}`)}, 'CONTENT', 'COMPLETED', 4.99, 'local', 'sale-' || g,
               ${uid("content", `1 + (g * 7) % ${contents}`)}, t, t
        FROM (SELECT g, ${when} AS t FROM generate_series(1, 10000) g) x;
        INSERT INTO purchases (customer_id, content_id, payment_id, amount_paid, status, purchased_at, idempotency_key, created_at)
        SELECT p.user_id, p.content_id, p.id, p.amount, 'COMPLETED', p.completed_at, p.idempotency_key, p.created_at
        FROM payments p WHERE p.purpose = 'CONTENT';
        INSERT INTO comments (author_id, content_id, body, created_at)
        SELECT ${viewer(`floor(random() * ${VIEWERS})::int`)}, ${uid("content", `1 + floor(random() * ${contents})::int`)}, 'Nice', ${when}
        FROM generate_series(1, 20000) g;
        INSERT INTO comments (author_id, story_id, body, created_at)
        SELECT ${viewer(`floor(random() * ${VIEWERS})::int`)}, ${uid("story", `1 + floor(random() * ${stories})::int`)}, 'Nice', ${when}
        FROM generate_series(1, 2000) g;
        INSERT INTO subscription_tiers (id, creator_id, name, slug, price_monthly)
        SELECT ${uid("tier", "g")}, ${uid("creator", "g")}, 'Tier ' || g, 'bench-tier-' || g, 5 FROM generate_series(1, ${CREATORS}) g;
        INSERT INTO subscriptions (user_id, tier_id, status, provider, current_period_start, current_period_end, created_at)
        SELECT ${viewer("g")}, ${uid("tier", `1 + g % ${CREATORS}`)}, CASE WHEN g % 5 = 0 THEN 'CANCELED' ELSE 'ACTIVE' END::subscription_status,
               'LOCAL', t, t + interval '30 days', t
        FROM (SELECT g, ${when} AS t FROM generate_series(0, 4999) g) x;`,
    },
    { label: "vacuum analyze", sql: `VACUUM ANALYZE` },
  ];
}

const DASHBOARD = `query($range: AnalyticsRangeInput!) {
  creatorDashboard(range: $range) {
    totals { content stories subscribers views watchTimeSeconds comments newSubscriptions storyStarts storyCompletions tips { amount currency } sales { amount currency } }
    daily { date views watchTimeSeconds comments newSubscriptions storyStarts storyCompletions tips { amount currency } sales { amount currency } }
    topContent { content { id title } views watchTimeSeconds }
    storyFunnels { story { id title } starts completions nodes { nodeId title arrived completions droppedOff choices { choiceId taken } } }
    allTime { totalContent totalViews totalWatchTimeSeconds totalTips totalComments }
  }
}`;

const PLATFORM = `query($range: AnalyticsRangeInput!) {
  platformAnalytics(range: $range) {
    totals { signUps activeUsers revenue { amount currency } }
    daily { date signUps activeUsers revenue { amount currency } }
    monthly { month activeUsers }
    revenueBySource { source currency amount payments }
    topCreators { creator { id } views watchTimeSeconds tips { amount currency } sales { amount currency } }
  }
}`;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function generate(url: string): Promise<Record<string, number>> {
  const client = await connected(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  });
  const timings: Record<string, number> = {};
  try {
    for (const step of generationSql()) {
      const t0 = performance.now();
      await client.query(step.sql);
      timings[step.label] = Math.round(performance.now() - t0);
      console.log(`  ${step.label}: ${(timings[step.label] / 1000).toFixed(1)} s`);
    }
    const counts = await client.query(`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM analytics_views)::int AS analytics_views,
      (SELECT count(*) FROM events WHERE event_type = 'content_view')::int AS views, (SELECT count(*) FROM events WHERE event_type = 'story_start')::int AS plays`);
    console.log(`  rows: ${JSON.stringify(counts.rows[0])}`);
  } finally {
    await client.end();
  }
  return timings;
}

/** The embedded server takes one connection at a time: wait until the previous one is gone. */
async function connected<T>(connect: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect();
    } catch (e) {
      if (attempt >= 50) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

async function measure(url: string, kind: "postgres" | "embedded", poolMax: number) {
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", JWT_SECRET: SECRET, DATABASE_URL: url, JOBS_SCHEDULER_ENABLED: "false" });
  const db = createDb({ url, poolMax });
  await connected(() => db.ping());
  const { yoga } = createApp({ config, db, log: createLogger("silent"), databaseKind: kind });
  const creators = (await db.prisma.user.findMany({ where: { email: { startsWith: "creator" } }, select: { id: true }, orderBy: { email: "asc" } })).map((u) => u.id);
  const admin = await db.prisma.user.upsert({
    where: { email: "bench-admin@bench.test" },
    create: { email: "bench-admin@bench.test", roles: { create: [{ role: "ADMIN" }] } },
    update: {},
  });
  const today = new Date();
  const range = {
    from: new Date(today.getTime() - (RANGE_DAYS - 1) * 86_400_000).toISOString().slice(0, 10),
    to: today.toISOString().slice(0, 10),
  };
  const run = async (query: string, userId: string) => {
    const token = await signAccessToken({ userId, sessionId: null }, SECRET, 900, new Date());
    const t0 = performance.now();
    const res = await yoga.fetch("http://bench/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables: { range } }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data: Record<string, any> };
    const ms = performance.now() - t0;
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return { ms, data: body.data };
  };
  for (let i = 0; i < WARMUP; i++) await run(DASHBOARD, creators[i % creators.length]);
  const times: number[] = [];
  let sample: Record<string, any> = {};
  for (let i = 0; i < RUNS; i++) {
    const r = await run(DASHBOARD, creators[(i * 7) % creators.length]);
    times.push(r.ms);
    sample = r.data;
  }
  times.sort((a, b) => a - b);
  // The noise floor of this machine: the cheapest signed-in request (2 statements of viewer lookup).
  const floor: number[] = [];
  for (let i = 0; i < RUNS; i++) floor.push((await run(`query { viewer { id } }`, creators[i % creators.length])).ms);
  floor.sort((a, b) => a - b);
  const platform: number[] = [];
  for (let i = 0; i < 3; i++) platform.push((await run(PLATFORM, admin.id)).ms);
  const captured: { query: string; params: string }[] = [];
  db.prisma.$on("query" as never, ((e: { query: string; params: string }) => captured.push(e)) as never);
  await run(DASHBOARD, creators[3]);
  await db.close();
  // After closing the pool: the embedded database serves one connection at a time.
  const sql = await sqlCost(url, captured);
  const t = sample.creatorDashboard.totals;
  return {
    creatorDashboard: { runs: RUNS, p50: +pct(times, 50).toFixed(1), p95: +pct(times, 95).toFixed(1), min: +times[0].toFixed(1), max: +times[times.length - 1].toFixed(1) },
    sqlBestOf5: sql,
    baselineViewerQuery: { p50: +pct(floor, 50).toFixed(1), p95: +pct(floor, 95).toFixed(1) },
    platformAnalyticsMs: platform.map((x) => +x.toFixed(0)),
    sampleTotals: { views: t.views, watchTimeSeconds: t.watchTimeSeconds, storyStarts: t.storyStarts, comments: t.comments, funnels: sample.creatorDashboard.storyFunnels.length },
  };
}

/**
 * What the dashboard's statements cost inside the database, apart from round trips and machine
 * load: each statement of one request (captured from Prisma's query events) is replayed with
 * EXPLAIN ANALYZE five times; the best planning and execution times are kept.
 */
async function sqlCost(url: string, captured: { query: string; params: string }[]) {
  const client = await connected(async () => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  });
  const out: { statement: string; planningMs: number; executionMs: number }[] = [];
  try {
    for (const { query, params } of captured) {
      let plan = Infinity;
      let exec = Infinity;
      for (let i = 0; i < 5; i++) {
        const r = await client.query(`EXPLAIN (ANALYZE, TIMING OFF, SUMMARY ON) ${query}`, JSON.parse(params));
        const text = r.rows.map((x: Record<string, string>) => x["QUERY PLAN"]).join("\n");
        plan = Math.min(plan, Number(/Planning Time: ([\d.]+)/.exec(text)?.[1] ?? NaN));
        exec = Math.min(exec, Number(/Execution Time: ([\d.]+)/.exec(text)?.[1] ?? NaN));
      }
      out.push({ statement: query.replace(/\s+/g, " ").trim().slice(0, 50), planningMs: plan, executionMs: exec });
    }
  } finally {
    await client.end();
  }
  return out;
}

async function onPostgres() {
  const adminUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  // BENCH_DB=<name> keeps (and reuses) a named database instead of a scratch one: for iterating
  // on queries without regenerating the data. Drop it yourself afterwards.
  const keep = process.env.BENCH_DB;
  const name = keep ?? `bench_analytics_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount === 1;
  if (!exists) await admin.query(`CREATE DATABASE "${name}"`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  try {
    console.log(`postgres (${keep ? "kept" : "scratch"} database ${name})`);
    let load: Record<string, number> = {};
    if (!exists) {
      await migrate(u.toString());
      load = await generate(u.toString());
    }
    return { load, ...(await measure(u.toString(), "postgres", 10)) };
  } finally {
    if (!keep) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}

async function onEmbedded() {
  console.log("embedded (in-memory PGlite)");
  const embedded = await startEmbedded();
  try {
    await migrate(embedded.url);
    const load = await generate(embedded.url);
    return { load, ...(await measure(embedded.url, "embedded", EMBEDDED_MAX_CONNECTIONS)) };
  } finally {
    await embedded.close();
  }
}

async function main() {
  const which = process.argv[2];
  if (!which || which === "postgres") console.log(JSON.stringify({ postgres: await onPostgres() }, null, 2));
  if (!which || which === "embedded") console.log(JSON.stringify({ embedded: await onEmbedded() }, null, 2));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
