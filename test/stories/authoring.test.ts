// Authoring: who may author, every input validated (BAD_USER_INPUT naming the field, nothing
// half-written), nodes and choices edited, removed, reordered.
import { createTestApp, errorCode, type GqlResult, type TestApp } from "../helpers/app.ts";
import { buildStory, gid, makeUser, makeVoicePack, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";

describe("authoring stories", () => {
  let app: TestApp;
  let creator: TestUser;
  let member: TestUser;
  let admin: TestUser;
  let story: BuiltStory;

  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["MEMBER", "CREATOR"], "creator");
    member = await makeUser(app, ["MEMBER"], "member");
    admin = await makeUser(app, ["ADMIN"], "admin");
    story = await buildStory(app, creator.id, { status: "DRAFT", nodes: { s: {}, a: {}, b: {}, end: { ending: true }, u: {} }, choices: [["s", "a"], ["s", "b"], ["s", "end"]] });
  });
  afterAll(() => app.close());

  const field = (r: GqlResult) => [errorCode(r), r.errors?.[0]?.extensions?.field];
  const CREATE = `mutation($i: CreateStoryInput!) { createStory(input: $i) { id title } }`;

  it("needs the CREATOR role to create (members cannot author)", async () => {
    expect(errorCode(await app.gql(CREATE, { i: { title: "x" } }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(CREATE, { i: { title: "x" } }, { token: member.token }))).toBe("FORBIDDEN");
    expect((await app.ok(CREATE, { i: { title: "By an admin" } }, { token: admin.token })).createStory.title).toBe("By an admin");
  });

  it.each([
    ["title", { title: "   " }],
    ["title", { title: "x".repeat(201) }],
    ["coverImageUrl", { title: "ok", coverImageUrl: "ftp://cdn.example.test/cover.png" }],
    ["coverImageUrl", { title: "ok", coverImageUrl: "not a url" }],
    ["description", { title: "ok", description: "d".repeat(5001) }],
    ["tags", { title: "ok", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }],
    ["tags.1", { title: "ok", tags: ["fine", "no/slashes"] }],
    ["visibility", { title: "ok", visibility: "MEMBERS_ONLY" }],
    ["metadata", { title: "ok", metadata: [1, 2] }],
    ["metadata", { title: "ok", metadata: { blob: "x".repeat(10_001) } }],
  ])("createStory refuses bad %s", async (name, input) => {
    const before = await app.prisma.story.count();
    expect(field(await app.gql(CREATE, { i: input }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", name]);
    expect(await app.prisma.story.count()).toBe(before);
  });

  const ADD = `mutation($s: ID!, $i: AddStoryNodeInput!) { addNode(storyId: $s, input: $i) { id } }`;
  it.each([
    ["content", { content: "" }],
    ["audioUrl", { content: "ok", audioUrl: "javascript:alert(1)" }],
    ["backgroundAudioUrl", { content: "ok", backgroundAudioUrl: "x".repeat(10) }],
    ["narratorVoiceId", { content: "ok", narratorVoiceId: "bad voice!" }],
    ["characterVoices", { content: "ok", characterVoices: ["eleven.adam"] }],
    ["characterVoices.Owl", { content: "ok", characterVoices: { Owl: "not a voice id" } }],
    ["characterVoices", { content: "ok", characterVoices: { "": "eleven.adam" } }],
    ["educationalContent", { content: "ok", educationalContent: { topic: "Caves", mystery: true } }],
    ["educationalContent.readingLevel", { content: "ok", educationalContent: { readingLevel: 6 } }],
    ["educationalContent.questions.0.options", { content: "ok", educationalContent: { questions: [{ question: "Why?", options: ["only one"] }] } }],
    ["educationalContent.links.0.url", { content: "ok", educationalContent: { links: [{ title: "x", url: "file:///etc/passwd" }] } }],
    ["order", { content: "ok", order: -1 }],
  ])("addNode refuses bad %s", async (name, input) => {
    const before = await app.prisma.storyNode.count();
    expect(field(await app.gql(ADD, { s: story.gid, i: input }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", name]);
    expect(await app.prisma.storyNode.count()).toBe(before);
  });

  it("stores valid voices and educational content as given", async () => {
    const educationalContent = {
      topic: "Owls",
      summary: "Owls hunt at night.",
      readingLevel: 2,
      ageRange: { min: 5, max: 8 },
      vocabulary: [{ term: "nocturnal", definition: "Active at night." }],
      facts: ["Owls can turn their heads 270 degrees."],
      questions: [{ question: "When do owls hunt?", options: ["Day", "Night"], answer: "Night" }],
      links: [{ title: "Owls", url: "https://kids.example.test/owls" }],
    };
    const r = await app.ok(
      `mutation($s: ID!, $i: AddStoryNodeInput!) { addNode(storyId: $s, input: $i) { characterVoices educationalContent narratorVoiceId audioUrl } }`,
      { s: story.gid, i: { content: "Hoot.", narratorVoiceId: "eleven.rachel", characterVoices: { Owl: "eleven.adam" }, educationalContent, audioUrl: "https://cdn.example.test/a.mp3" } },
      { token: creator.token },
    );
    expect(r.addNode).toEqual({ characterVoices: { Owl: "eleven.adam" }, educationalContent, narratorVoiceId: "eleven.rachel", audioUrl: "https://cdn.example.test/a.mp3" });
  });

  const CONNECT = `mutation($i: ConnectChoiceInput!) { connectChoice(input: $i) { id label position gate requiredVoicePackId } }`;
  it("validates choices: label, same-story target, gates, id types", async () => {
    const other = await buildStory(app, creator.id, { nodes: { x: {} } });
    const pack = await makeVoicePack(app, ["eleven.adam"]);
    const inactive = await makeVoicePack(app, ["eleven.old"], { isActive: false });
    const base = { fromNodeId: story.nodeGid("a"), toNodeId: story.nodeGid("end"), label: "Go" };
    const cases: [string, Record<string, unknown>][] = [
      ["label", { label: " " }],
      ["toNodeId", { toNodeId: other.nodeGid("x") }],
      ["fromNodeId", { fromNodeId: story.gid }],
      ["requiredVoicePackId", { gate: "VOICE_PACK" }],
      ["requiredVoicePackId", { gate: "VOICE_PACK", requiredVoicePackId: gid("VoicePack", inactive.id) }],
      ["requiredVoicePackId", { gate: "NONE", requiredVoicePackId: gid("VoicePack", pack.id) }],
      ["requiredVoicePackId", { gate: "VOICE_PACK", requiredVoicePackId: story.gid }],
      ["position", { position: -2 }],
    ];
    const before = await app.prisma.storyChoice.count();
    for (const [name, patch] of cases) {
      expect([patch, ...field(await app.gql(CONNECT, { i: { ...base, ...patch } }, { token: creator.token }))]).toEqual([patch, "BAD_USER_INPUT", name]);
    }
    expect(await app.prisma.storyChoice.count()).toBe(before);
    const gated = await app.ok(CONNECT, { i: { ...base, gate: "VOICE_PACK", requiredVoicePackId: gid("VoicePack", pack.id) } }, { token: creator.token });
    expect(gated.connectChoice).toMatchObject({ label: "Go", position: 0, gate: "VOICE_PACK", requiredVoicePackId: gid("VoicePack", pack.id) });
    const upd = await app.ok(
      `mutation($id: ID!) { updateChoice(id: $id, input: { gate: SUBSCRIPTION, label: "Members only" }) { label gate requiredVoicePackId } }`,
      { id: gated.connectChoice.id },
      { token: creator.token },
    );
    expect(upd.updateChoice).toEqual({ label: "Members only", gate: "SUBSCRIPTION", requiredVoicePackId: null });
  });

  it("refuses a malformed id with BAD_USER_INPUT", async () => {
    const r = await app.gql(`mutation { removeNode(id: "%%%") }`, {}, { token: creator.token });
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
  });

  it("updates stories and nodes partially, null clearing optional fields", async () => {
    const s = await app.ok(
      `mutation($id: ID!) { updateStory(id: $id, input: { description: "New", tags: ["A", "b"] }) { title description tags } }`,
      { id: story.gid },
      { token: creator.token },
    );
    expect(s.updateStory).toEqual({ title: "A story", description: "New", tags: ["a", "b"] });
    const cleared = await app.ok(`mutation($id: ID!) { updateStory(id: $id, input: { description: null }) { description } }`, { id: story.gid }, { token: creator.token });
    expect(cleared.updateStory.description).toBeNull();
    const n = await app.ok(
      `mutation($id: ID!) { updateNode(id: $id, input: { content: "Changed", isEnding: true, title: null }) { content isEnding title } }`,
      { id: story.nodeGid("u") },
      { token: creator.token },
    );
    expect(n.updateNode).toEqual({ content: "Changed", isEnding: true, title: null });
    expect(field(await app.gql(`mutation($id: ID!) { updateNode(id: $id, input: { content: "" }) { id } }`, { id: story.nodeGid("u") }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", "content"]);
  });

  it("reorders choices: the full set exactly once", async () => {
    const q = `mutation($n: ID!, $c: [ID!]!) { reorderChoices(nodeId: $n, choiceIds: $c) { choices { toNode { title } position } } }`;
    const [sa, sb, send] = [0, 1, 2].map((i) => story.choiceGid(i));
    expect(field(await app.gql(q, { n: story.nodeGid("s"), c: [sa, sb] }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", "choiceIds"]);
    expect(field(await app.gql(q, { n: story.nodeGid("s"), c: [sa, sa, sb] }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", "choiceIds"]);
    const r = await app.ok(q, { n: story.nodeGid("s"), c: [send, sa, sb] }, { token: creator.token });
    expect(r.reorderChoices.choices).toEqual([
      { toNode: { title: "end" }, position: 0 },
      { toNode: { title: "a" }, position: 1 },
      { toNode: { title: "b" }, position: 2 },
    ]);
  });

  it("removes choices and nodes softly; sets the start node to a live node of the story", async () => {
    const removed = await app.ok(`mutation($id: ID!) { removeChoice(id: $id) }`, { id: story.choiceGid(1) }, { token: creator.token });
    expect(removed.removeChoice).toBe(story.choiceGid(1));
    const choices = await app.ok(`query($id: ID!) { node(id: $id) { ... on StoryNode { choices { toNode { title } } } } }`, { id: story.nodeGid("s") }, { token: creator.token });
    expect(choices.node.choices).toEqual([{ toNode: { title: "end" } }, { toNode: { title: "a" } }]);
    expect(await app.prisma.storyChoice.count({ where: { id: story.choices[1] } })).toBe(1);

    await app.ok(`mutation($id: ID!) { removeNode(id: $id) }`, { id: story.nodeGid("a") }, { token: creator.token });
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: story.nodeGid("a") }, { token: creator.token })).node).toBeNull();
    const asAdmin = await app.ok(`query($id: ID!) { node(id: $id) { ... on StoryNode { deletedAt } } }`, { id: story.nodeGid("a") }, { token: admin.token });
    expect(asAdmin.node.deletedAt).toBeTruthy();
    // The choice into the removed node is hidden from the node's choices and reported as dangling.
    const v = await app.ok(`query($s: ID!) { storyValidation(storyId: $s) { errors { code } } story(id: $s) { nodeCount } }`, { s: story.gid }, { token: creator.token });
    expect(v.storyValidation.errors).toEqual([{ code: "DANGLING_CHOICE" }]);
    expect(v.story.nodeCount).toBe(5);
    expect(errorCode(await app.gql(`mutation($id: ID!) { removeNode(id: $id) }`, { id: story.nodeGid("a") }, { token: creator.token }))).toBe("NOT_FOUND");

    const other = await buildStory(app, creator.id, { nodes: { x: {} } });
    const set = `mutation($s: ID!, $n: ID!) { setStartNode(storyId: $s, nodeId: $n) { startNode { title } } }`;
    expect(field(await app.gql(set, { s: story.gid, n: other.nodeGid("x") }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", "nodeId"]);
    expect(field(await app.gql(set, { s: story.gid, n: story.nodeGid("a") }, { token: creator.token }))).toEqual(["BAD_USER_INPUT", "nodeId"]);
    expect((await app.ok(set, { s: story.gid, n: story.nodeGid("b") }, { token: creator.token })).setStartNode.startNode).toEqual({ title: "b" });
  });

  it("answers NOT_FOUND for a draft the viewer cannot see and FORBIDDEN for a visible story not theirs", async () => {
    const draft = await buildStory(app, creator.id, { status: "DRAFT", nodes: { s: {} } });
    const pub = await buildStory(app, creator.id, { nodes: { s: {} } });
    const add = (s: string) => app.gql(ADD, { s, i: { content: "x" } }, { token: member.token });
    expect(errorCode(await add(draft.gid))).toBe("NOT_FOUND");
    expect(errorCode(await add(pub.gid))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(`mutation($id: ID!) { updateNode(id: $id, input: { content: "x" }) { id } }`, { id: pub.nodeGid("s") }, { token: member.token }))).toBe("FORBIDDEN");
    // Admins author on any story.
    const r = await app.ok(ADD, { s: draft.gid, i: { content: "admin was here" } }, { token: admin.token });
    expect(r.addNode.id).toBeTruthy();
  });

  it("writes one audit row per change with old and new values", async () => {
    await app.ok(`mutation($id: ID!) { updateStory(id: $id, input: { title: "Renamed" }) { id } }`, { id: story.gid }, { token: creator.token });
    const row = await app.prisma.auditLog.findFirst({ where: { action: "story.update", entityId: story.id }, orderBy: { createdAt: "desc" } });
    expect(row).toMatchObject({ actorId: creator.id, entityType: "Story", oldValues: { title: "A story" }, newValues: { title: "Renamed" } });
    // An update that changes nothing writes nothing.
    const before = await app.prisma.auditLog.count();
    await app.ok(`mutation($id: ID!) { updateStory(id: $id, input: {}) { id } }`, { id: story.gid }, { token: creator.token });
    expect(await app.prisma.auditLog.count()).toBe(before);
  });
});
