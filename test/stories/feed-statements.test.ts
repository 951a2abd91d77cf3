// The feed (a page of stories with their creator, first 5 nodes, the nodes' choices and the
// viewer's progress: the benchmark's `feed`, bench/gateway/operations.ts) costs a number of SQL
// statements fixed by the query's depth: the same for a page of 5 stories as for 50.
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { makeUser, type TestUser } from "../helpers/factories/stories.ts";

const FEED = `query Feed($first: Int!) { stories(first: $first) { edges { node { id title creator { id displayName }
  nodes(first: 5) { edges { node { id title choices { id label toNode { id } } } } }
  viewerProgress { id completed } } } } }`;

const STORIES = 50;
const NODES = 8;

describe("the feed's SQL statements", () => {
  let app: TestApp;
  let viewer: TestUser;
  beforeAll(async () => {
    app = await createTestApp();
    viewer = await makeUser(app, ["MEMBER"], "viewer");
    const creators = await Promise.all([1, 2, 3].map((i) => makeUser(app, ["CREATOR"], `creator${i}`)));
    const creatorIds = `ARRAY[${creators.map((c) => `'${c.id}'::uuid`).join(",")}]`;
    const id = (kind: string, expr: string) => `md5('feed-${kind}' || (${expr})::text)::uuid`;
    // Set-based, like the benchmark's data set: stories, NODES nodes each, 2 choices per node, progress.
    await app.prisma.$executeRawUnsafe(`
      INSERT INTO stories (id, creator_id, title, visibility, status, published_at)
      SELECT ${id("s", "g")}, (${creatorIds})[1 + g % 3], 'Story ' || g, 'PUBLIC', 'PUBLISHED', now() - g * interval '1 hour'
      FROM generate_series(1, ${STORIES}) g`);
    await app.prisma.$executeRawUnsafe(`
      INSERT INTO story_nodes (id, story_id, node_order, title, content, is_ending)
      SELECT ${id("n", "g * 100 + i")}, ${id("s", "g")}, i, 'Scene ' || i, 'Text', i = ${NODES}
      FROM generate_series(1, ${STORIES}) g CROSS JOIN generate_series(1, ${NODES}) i`);
    await app.prisma.$executeRawUnsafe(`
      INSERT INTO story_choices (story_id, from_node_id, to_node_id, label, position)
      SELECT ${id("s", "g")}, ${id("n", "g * 100 + i")}, ${id("n", `g * 100 + LEAST(i + k, ${NODES})`)}, 'Go ' || k, k
      FROM generate_series(1, ${STORIES}) g CROSS JOIN generate_series(1, ${NODES - 1}) i CROSS JOIN generate_series(1, 2) k`);
    await app.prisma.$executeRawUnsafe(`
      INSERT INTO user_story_progress (user_id, story_id, current_node_id)
      SELECT '${viewer.id}'::uuid, ${id("s", "g")}, ${id("n", "g * 100 + 1")} FROM generate_series(1, ${STORIES}) g`);
  });
  afterAll(() => app.close());

  async function feed(first: number) {
    app.db.stats.statements = 0;
    app.db.stats.log.length = 0;
    app.db.stats.keepLog = !!process.env.LOG_SQL;
    const data = await app.ok(FEED, { first }, { token: viewer.token });
    const statements = app.db.stats.statements;
    if (process.env.LOG_SQL) console.log(`${statements} statements for first: ${first}\n${app.db.stats.log.map((q) => q.slice(0, 20000)).join("\n\n")}`);
    const edges = data.stories.edges as { node: { creator: unknown; viewerProgress: unknown; nodes: { edges: { node: { choices: { toNode: { id: string } }[] } }[] } } }[];
    return {
      statements,
      stories: edges.length,
      withCreatorAndProgress: edges.filter((e) => e.node.creator && e.node.viewerProgress).length,
      nodes: edges.reduce((n, e) => n + e.node.nodes.edges.length, 0),
      choices: edges.reduce((n, e) => n + e.node.nodes.edges.reduce((m, ne) => m + ne.node.choices.filter((c) => c.toNode?.id).length, 0), 0),
    };
  }

  it("is the same number of statements for 5 stories and for 50, and every row is there", async () => {
    await feed(5); // warm: first use of each compiled query
    const small = await feed(5);
    const large = await feed(50);
    expect(small).toMatchObject({ stories: 5, withCreatorAndProgress: 5, nodes: 25, choices: 50 });
    expect(large).toMatchObject({ stories: 50, withCreatorAndProgress: 50, nodes: 250, choices: 500 });
    expect(large.statements).toBe(small.statements);
    // viewer lookup + stories page + one statement per nested level (creator, nodes, choices, progress)
    expect(large.statements).toBeLessThanOrEqual(7);
  });
});
