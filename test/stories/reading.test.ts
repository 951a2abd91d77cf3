// Reading stories: the public connection (search, tag filter, ordering, visibility) and the
// nested query whose SQL statement count must not grow with the data.
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { buildStory, makeUser, type TestUser } from "../helpers/factories/stories.ts";

describe("the stories connection", () => {
  let app: TestApp;
  let creator: TestUser;
  let viewer: TestUser;
  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    viewer = await makeUser(app, ["MEMBER"], "viewer");
    const day = 86_400_000;
    const t0 = app.clock.now().getTime();
    const node = { s: {} };
    await buildStory(app, creator.id, { title: "Dragon Mountain", tags: ["fantasy", "dragons"], playCount: 50, completionCount: 5, publishedAt: new Date(t0 - 3 * day), nodes: node });
    await buildStory(app, creator.id, { title: "Space Pirates", tags: ["scifi"], playCount: 10, completionCount: 9, publishedAt: new Date(t0 - 2 * day), nodes: node });
    await buildStory(app, creator.id, { title: "The Quiet Lake", tags: ["calm"], playCount: 30, completionCount: 1, publishedAt: new Date(t0 - 1 * day), nodes: node });
    await app.prisma.story.updateMany({ where: { title: "The Quiet Lake" }, data: { description: "A dragon sleeps under the water." } });
    await buildStory(app, creator.id, { title: "Unlisted Dragon", visibility: "UNLISTED", tags: ["dragons"], nodes: node });
    await buildStory(app, creator.id, { title: "Private Dragon", visibility: "PRIVATE", tags: ["dragons"], nodes: node });
    await buildStory(app, creator.id, { title: "Draft Dragon", status: "DRAFT", tags: ["dragons"], nodes: node });
    const deleted = await buildStory(app, creator.id, { title: "Deleted Dragon", tags: ["dragons"], nodes: node });
    await app.prisma.story.update({ where: { id: deleted.id }, data: { deletedAt: app.clock.now() } });
  });
  afterAll(() => app.close());

  const titles = async (args: string, token?: string) => {
    const r = await app.ok(`{ stories(${args}) { totalCount edges { node { title } } } }`, {}, { token });
    return { total: r.stories.totalCount, titles: r.stories.edges.map((e: { node: { title: string } }) => e.node.title) };
  };

  it("lists published public stories, newest first", async () => {
    expect(await titles("first: 10")).toEqual({ total: 3, titles: ["The Quiet Lake", "Space Pirates", "Dragon Mountain"] });
    expect(await titles("first: 10", viewer.token)).toEqual({ total: 3, titles: ["The Quiet Lake", "Space Pirates", "Dragon Mountain"] });
  });

  it("searches title, description and tags; filters by tag", async () => {
    expect(await titles(`first: 10, search: "dragon"`)).toEqual({ total: 2, titles: ["The Quiet Lake", "Dragon Mountain"] });
    expect(await titles(`first: 10, search: "SCIFI"`)).toEqual({ total: 1, titles: ["Space Pirates"] });
    expect(await titles(`first: 10, tag: "dragons"`)).toEqual({ total: 1, titles: ["Dragon Mountain"] });
    expect(await titles(`first: 10, search: "nothing like this"`)).toEqual({ total: 0, titles: [] });
  });

  it("orders by most played and most completed, paging with cursors", async () => {
    expect((await titles("first: 10, orderBy: MOST_PLAYED")).titles).toEqual(["Dragon Mountain", "The Quiet Lake", "Space Pirates"]);
    expect((await titles("first: 10, orderBy: MOST_COMPLETED")).titles).toEqual(["Space Pirates", "Dragon Mountain", "The Quiet Lake"]);
    const page1 = await app.ok(`{ stories(first: 2, orderBy: MOST_PLAYED) { pageInfo { hasNextPage endCursor } edges { node { title } } } }`);
    expect(page1.stories.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.ok(`query($after: String) { stories(first: 2, after: $after, orderBy: MOST_PLAYED) { pageInfo { hasNextPage } edges { node { title } } } }`, { after: page1.stories.pageInfo.endCursor });
    expect(page2.stories).toEqual({ pageInfo: { hasNextPage: false }, edges: [{ node: { title: "Space Pirates" } }] });
  });

  it("shows the creator their own drafts and private stories, never deleted ones", async () => {
    const mine = await titles(`first: 20, mine: true, search: "dragon"`, creator.token);
    expect(mine.titles.sort()).toEqual(["Draft Dragon", "Dragon Mountain", "Private Dragon", "The Quiet Lake", "Unlisted Dragon"]);
    expect(await titles(`first: 20, mine: true`, viewer.token)).toEqual({ total: 0, titles: [] });
  });

  it("reads an unlisted story by id but not a private or deleted one", async () => {
    const rows = await app.prisma.story.findMany({ where: { title: { in: ["Unlisted Dragon", "Private Dragon", "Deleted Dragon"] } } });
    const byTitle = Object.fromEntries(rows.map((r) => [r.title, Buffer.from(`Story:${r.id}`).toString("base64url")]));
    const read = async (id: string) => (await app.ok(`query($id: ID!) { story(id: $id) { title } node(id: $id) { id } }`, { id }, { token: viewer.token }));
    expect((await read(byTitle["Unlisted Dragon"])).story).toEqual({ title: "Unlisted Dragon" });
    expect(await read(byTitle["Private Dragon"])).toEqual({ story: null, node: null });
    expect(await read(byTitle["Deleted Dragon"])).toEqual({ story: null, node: null });
  });
});

