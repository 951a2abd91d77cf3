// The benchmark data set, built with set-based SQL (generate_series) in a fresh database after
// the project's own migrations. Sizes follow issue 19: 5,000 published stories (plus 500 drafts
// and 100 private ones the lists must filter out), 20 nodes each with 2 choices per non-ending
// node, 50,000 comments in a 3-level tree, listeners with progress. Ids are md5-derived uuids, so
// every run has the same rows and the bench can name them without asking the database.
import { createHash } from "node:crypto";
import pg from "pg";
import { migrate } from "../../src/db/migrate.ts";

export const SIZES = {
  creators: 100,
  listeners: 2_000,
  publishedStories: 5_000,
  draftStories: 500,
  privateStories: 100,
  nodesPerStory: 20,
  /** Two hot stories carry 1,000 top-level comments × 5 replies × 3 replies each (21,000 apiece). */
  hotStories: 2,
  hotTop: 1_000,
  hotReplies: 5,
  hotSubReplies: 3,
  /** The other 8,000 comments are top-level, one each on the following stories. */
  otherComments: 8_000,
  progressPerListener: 10,
} as const;

/** `md5(kind || n)::uuid`: the same id in SQL and in the bench. */
export const uidSql = (kind: string, n: string) => `md5('${kind}' || (${n})::text)::uuid`;
export function uid(kind: string, n: number): string {
  const hex = createHash("md5").update(`${kind}${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const S = SIZES;
const STORIES = S.publishedStories + S.draftStories + S.privateStories;

function statements(): { label: string; sql: string }[] {
  const creatorOf = (story: string) => uidSql("creator", `1 + (${story}) % ${S.creators}`);
  return [
    { label: "seed", sql: `SELECT setseed(0.19)` },
    {
      label: "users",
      sql: `
        INSERT INTO users (id, email, full_name, timezone, created_at)
        SELECT ${uidSql("creator", "g")}, 'creator' || g || '@bench.test', 'Creator ' || g, 'UTC', now() - interval '400 days'
        FROM generate_series(1, ${S.creators}) g;
        INSERT INTO users (id, email, full_name, created_at)
        SELECT ${uidSql("listener", "g")}, 'listener' || g || '@bench.test', 'Listener ' || g, now() - interval '300 days'
        FROM generate_series(1, ${S.listeners}) g;
        UPDATE users SET password_hash = '$argon2id$v=19$m=19456,t=2,p=1$' || md5(id::text) || md5(email);
        INSERT INTO user_role (user_id, role) SELECT ${uidSql("creator", "g")}, 'CREATOR' FROM generate_series(1, ${S.creators}) g;
        INSERT INTO creators (user_id, display_name) SELECT ${uidSql("creator", "g")}, 'Creator ' || g FROM generate_series(1, ${S.creators}) g;`,
    },
    {
      // Stories 1..5000 published and public (story 1 newest), then drafts, then private ones.
      label: "stories",
      sql: `
        INSERT INTO stories (id, creator_id, title, description, visibility, status, published_at, tags, metadata, created_at, updated_at)
        SELECT ${uidSql("story", "g")}, ${creatorOf("g")}, 'Story ' || g, 'A branching story, number ' || g || '. ' || repeat('Once upon a time. ', 8),
               (CASE WHEN g > ${S.publishedStories + S.draftStories} THEN 'PRIVATE' ELSE 'PUBLIC' END)::visibility,
               (CASE WHEN g <= ${S.publishedStories} THEN 'PUBLISHED' ELSE 'DRAFT' END)::publish_status,
               CASE WHEN g <= ${S.publishedStories} THEN now() - g * interval '1 hour' END,
               ARRAY['tag' || (g % 20), 'genre' || (g % 7)],
               jsonb_build_object('ageRange', '8-12', 'minutes', 5 + g % 30),
               now() - g * interval '1 hour' - interval '1 day', now() - g * interval '1 hour'
        FROM generate_series(1, ${STORIES}) g;`,
    },
    {
      label: "nodes",
      sql: `
        INSERT INTO story_nodes (id, story_id, node_order, title, content, narrator_voice_id, character_voices, educational_content, is_ending)
        SELECT ${uidSql("node", `g * 100 + i`)}, ${uidSql("story", "g")}, i, 'Scene ' || i, repeat('The narrator speaks. ', 20 + i),
               'narrator-' || (i % 3), jsonb_build_object('hero', 'voice-' || (i % 4)), jsonb_build_object('facts', jsonb_build_array('fact ' || i)),
               i = ${S.nodesPerStory}
        FROM generate_series(1, ${STORIES}) g CROSS JOIN generate_series(1, ${S.nodesPerStory}) i;
        UPDATE stories s SET start_node_id = ${uidSql("node", "g * 100 + 1")}
        FROM generate_series(1, ${STORIES}) g WHERE s.id = ${uidSql("story", "g")};`,
    },
    {
      label: "choices",
      sql: `
        INSERT INTO story_choices (id, story_id, from_node_id, to_node_id, label, position)
        SELECT ${uidSql("choice", `g * 1000 + i * 10 + k`)}, ${uidSql("story", "g")}, ${uidSql("node", "g * 100 + i")},
               ${uidSql("node", `g * 100 + LEAST(i + k, ${S.nodesPerStory})`)}, 'Go to scene ' || LEAST(i + k, ${S.nodesPerStory}), k
        FROM generate_series(1, ${STORIES}) g CROSS JOIN generate_series(1, ${S.nodesPerStory - 1}) i CROSS JOIN generate_series(1, 2) k;`,
    },
    {
      label: "progress",
      sql: `
        INSERT INTO user_story_progress (user_id, story_id, current_node_id, total_listen_time_seconds, started_at, last_played_at)
        SELECT ${uidSql("listener", "l")}, ${uidSql("story", `1 + ((l * 37 + j * 101) % ${S.publishedStories})`)},
               ${uidSql("node", `(1 + ((l * 37 + j * 101) % ${S.publishedStories})) * 100 + 1 + (l + j) % 19`)}, 60 * j,
               now() - interval '10 days', now() - j * interval '1 hour'
        FROM generate_series(2, ${S.listeners}) l CROSS JOIN generate_series(1, ${S.progressPerListener}) j
        ON CONFLICT DO NOTHING;
        -- listener 1 (the feed's viewer) has progress on every second published story
        INSERT INTO user_story_progress (user_id, story_id, current_node_id, total_listen_time_seconds)
        SELECT ${uidSql("listener", "1")}, ${uidSql("story", "g")}, ${uidSql("node", "g * 100 + 2")}, 120
        FROM generate_series(1, ${S.publishedStories}, 2) g
        ON CONFLICT DO NOTHING;`,
    },
    {
      // Hot stories 1..2: top-level (level 1), replies (level 2), replies to replies (level 3).
      label: "comments",
      sql: `
        INSERT INTO comments (id, author_id, story_id, parent_id, body, created_at)
        SELECT ${uidSql("c1", "h * 10000 + t")}, ${uidSql("listener", `1 + (h * 7 + t) % ${S.listeners}`)}, ${uidSql("story", "h")}, NULL,
               'Top comment ' || t, now() - t * interval '1 minute'
        FROM generate_series(1, ${S.hotStories}) h CROSS JOIN generate_series(1, ${S.hotTop}) t;
        INSERT INTO comments (id, author_id, story_id, parent_id, body, created_at)
        SELECT ${uidSql("c2", "(h * 10000 + t) * 10 + r")}, ${uidSql("listener", `1 + (t * 5 + r) % ${S.listeners}`)}, ${uidSql("story", "h")},
               ${uidSql("c1", "h * 10000 + t")}, 'Reply ' || r || ' to ' || t, now() - t * interval '1 minute' + r * interval '1 second'
        FROM generate_series(1, ${S.hotStories}) h CROSS JOIN generate_series(1, ${S.hotTop}) t CROSS JOIN generate_series(1, ${S.hotReplies}) r;
        INSERT INTO comments (id, author_id, story_id, parent_id, body, created_at)
        SELECT ${uidSql("c3", "((h * 10000 + t) * 10 + r) * 10 + q")}, ${uidSql("listener", `1 + (t * 3 + r * 7 + q) % ${S.listeners}`)}, ${uidSql("story", "h")},
               ${uidSql("c2", "(h * 10000 + t) * 10 + r")}, 'Sub-reply ' || q, now() - t * interval '1 minute' + r * interval '1 second' + q * interval '1 millisecond'
        FROM generate_series(1, ${S.hotStories}) h CROSS JOIN generate_series(1, ${S.hotTop}) t CROSS JOIN generate_series(1, ${S.hotReplies}) r
             CROSS JOIN generate_series(1, ${S.hotSubReplies}) q;
        INSERT INTO comments (author_id, story_id, body, created_at)
        SELECT ${uidSql("listener", `1 + g % ${S.listeners}`)}, ${uidSql("story", `${S.hotStories + 1} + g % ${S.publishedStories - S.hotStories}`)},
               'Comment ' || g, now() - g * interval '1 minute'
        FROM generate_series(1, ${S.otherComments}) g;`,
    },
    { label: "analyze", sql: `ANALYZE` },
  ];
}

export interface Dataset {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates gw_bench_<suffix> on the server of `adminUrl`, migrates it and fills it. */
export async function buildDataset(adminUrl: string, suffix: string, log: (s: string) => void): Promise<Dataset> {
  const name = `gw_bench_${suffix}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const t0 = performance.now();
  await migrate(url);
  log(`migrations applied (${Math.round(performance.now() - t0)} ms)`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements()) {
      const t = performance.now();
      await client.query(s.sql);
      log(`data: ${s.label} (${Math.round(performance.now() - t)} ms)`);
    }
  } finally {
    await client.end();
  }
  return {
    url,
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
