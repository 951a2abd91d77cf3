// The compiled-plan cache (src/db/plan-cache.ts) caches how a read is compiled, never what it
// returned: a read repeated after a change answers the change, viewers whose where-clauses differ
// never share a plan, writes are never cached, and DB_PLAN_CACHE_SIZE=0 turns it off.
import { installPlanCache, planCacheStats } from "../../src/db/plan-cache.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { buildStory, makeUser, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";

const STORY = `query One($id: ID!) { node(id: $id) { ... on Story { id title } } }`;
const LIST = `query List { stories(first: 50) { edges { node { id title } } } }`;

describe("compiled query plans", () => {
  let app: TestApp;
  let creator: TestUser;
  let other: TestUser;
  let pub: BuiltStory;
  let priv: BuiltStory;
  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    other = await makeUser(app, ["MEMBER"], "other");
    pub = await buildStory(app, creator.id, { title: "Public one", nodes: { a: { ending: true } } });
    priv = await buildStory(app, creator.id, { title: "Private one", visibility: "PRIVATE", nodes: { a: { ending: true } } });
  });
  afterAll(async () => {
    installPlanCache(500);
    await app.close();
  });

  it("reuses the plan of a repeated read, and the read after a change answers the change", async () => {
    const titleOf = async () => ((await app.ok(STORY, { id: pub.gid })) as { node: { title: string } }).node.title;
    expect(await titleOf()).toBe("Public one");
    const before = planCacheStats();
    expect(await titleOf()).toBe("Public one");
    expect(planCacheStats().hits).toBeGreaterThan(before.hits);

    const renamed = await app.gql(`mutation($id: ID!) { updateStory(id: $id, input: { title: "Renamed" }) { id title } }`, { id: pub.gid }, { token: creator.token });
    expect(renamed.errors).toBeUndefined();
    expect(await titleOf()).toBe("Renamed");
    const titles = ((await app.ok(LIST)) as { stories: { edges: { node: { title: string } }[] } }).stories.edges.map((e) => e.node.title);
    expect(titles).toContain("Renamed");
    expect(titles).not.toContain("Public one");
  });

  it("never lets one viewer's plan answer for another: the private story, asked in turns", async () => {
    for (let round = 0; round < 3; round++) {
      const own = await app.gql(STORY, { id: priv.gid }, { token: creator.token });
      expect(own.data.node).toEqual({ id: priv.gid, title: "Private one" });
      const anonymous = await app.gql(STORY, { id: priv.gid });
      expect(anonymous.data.node).toBeNull();
      const stranger = await app.gql(STORY, { id: priv.gid }, { token: other.token });
      expect(stranger.data.node).toBeNull();
      const list = (await app.ok(LIST, {}, { token: other.token })) as { stories: { edges: { node: { id: string } }[] } };
      expect(list.stories.edges.map((e) => e.node.id)).not.toContain(priv.gid);
      const ownList = (await app.ok(LIST, {}, { token: creator.token })) as { stories: { edges: { node: { id: string } }[] } };
      expect(ownList.stories.edges.map((e) => e.node.id)).toContain(priv.gid);
    }
  });

  it("does not cache writes: the same create twice makes two rows with their own ids and times", async () => {
    const before = planCacheStats();
    const data = { creatorId: creator.id, title: "Same", status: "DRAFT" as const, visibility: "PUBLIC" as const, tags: [] };
    const a = await app.prisma.story.create({ data, select: { id: true, createdAt: true } });
    await new Promise((r) => setTimeout(r, 5));
    const b = await app.prisma.story.create({ data, select: { id: true, createdAt: true } });
    expect(a.id).not.toBe(b.id);
    const after = planCacheStats();
    expect(after.hits).toBe(before.hits);
    expect(after.misses).toBe(before.misses);
  });

  it("keeps at most DB_PLAN_CACHE_SIZE plans, and 0 turns it off", async () => {
    installPlanCache(2);
    for (const id of [pub.gid, priv.gid, pub.gid]) await app.gql(STORY, { id }, { token: creator.token });
    expect(planCacheStats().size).toBeLessThanOrEqual(2);
    installPlanCache(0);
    const before = planCacheStats();
    for (let i = 0; i < 3; i++) await app.gql(STORY, { id: pub.gid });
    expect(planCacheStats()).toMatchObject({ hits: before.hits, misses: before.misses, size: 0 });
  });
});
