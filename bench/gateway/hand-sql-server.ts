// Reference server 2: what a careful engineer writes by hand with node-postgres: one SQL statement
// per operation that builds the response JSON in PostgreSQL (json_build_object / json_agg,
// per-parent LIMITs in correlated subqueries), the same visibility conditions as the gateway's
// where-clauses for the viewer, the same bearer token check (jose, HS256), and the gateway's JSON
// shape (Relay edges and global ids). `tsx bench/gateway/hand-sql-server.ts` with DATABASE_URL,
// PORT, DB_POOL_MAX and JWT_SECRET.
import { createServer, type IncomingMessage } from "node:http";
import { jwtVerify } from "jose";
import pg from "pg";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
pool.on("error", () => undefined);
const secret = new TextEncoder().encode(process.env.JWT_SECRET ?? "");

/** The gateway's global id, base64url("Type:uuid"), in SQL (no line breaks below 57 bytes). */
const gid = (type: string, col: string) => `rtrim(translate(encode(convert_to('${type}:' || ${col}, 'UTF8'), 'base64'), '+/', '-_'), '=')`;
const user = (col: string) =>
  `(SELECT json_build_object('id', ${gid("User", "u.id")}, 'displayName', COALESCE(p.display_name, u.full_name))
      FROM users u LEFT JOIN user_profiles p ON p.user_id = u.id WHERE u.id = ${col})`;
/** { edges: [{ node: { id, body, author, replies? } }] } for the comments chosen by `where` (one correlated subquery). */
function commentEdges(alias: string, where: string, replies: string | null): string {
  return `json_build_object('edges', (
    SELECT COALESCE(json_agg(json_build_object('node', json_build_object('id', ${gid("Comment", `${alias}.id`)}, 'body', ${alias}.body,
      'author', ${user(`${alias}.author_id`)}${replies ? `, 'replies', ${replies}` : ""}))), '[]')
    FROM (SELECT id, body, author_id FROM comments WHERE ${where}) ${alias}))`;
}
const storyList = `deleted_at IS NULL AND ((status = 'PUBLISHED' AND visibility = 'PUBLIC') OR creator_id = $1::uuid)`;
const storyRead = `s.deleted_at IS NULL AND ((s.status = 'PUBLISHED' AND s.visibility IN ('PUBLIC', 'UNLISTED')) OR s.creator_id = $1::uuid)`;
const NEWEST = `published_at DESC NULLS LAST, created_at DESC, id DESC`;