describe("the nested stories query", () => {
  const QUERY = `{
    stories(first: 20) {
      totalCount
      edges { node {
        id title nodeCount endingCount listenerCount completionCount
        creator { id displayName }
        startNode { id }
        viewerProgress { id completed version currentNode { id title } }
        nodes(first: 10) {
          totalCount
          edges { node { id title isEnding choices { id label position toNode { id title isEnding } } } }
        }
      } }
    }
  }`;

  async function measure(stories: number, nodesPerStory: number): Promise<{ statements: number; stories: number; nodes: number; choices: number }> {
    const app = await createTestApp();
    try {
      const viewer = await makeUser(app, ["MEMBER"], "viewer");
      for (let i = 0; i < stories; i++) {
        const creator = await makeUser(app, ["CREATOR"], `creator${i}`);
        const nodes: Record<string, { ending?: boolean }> = {};
        for (let n = 0; n < nodesPerStory; n++) nodes[`n${n}`] = { ending: n === nodesPerStory - 1 };
        const choices: [string, string][] = [];
        for (let n = 0; n < nodesPerStory - 1; n++) {
          choices.push([`n${n}`, `n${n + 1}`]);
          if (n + 2 < nodesPerStory) choices.push([`n${n}`, `n${n + 2}`]);
        }
        const story = await buildStory(app, creator.id, { title: `Story ${i}`, nodes, choices });
        await app.ok(`mutation($s: ID!) { startStory(storyId: $s) { id } }`, { s: story.gid }, { token: viewer.token });
      }
      app.db.stats.statements = 0;
      app.db.stats.log.length = 0;
      app.db.stats.keepLog = !!process.env.LOG_SQL;
      const data = await app.ok(QUERY, {}, { token: viewer.token });
      const statements = app.db.stats.statements;
      if (process.env.LOG_SQL) console.log(app.db.stats.log.map((q) => q.slice(0, 3000)).join("\n\n"));
      const edges = data.stories.edges;
      expect(edges.every((e: { node: { viewerProgress: unknown; creator: unknown } }) => e.node.viewerProgress && e.node.creator)).toBe(true);
      const nodes = edges.flatMap((e: { node: { nodes: { edges: { node: { choices: unknown[] } }[] } } }) => e.node.nodes.edges);
      return { statements, stories: edges.length, nodes: nodes.length, choices: nodes.reduce((n: number, e: { node: { choices: unknown[] } }) => n + e.node.choices.length, 0) };
    } finally {
      await app.close();
    }
  }

  it("runs in the same small number of SQL statements for 2 stories and for 20 stories of 15 nodes", async () => {
    const small = await measure(2, 3);
    const large = await measure(Number(process.env.BIG ?? 22), 15);
    expect(small).toMatchObject({ stories: 2, nodes: 6 });
    expect(large).toMatchObject({ stories: 20, nodes: 200, choices: 20 * 20 });
    expect(large.statements).toBe(small.statements);
    // 2 to resolve the viewer, 1 count, 9 for the nested selection, 1 batched ending count (measured: 13).
    expect(large.statements).toBeLessThanOrEqual(14);
  });
});
