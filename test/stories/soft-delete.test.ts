// Soft delete of a story hides its nodes, comments, highlights and progress from everyone but
// admins; restore brings them back. Highlights CRUD for their owner.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { buildStory, gid, makeUser, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";

const HIGHLIGHT = `title description durationSeconds videoUrl owner { id } nodes { title } story { id }`;

describe("highlights", () => {
  let app: TestApp;
  let creator: TestUser;
  let fan: TestUser;
  let stranger: TestUser;
  let story: BuiltStory;
  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    fan = await makeUser(app, ["MEMBER"], "fan");
    stranger = await makeUser(app, ["MEMBER"], "stranger");
    story = await buildStory(app, creator.id, { nodes: { a: {}, b: {}, c: { ending: true } }, choices: [["a", "b"], ["b", "c"]] });
  });
  afterAll(() => app.close());

  const CREATE = `mutation($s: ID!, $i: StoryHighlightInput!) { createHighlight(storyId: $s, input: $i) { id ${HIGHLIGHT} } }`;

  it("lets a listener clip nodes of a story they can see, in order", async () => {
    const r = await app.ok(
      CREATE,
      { s: story.gid, i: { title: "Best bit", durationSeconds: 42, videoUrl: "https://video.example.test/clip.mp4", nodeIds: [story.nodeGid("b"), story.nodeGid("a")] } },
      { token: fan.token },
    );
    expect(r.createHighlight).toMatchObject({ title: "Best bit", durationSeconds: 42, owner: { id: gid("User", fan.id) }, nodes: [{ title: "b" }, { title: "a" }], story: { id: story.gid } });
    const list = await app.ok(`query($s: ID!) { story(id: $s) { highlights(first: 5) { totalCount edges { node { title } } } } }`, { s: story.gid });
    expect(list.story.highlights).toEqual({ totalCount: 1, edges: [{ node: { title: "Best bit" } }] });
  });

  it.each([
    ["durationSeconds", { title: "x", durationSeconds: 0 }],
    ["durationSeconds", { title: "x", durationSeconds: -3 }],
    ["title", { title: "" }],
    ["videoUrl", { title: "x", videoUrl: "ftp://nope" }],
  ])("refuses a bad %s", async (name, input) => {
    const r = await app.gql(CREATE, { s: story.gid, i: input }, { token: fan.token });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: name });
  });

  it("refuses nodes of another story or repeated nodes", async () => {
    const other = await buildStory(app, creator.id, { nodes: { x: {} } });
    for (const nodeIds of [[other.nodeGid("x")], [story.nodeGid("a"), story.nodeGid("a")], [story.gid]]) {
      const r = await app.gql(CREATE, { s: story.gid, i: { title: "x", nodeIds } }, { token: fan.token });
      expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "nodeIds" });
    }
  });

  it("lets only the owner (or an admin) change or delete it", async () => {
    const h = (await app.ok(CREATE, { s: story.gid, i: { title: "Mine" } }, { token: fan.token })).createHighlight;
    const UPDATE = `mutation($id: ID!, $i: UpdateStoryHighlightInput!) { updateHighlight(id: $id, input: $i) { ${HIGHLIGHT} } }`;
    expect(errorCode(await app.gql(UPDATE, { id: h.id, i: { title: "Stolen" } }, { token: stranger.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(`mutation($id: ID!) { deleteHighlight(id: $id) }`, { id: h.id }, { token: stranger.token }))).toBe("FORBIDDEN");
    const u = await app.ok(UPDATE, { id: h.id, i: { title: "Renamed", description: "Now with nodes", nodeIds: [story.nodeGid("c")] } }, { token: fan.token });
    expect(u.updateHighlight).toMatchObject({ title: "Renamed", description: "Now with nodes", nodes: [{ title: "c" }] });
    const bad = await app.gql(UPDATE, { id: h.id, i: { durationSeconds: 0 } }, { token: fan.token });
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "durationSeconds" });
    expect((await app.ok(`mutation($id: ID!) { deleteHighlight(id: $id) }`, { id: h.id }, { token: fan.token })).deleteHighlight).toBe(h.id);
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: h.id }, { token: fan.token })).node).toBeNull();
  });

  it("follows the story's visibility", async () => {
    const priv = await buildStory(app, creator.id, { visibility: "PRIVATE", nodes: { a: {} } });
    expect(errorCode(await app.gql(CREATE, { s: priv.gid, i: { title: "x" } }, { token: fan.token }))).toBe("NOT_FOUND");
    const h = (await app.ok(CREATE, { s: priv.gid, i: { title: "Creator's own" } }, { token: creator.token })).createHighlight;
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: h.id }, { token: fan.token })).node).toBeNull();
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: h.id }, { token: creator.token })).node).toEqual({ id: h.id });
  });
});

