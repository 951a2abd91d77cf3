// "My things": viewer.inProgressStories (started, not finished, most recently played first,
// following the stories' visibility) and viewer.highlights across stories; only the user themself
// and admins; statement counts do not grow with the number of rows.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { buildStory, gid, makeUser, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";

const START = `mutation($s: ID!) { startStory(storyId: $s) { id } }`;
const CHOOSE = `mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { completed } }`;
const MINE = `{ viewer { inProgressStories(first: 10) { totalCount edges { node { lastPlayedAt story { title } currentNode { title } } } }
  highlights(first: 10) { totalCount edges { node { title story { title } } } } } }`;

describe("viewer.inProgressStories and viewer.highlights", () => {
  let app: TestApp;
  let creator: TestUser;
  let fan: TestUser;
  const stories: BuiltStory[] = [];
  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    fan = await makeUser(app, ["MEMBER"], "fan");
    for (const title of ["Alpha", "Bravo", "Charlie", "Delta"]) {
      stories.push(await buildStory(app, creator.id, { title, nodes: { start: {}, end: { ending: true } }, choices: [["start", "end", "Finish"]] }));
    }
  });
  afterAll(() => app.close());

  it("lists started, unfinished, visible stories, most recently played first; highlights across stories", async () => {
    const [alpha, bravo, charlie, delta] = stories;
    for (const s of [alpha, bravo, charlie, delta]) {
      await app.ok(START, { s: s.gid }, { token: fan.token });
      app.clock.advance(60_000);
    }
    // Charlie finished; Alpha played again (now the most recent); Delta made private by its creator.
    expect((await app.ok(CHOOSE, { s: charlie.gid, c: gid("StoryChoice", charlie.choices[0]) }, { token: fan.token })).chooseChoice.completed).toBe(true);
    app.clock.advance(60_000);
    await app.ok(`mutation($s: ID!) { recordListenTime(storyId: $s, seconds: 30) { id } }`, { s: alpha.gid }, { token: fan.token });
    await app.prisma.story.update({ where: { id: delta.id }, data: { visibility: "PRIVATE" } });

    await app.ok(`mutation($s: ID!) { createHighlight(storyId: $s, input: { title: "Bravo bit" }) { id } }`, { s: bravo.gid }, { token: fan.token });
    app.clock.advance(1000);
    await app.ok(`mutation($s: ID!) { createHighlight(storyId: $s, input: { title: "Charlie bit" }) { id } }`, { s: charlie.gid }, { token: fan.token });
    app.clock.advance(1000);
    await app.ok(`mutation($s: ID!) { createHighlight(storyId: $s, input: { title: "Not the fan's" }) { id } }`, { s: alpha.gid }, { token: creator.token }); // someone else's

    const r = (await app.ok(MINE, {}, { token: fan.token })).viewer;
    expect(r.inProgressStories.edges.map((e: any) => e.node.story.title)).toEqual(["Alpha", "Bravo"]);
    expect(r.inProgressStories.totalCount).toBe(2);
    expect(r.inProgressStories.edges[0].node.currentNode).toEqual({ title: "start" });
    expect(r.highlights.edges.map((e: any) => [e.node.title, e.node.story.title])).toEqual([["Charlie bit", "Charlie"], ["Bravo bit", "Bravo"]]);
    expect(r.highlights.totalCount).toBe(2);

    // A deleted story drops out of both lists.
    await app.prisma.story.update({ where: { id: bravo.id }, data: { deletedAt: app.clock.now() } });
    const after = (await app.ok(MINE, {}, { token: fan.token })).viewer;
    expect(after.inProgressStories.edges.map((e: any) => e.node.story.title)).toEqual(["Alpha"]);
    expect(after.highlights.edges.map((e: any) => e.node.title)).toEqual(["Charlie bit"]);
  });

  it("is the user's own (admins may look); a fresh user has nothing", async () => {
    const other = await makeUser(app, ["MEMBER"], "other");
    const admin = await makeUser(app, ["ADMIN"], "admin");
    const q = `query($id: ID!) { node(id: $id) { ... on User { inProgressStories(first: 5) { totalCount } highlights(first: 5) { totalCount } } } }`;
    expect(errorCode(await app.gql(q, { id: gid("User", fan.id) }, { token: other.token }))).toBe("FORBIDDEN");
    expect((await app.ok(q, { id: gid("User", fan.id) }, { token: admin.token })).node.inProgressStories.totalCount).toBeGreaterThan(0);
    expect((await app.ok(MINE, {}, { token: other.token })).viewer).toEqual({ inProgressStories: { totalCount: 0, edges: [] }, highlights: { totalCount: 0, edges: [] } });
  });

  it("statement count does not grow with the rows", async () => {
    const heavy = await makeUser(app, ["MEMBER"], "heavy");
    const fresh: BuiltStory[] = [];
    for (const title of ["Echo", "Foxtrot", "Golf", "Hotel"]) fresh.push(await buildStory(app, creator.id, { title, nodes: { start: {}, end: { ending: true } } }));
    const count = async () => {
      app.db.stats.statements = 0;
      await app.ok(MINE, {}, { token: heavy.token });
      return app.db.stats.statements;
    };
    await app.ok(START, { s: fresh[0].gid }, { token: heavy.token });
    await app.ok(`mutation($s: ID!) { createHighlight(storyId: $s, input: { title: "One" }) { id } }`, { s: fresh[0].gid }, { token: heavy.token });
    const one = await count();
    for (const s of fresh.slice(1)) {
      await app.ok(START, { s: s.gid }, { token: heavy.token });
      await app.ok(`mutation($s: ID!) { createHighlight(storyId: $s, input: { title: "More" }) { id } }`, { s: s.gid }, { token: heavy.token });
    }
    const many = await count();
    expect(many).toBe(one);
    expect(one).toBeLessThanOrEqual(6);
  });
});