const SQL: Record<string, string> = {
  Simple: `
    SELECT json_build_object('data', json_build_object('stories', json_build_object('edges',
      COALESCE(json_agg(json_build_object('node', json_build_object('id', ${gid("Story", "s.id")}, 'title', s.title))), '[]'))))::text AS body
    FROM (SELECT id, title FROM stories WHERE ${storyList} ORDER BY ${NEWEST} LIMIT 20) s`,
  Feed: `
    SELECT json_build_object('data', json_build_object('stories', json_build_object('edges', COALESCE(json_agg(json_build_object('node', json_build_object(
      'id', ${gid("Story", "s.id")}, 'title', s.title, 'creator', ${user("s.creator_id")},
      'nodes', json_build_object('edges', (
        SELECT COALESCE(json_agg(json_build_object('node', json_build_object('id', ${gid("StoryNode", "n.id")}, 'title', n.title, 'choices', (
          SELECT COALESCE(json_agg(json_build_object('id', ${gid("StoryChoice", "c.id")}, 'label', c.label,
                                                     'toNode', json_build_object('id', ${gid("StoryNode", "c.to_node_id")})) ORDER BY c.position, c.id), '[]')
          FROM story_choices c JOIN story_nodes t ON t.id = c.to_node_id
          WHERE c.from_node_id = n.id AND c.deleted_at IS NULL AND t.deleted_at IS NULL)))), '[]')
        FROM (SELECT id, title FROM story_nodes WHERE story_id = s.id AND deleted_at IS NULL ORDER BY node_order ASC NULLS LAST, id LIMIT 5) n)),
      'viewerProgress', (SELECT json_build_object('id', ${gid("StoryProgress", "pr.id")}, 'completed', pr.completed)
                           FROM user_story_progress pr WHERE pr.story_id = s.id AND pr.user_id = $1::uuid LIMIT 1)))), '[]'))))::text AS body
    FROM (SELECT id, title, creator_id FROM stories WHERE ${storyList} ORDER BY ${NEWEST} LIMIT $2) s`,
  Node: `
    SELECT json_build_object('data', json_build_object('node',
      (SELECT json_build_object('id', ${gid("Story", "s.id")}, 'title', s.title, 'description', s.description) FROM stories s WHERE s.id = $2::uuid AND ${storyRead})))::text AS body`,
  Tree: `
    SELECT json_build_object('data', json_build_object('story', (
      SELECT json_build_object('id', ${gid("Story", "s.id")}, 'comments', ${commentEdges(
        "c1",
        "story_id = s.id AND parent_id IS NULL AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20",
        commentEdges("c2", "parent_id = c1.id AND deleted_at IS NULL ORDER BY created_at, id LIMIT 5", commentEdges("c3", "parent_id = c2.id AND deleted_at IS NULL ORDER BY created_at, id LIMIT 3", null)),
      )})
      FROM stories s WHERE s.id = $2::uuid AND ${storyRead})))::text AS body`,
  // The CreatorDashboard operation's fields (totals + daily comments and new subscriptions) over
  // the same tables as src/domains/analytics/dashboard.ts (and range.ts), in the creator's time zone.
  CreatorDashboard: `
    WITH b AS (SELECT $2::date AS d0, $3::date AS d1, $4::text AS tz),
    days AS (SELECT generate_series(b.d0, b.d1, interval '1 day')::date AS day FROM b),
    lo AS (SELECT (b.d0::timestamp AT TIME ZONE b.tz) AS t0, ((b.d1 + 1)::timestamp AT TIME ZONE b.tz) AS t1, b.tz FROM b),
    mc AS (SELECT id FROM content WHERE creator_id = $1::uuid AND deleted_at IS NULL),
    ms AS (SELECT id FROM stories WHERE creator_id = $1::uuid AND deleted_at IS NULL),
    ev AS (SELECT count(*) FILTER (WHERE e.event_type = 'content_view') AS views, COALESCE(sum(e.watched_seconds) FILTER (WHERE e.content_id IS NOT NULL AND e.event_type IN ('content_view', 'playback_progress')), 0) AS watch,
                  count(*) FILTER (WHERE e.event_type = 'story_start') AS starts, count(*) FILTER (WHERE e.event_type = 'story_complete') AS completions
           FROM events e, lo WHERE (e.content_id IN (SELECT id FROM mc) OR e.story_id IN (SELECT id FROM ms)) AND e.occurred_at >= lo.t0 AND e.occurred_at < lo.t1),
    cm AS (SELECT (cm.created_at AT TIME ZONE lo.tz)::date AS day, count(*) AS n FROM comments cm, lo
           WHERE (cm.content_id IN (SELECT id FROM mc) OR cm.story_id IN (SELECT id FROM ms)) AND cm.deleted_at IS NULL AND cm.created_at >= lo.t0 AND cm.created_at < lo.t1 GROUP BY 1),
    sb AS (SELECT (sb.created_at AT TIME ZONE lo.tz)::date AS day, count(*) AS n FROM subscription_tiers t JOIN subscriptions sb ON sb.tier_id = t.id, lo
           WHERE t.creator_id = $1::uuid AND sb.created_at >= lo.t0 AND sb.created_at < lo.t1 GROUP BY 1)
    SELECT json_build_object('data', json_build_object('creatorDashboard', json_build_object(
      'from', to_char((SELECT d0 FROM b), 'YYYY-MM-DD'), 'to', to_char((SELECT d1 FROM b), 'YYYY-MM-DD'), 'timezone', (SELECT tz FROM b),
      'totals', json_build_object('content', (SELECT count(*) FROM mc), 'views', (SELECT views FROM ev), 'watchTimeSeconds', to_char((SELECT watch FROM ev), 'FM9999999999990.00'),
        'comments', COALESCE((SELECT sum(n) FROM cm), 0), 'subscribers',
        (SELECT count(DISTINCT s.user_id) FROM subscriptions s JOIN subscription_tiers t ON t.id = s.tier_id WHERE t.creator_id = $1::uuid AND s.status IN ('TRIALING', 'ACTIVE', 'PAST_DUE')),
        'storyStarts', (SELECT starts FROM ev), 'storyCompletions', (SELECT completions FROM ev), 'tips', '[]'::json, 'sales', '[]'::json),
      'daily', (SELECT json_agg(json_build_object('date', to_char(d.day, 'YYYY-MM-DD'), 'comments', COALESCE(cm.n, 0), 'newSubscriptions', COALESCE(sb.n, 0)) ORDER BY d.day)
                FROM days d LEFT JOIN cm ON cm.day = d.day LEFT JOIN sb ON sb.day = d.day))))::text AS body`,
};

function fromGid(id: unknown): string | null {
  if (typeof id !== "string") return null;
  const s = Buffer.from(id, "base64url").toString("utf8");
  const i = s.indexOf(":");
  return i > 0 ? s.slice(i + 1) : null;
}

async function viewerOf(req: IncomingMessage): Promise<string | null> {
  const h = req.headers.authorization;
  if (!h) return null;
  const { payload } = await jwtVerify(h.replace(/^Bearer\s+/i, ""), secret, { algorithms: ["HS256"] });
  return payload.sub ?? null;
}

async function answer(body: { operationName?: string; variables?: Record<string, unknown> }, viewer: string | null): Promise<string> {
  const v = body.variables ?? {};
  const op = body.operationName ?? "";
  const text = SQL[op];
  if (!text) throw new Error(`unknown operation ${op}`);
  let values: unknown[];
  if (op === "Simple") values = [viewer];
  else if (op === "Feed") values = [viewer, Math.min(Number(v.first ?? 20), 100)];
  else if (op === "Node" || op === "Tree") values = [viewer, fromGid(v.id)];
  else {
    if (!viewer) throw new Error("sign in");
    const range = v.range as { from: string; to: string };
    values = [viewer, range.from, range.to, (v.timezone as string) ?? "UTC"];
  }
  // Statements run over the extended protocol with a name, so PostgreSQL plans each once per connection.
  const r = await pool.query<{ body: string }>({ name: op, text, values });
  return r.rows[0].body;
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    (async () => {
      const viewer = await viewerOf(req);
      return answer(JSON.parse(Buffer.concat(chunks).toString("utf8")), viewer);
    })().then(
      (body) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(body);
      },
      (e: Error) => {
        res.writeHead(400, { "content-type": "application/json" });
        res.end(JSON.stringify({ errors: [{ message: e.message }] }));
      },
    );
  });
});
server.listen(Number(process.env.PORT ?? 4662), "127.0.0.1", () => process.stdout.write(`hand-sql listening on ${process.env.PORT ?? 4662}\n`));
for (const s of ["SIGTERM", "SIGINT"] as const) {
  process.once(s, () => {
    server.close();
    void pool.end().finally(() => process.exit(0));
  });
}