describe("soft delete and restore of a story", () => {
  let app: TestApp;
  let creator: TestUser;
  let fan: TestUser;
  let admin: TestUser;
  let story: BuiltStory;
  let commentId: string;
  let highlightId: string;
  let progressId: string;

  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    fan = await makeUser(app, ["MEMBER"], "fan");
    admin = await makeUser(app, ["ADMIN"], "admin");
    story = await buildStory(app, creator.id, { nodes: { a: {}, b: { ending: true } }, choices: [["a", "b"]] });
    commentId = (await app.ok(`mutation($s: ID!) { postComment(targetId: $s, body: "Great story") { id } }`, { s: story.gid }, { token: fan.token })).postComment.id;
    highlightId = (await app.ok(`mutation($s: ID!) { createHighlight(storyId: $s, input: { title: "Clip" }) { id } }`, { s: story.gid }, { token: fan.token })).createHighlight.id;
    progressId = (await app.ok(`mutation($s: ID!) { startStory(storyId: $s) { id } }`, { s: story.gid }, { token: fan.token })).startStory.id;
  });
  afterAll(() => app.close());

  const visible = async (token: string | undefined) => {
    const ids = { story: story.gid, node: story.nodeGid("a"), choice: story.choiceGid(0), comment: commentId, highlight: highlightId, progress: progressId };
    const out: Record<string, boolean> = {};
    for (const [k, id] of Object.entries(ids)) out[k] = !!(await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id }, { token })).node;
    return out;
  };
  const ALL = { story: true, node: true, choice: true, comment: true, highlight: true, progress: true };
  const NONE = { story: false, node: false, choice: false, comment: false, highlight: false, progress: false };

  it("is done by the creator and hides everything under the story from non-admins", async () => {
    expect(await visible(fan.token)).toEqual(ALL);
    expect(errorCode(await app.gql(`mutation($id: ID!) { deleteStory(id: $id) }`, { id: story.gid }, { token: fan.token }))).toBe("FORBIDDEN");
    expect((await app.ok(`mutation($id: ID!) { deleteStory(id: $id) }`, { id: story.gid }, { token: creator.token })).deleteStory).toBe(story.gid);

    expect(await visible(fan.token)).toEqual(NONE);
    expect(await visible(creator.token)).toEqual(NONE);
    expect(await visible(undefined)).toEqual(NONE);
    expect((await app.ok(`{ stories(first: 5) { totalCount } }`, {}, { token: creator.token })).stories.totalCount).toBe(0);
    expect(errorCode(await app.gql(`mutation($id: ID!) { postComment(targetId: $id, body: "hello?") { id } }`, { id: story.gid }, { token: fan.token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(`mutation($id: ID!) { startStory(storyId: $id) { id } }`, { id: story.gid }, { token: fan.token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(`mutation($id: ID!) { deleteStory(id: $id) }`, { id: story.gid }, { token: creator.token }))).toBe("NOT_FOUND");
  });

  it("stays fully visible to admins, deletedAt included", async () => {
    expect(await visible(admin.token)).toEqual(ALL);
    const r = await app.ok(
      `query($id: ID!) { story(id: $id) { deletedAt nodes(first: 5) { totalCount } comments(first: 5) { totalCount } highlights(first: 5) { totalCount } } }`,
      { id: story.gid },
      { token: admin.token },
    );
    expect(r.story.deletedAt).toBeTruthy();
    expect(r.story).toMatchObject({ nodes: { totalCount: 2 }, comments: { totalCount: 1 }, highlights: { totalCount: 1 } });
  });

  it("is undone only by admins, bringing everything back", async () => {
    const RESTORE = `mutation($id: ID!) { restoreStory(id: $id) { id deletedAt } }`;
    expect(errorCode(await app.gql(RESTORE, { id: story.gid }, { token: creator.token }))).toBe("FORBIDDEN");
    expect((await app.ok(RESTORE, { id: story.gid }, { token: admin.token })).restoreStory).toEqual({ id: story.gid, deletedAt: null });
    expect(await visible(fan.token)).toEqual(ALL);
    expect((await app.gql(RESTORE, { id: story.gid }, { token: admin.token })).errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_DELETED" });
    const audit = await app.prisma.auditLog.findMany({ where: { entityId: story.id, action: { in: ["story.delete", "story.restore"] } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["story.delete", creator.id], ["story.restore", admin.id]]);
  });
});
