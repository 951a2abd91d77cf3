// Every finding of storyValidation on purpose-built broken stories, and publishStory refusing
// errors while letting warnings through.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { buildStory, gid, makeUser, type StorySpec, type TestUser } from "../helpers/factories/stories.ts";

const REPORT = `valid nodeCount endingCount reachableEndingCount shortestPathToEnding longestPathToEnding longestPathExact
  startNode { title }
  errors { code message node { title } choice { label } }
  warnings { code node { title } nodes { title } }
  unreachableNodes { title } deadEndNodes { title } danglingChoices { label } cycles { nodes { title } }`;

describe("storyValidation", () => {
  let app: TestApp;
  let creator: TestUser;
  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
  });
  afterAll(() => app.close());

  async function check(spec: StorySpec) {
    const story = await buildStory(app, creator.id, { status: "DRAFT", ...spec });
    const r = await app.ok(`query($s: ID!) { storyValidation(storyId: $s) { ${REPORT} } }`, { s: story.gid }, { token: creator.token });
    return { story, report: r.storyValidation };
  }
  const codes = (issues: { code: string }[]) => issues.map((i) => i.code).sort();

  async function publish(storyGid: string) {
    const before = await app.prisma.auditLog.count({ where: { action: "story.publish" } });
    const r = await app.ok(`mutation($s: ID!) { publishStory(id: $s) { published story { status } validation { valid errors { code } } } }`, { s: storyGid }, { token: creator.token });
    const audited = (await app.prisma.auditLog.count({ where: { action: "story.publish" } })) - before;
    return { ...r.publishStory, audited };
  }

  it("a story without a start node: MISSING_START_NODE, publishing refused", async () => {
    const { story, report } = await check({ nodes: { a: {}, end: { ending: true } }, choices: [["a", "end"]], start: null });
    expect(report).toMatchObject({ valid: false, startNode: null, nodeCount: 2, endingCount: 1, reachableEndingCount: 0, shortestPathToEnding: null, unreachableNodes: [] });
    expect(report.errors).toEqual([{ code: "MISSING_START_NODE", message: "The story has no start node.", node: null, choice: null }]);
    const p = await publish(story.gid);
    expect(p).toEqual({ published: false, story: { status: "DRAFT" }, validation: { valid: false, errors: [{ code: "MISSING_START_NODE" }] }, audited: 0 });
  });

  it("a removed start node is a missing start node", async () => {
    const { story, report } = await check({ nodes: { a: { deleted: true }, b: {}, end: { ending: true } }, choices: [["b", "end"]] });
    expect(codes(report.errors)).toEqual(["MISSING_START_NODE"]);
    expect(report.errors[0].message).toMatch(/removed/);
    const s = await app.ok(`query($s: ID!) { story(id: $s) { startNode { id } } }`, { s: story.gid }, { token: creator.token });
    expect(s.story.startNode).toBeNull();
  });

  it("choices to removed nodes and to another story's nodes are dangling errors", async () => {
    const foreign = await buildStory(app, creator.id, { nodes: { x: {} } });
    const { story, report } = await check({
      nodes: { s: {}, gone: { deleted: true }, end: { ending: true } },
      choices: [["s", "end", "fine"], ["s", "gone", "to removed"], ["s", foreign.nodes.x, "to foreign"]],
    });
    expect(report.valid).toBe(false);
    expect(report.errors).toEqual([
      { code: "DANGLING_CHOICE", message: "The choice leads to a removed node.", node: { title: "s" }, choice: { label: "to removed" } },
      { code: "DANGLING_CHOICE", message: "The choice leads to a node of another story.", node: { title: "s" }, choice: { label: "to foreign" } },
    ]);
    expect(report.danglingChoices).toEqual([{ label: "to removed" }, { label: "to foreign" }]);
    expect((await publish(story.gid)).published).toBe(false);
  });

  it("no reachable ending is an error; dead ends and unreachable nodes are warnings", async () => {
    const { report } = await check({
      nodes: { s: {}, stuck: {}, island: {}, end: { ending: true } },
      choices: [["s", "stuck"], ["island", "end"]],
    });
    expect(codes(report.errors)).toEqual(["NO_REACHABLE_ENDING"]);
    expect(report).toMatchObject({ endingCount: 1, reachableEndingCount: 0, shortestPathToEnding: null, longestPathToEnding: null });
    expect(report.unreachableNodes).toEqual([{ title: "island" }, { title: "end" }]);
    expect(report.deadEndNodes).toEqual([{ title: "stuck" }]);
    expect(codes(report.warnings)).toEqual(["DEAD_END", "UNREACHABLE_NODE", "UNREACHABLE_NODE"]);
  });

  it("warnings alone do not block publishing", async () => {
    const { story, report } = await check({
      nodes: { s: {}, a: {}, deadEnd: {}, orphan: {}, end: { ending: true }, end2: { ending: true } },
      choices: [["s", "a"], ["a", "s"], ["a", "end"], ["s", "deadEnd"], ["orphan", "end2"]],
    });
    expect(report).toMatchObject({ valid: true, errors: [], endingCount: 2, reachableEndingCount: 1, shortestPathToEnding: 2, longestPathToEnding: 2 });
    expect(codes(report.warnings)).toEqual(["CYCLE", "DEAD_END", "UNREACHABLE_NODE", "UNREACHABLE_NODE"]);
    expect(report.cycles).toEqual([{ nodes: [{ title: "s" }, { title: "a" }] }]);
    expect(report.unreachableNodes).toEqual([{ title: "orphan" }, { title: "end2" }]);
    const p = await publish(story.gid);
    expect(p).toMatchObject({ published: true, story: { status: "PUBLISHED" }, audited: 1 });
  });

  it("measures the longest and shortest paths to an ending", async () => {
    const { report } = await check({
      nodes: { s: {}, a: {}, b: {}, c: {}, quick: { ending: true }, slow: { ending: true } },
      choices: [["s", "quick"], ["s", "a"], ["a", "b"], ["b", "c"], ["c", "slow"], ["b", "quick"]],
    });
    expect(report).toMatchObject({ valid: true, shortestPathToEnding: 1, longestPathToEnding: 4, longestPathExact: true, endingCount: 2, reachableEndingCount: 2 });
  });

  it("is only for the story's creator and admins", async () => {
    const story = await buildStory(app, creator.id, { nodes: { s: { ending: true } } });
    const member = await makeUser(app, ["MEMBER"], "member");
    const admin = await makeUser(app, ["ADMIN"], "admin");
    const q = `query($s: ID!) { storyValidation(storyId: $s) { valid shortestPathToEnding } }`;
    expect(errorCode(await app.gql(q, { s: story.gid }, { token: member.token }))).toBe("FORBIDDEN"); // published: visible, not theirs
    expect(errorCode(await app.gql(q, { s: story.gid }))).toBe("UNAUTHENTICATED");
    expect((await app.ok(q, { s: story.gid }, { token: admin.token })).storyValidation).toEqual({ valid: true, shortestPathToEnding: 0 });
    const bad = await app.gql(q, { s: gid("StoryNode", story.nodes.s) }, { token: creator.token });
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "storyId" });
  });
});
