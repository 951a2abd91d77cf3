// Author → validate → publish → play → branch → complete, through the API only.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { makeUser, type TestUser } from "../helpers/factories/stories.ts";

const PROGRESS = `id completed firstCompletedAt version totalListenTimeSeconds
  currentNode { id title isEnding }
  availableChoices { id label locked lockedReason }
  path { position node { title } choice { label } }`;

describe("a branching story from authoring to completion", () => {
  let app: TestApp;
  let creator: TestUser;
  let listener: TestUser;
  let other: TestUser;
  let storyId: string;
  const node: Record<string, string> = {};
  const choice: Record<string, string> = {};

  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["MEMBER", "CREATOR"], "creator");
    listener = await makeUser(app, ["MEMBER"], "listener");
    other = await makeUser(app, ["MEMBER"], "other");
  });
  afterAll(() => app.close());

  const gql = (q: string, v: Record<string, unknown>, u: TestUser) => app.gql(q, v, { token: u.token });
  const ok = (q: string, v: Record<string, unknown>, u: TestUser) => app.ok(q, v, { token: u.token });

  it("lets a creator author a story graph", async () => {
    const created = await ok(
      `mutation($input: CreateStoryInput!) { createStory(input: $input) { id title status visibility tags viewerCanEdit creator { id } } }`,
      { input: { title: "  The Lost Key ", description: "Find the key.", tags: ["Mystery", "kids", "mystery"], visibility: "PUBLIC" } },
      creator,
    );
    expect(created.createStory).toMatchObject({ title: "The Lost Key", status: "DRAFT", visibility: "PUBLIC", tags: ["mystery", "kids"], viewerCanEdit: true });
    storyId = created.createStory.id;

    const add = async (key: string, input: Record<string, unknown>) => {
      const r = await ok(`mutation($s: ID!, $i: AddStoryNodeInput!) { addNode(storyId: $s, input: $i) { id title isEnding order } }`, { s: storyId, i: { title: key, ...input } }, creator);
      node[key] = r.addNode.id;
      return r.addNode;
    };
    await add("intro", { content: "You wake up in a hallway.", start: true, narratorVoiceId: "eleven.rachel", characterVoices: { Owl: "eleven.adam" } });
    await add("forest", { content: "Trees everywhere." });
    await add("cave", { content: "It is dark.", educationalContent: { topic: "Caves", vocabulary: [{ term: "stalactite", definition: "Hangs from the ceiling." }] } });
    expect(await add("endA", { content: "You found the key!", isEnding: true })).toMatchObject({ isEnding: true, order: 3 });
    await add("endB", { content: "You found a different key.", isEnding: true });

    const connect = async (key: string, from: string, to: string, label: string) => {
      const r = await ok(`mutation($i: ConnectChoiceInput!) { connectChoice(input: $i) { id label position fromNode { id } toNode { id } } }`, { i: { fromNodeId: node[from], toNodeId: node[to], label } }, creator);
      choice[key] = r.connectChoice.id;
      return r.connectChoice;
    };
    await connect("toForest", "intro", "forest", "Walk into the forest");
    expect(await connect("toCave", "intro", "cave", "Enter the cave")).toMatchObject({ position: 1 });
    await connect("forestEnd", "forest", "endA", "Dig under the tree");
    await connect("caveEnd", "cave", "endB", "Light a torch");
    await connect("caveBack", "cave", "intro", "Run back");

    const story = await ok(
      `query($id: ID!) { story(id: $id) { startNode { id } nodeCount endingCount nodes(first: 10) { totalCount edges { node { title choices { label toNode { title } } } } } } }`,
      { id: storyId },
      creator,
    );
    expect(story.story.startNode.id).toBe(node.intro);
    expect(story.story).toMatchObject({ nodeCount: 5, endingCount: 2 });
    expect(story.story.nodes.edges[0].node).toEqual({
      title: "intro",
      choices: [
        { label: "Walk into the forest", toNode: { title: "forest" } },
        { label: "Enter the cave", toNode: { title: "cave" } },
      ],
    });
  });

  it("keeps the draft away from listeners", async () => {
    expect((await gql(`query($id: ID!) { story(id: $id) { id } }`, { id: storyId }, listener)).data.story).toBeNull();
    expect(errorCode(await gql(`mutation($s: ID!) { startStory(storyId: $s) { id } }`, { s: storyId }, listener))).toBe("NOT_FOUND");
  });

  it("validates and publishes it", async () => {
    const v = await ok(
      `query($s: ID!) { storyValidation(storyId: $s) { valid errors { code } warnings { code nodes { title } } endingCount reachableEndingCount shortestPathToEnding longestPathToEnding cycles { nodes { title } } } }`,
      { s: storyId },
      creator,
    );
    expect(v.storyValidation).toMatchObject({ valid: true, errors: [], endingCount: 2, reachableEndingCount: 2, shortestPathToEnding: 2, longestPathToEnding: 2 });
    expect(v.storyValidation.warnings).toEqual([{ code: "CYCLE", nodes: [{ title: "intro" }, { title: "cave" }] }]);

    expect(errorCode(await gql(`query($s: ID!) { storyValidation(storyId: $s) { valid } }`, { s: storyId }, listener))).toBe("NOT_FOUND");

    const p = await ok(`mutation($s: ID!) { publishStory(id: $s) { published validation { valid } story { status publishedAt } } }`, { s: storyId }, creator);
    expect(p.publishStory).toMatchObject({ published: true, validation: { valid: true }, story: { status: "PUBLISHED" } });
    expect(p.publishStory.story.publishedAt).toBeTruthy();
  });

  it("refuses other members' edits with FORBIDDEN", async () => {
    const r = await gql(`mutation($s: ID!) { updateStory(id: $s, input: { title: "Mine now" }) { id } }`, { s: storyId }, other);
    expect(errorCode(r)).toBe("FORBIDDEN");
    expect(errorCode(await gql(`mutation($s: ID!) { publishStory(id: $s) { published } }`, { s: storyId }, other))).toBe("FORBIDDEN");
  });

  let progressId: string;
  it("starts a listener at the start node, idempotently", async () => {
    const r = await ok(`mutation($s: ID!) { startStory(storyId: $s) { ${PROGRESS} } }`, { s: storyId }, listener);
    progressId = r.startStory.id;
    expect(r.startStory).toMatchObject({
      completed: false,
      version: 0,
      currentNode: { title: "intro" },
      availableChoices: [
        { label: "Walk into the forest", locked: false, lockedReason: null },
        { label: "Enter the cave", locked: false, lockedReason: null },
      ],
      path: [{ position: 0, node: { title: "intro" }, choice: null }],
    });
    const again = await ok(`mutation($s: ID!) { startStory(storyId: $s) { id version } }`, { s: storyId }, listener);
    expect(again.startStory).toEqual({ id: progressId, version: 0 });
    const s = await ok(`query($s: ID!) { story(id: $s) { playCount listenerCount viewerProgress { id } } }`, { s: storyId }, listener);
    expect(s.story).toEqual({ playCount: 1, listenerCount: 1, viewerProgress: { id: progressId } });
  });

  it("refuses a choice that does not leave the current node", async () => {
    const r = await gql(`mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { id } }`, { s: storyId, c: choice.forestEnd }, listener);
    expect(errorCode(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions!.reason).toBe("CHOICE_NOT_FROM_CURRENT_NODE");
  });

  it("branches through a loop to an ending and completes", async () => {
    const choose = (c: string) => ok(`mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { ${PROGRESS} } }`, { s: storyId, c: choice[c] }, listener);
    expect((await choose("toCave")).chooseChoice.currentNode.title).toBe("cave");
    expect((await choose("caveBack")).chooseChoice.currentNode.title).toBe("intro");
    await choose("toForest");
    const done = (await choose("forestEnd")).chooseChoice;
    expect(done).toMatchObject({ completed: true, version: 4, currentNode: { title: "endA", isEnding: true }, availableChoices: [] });
    expect(done.firstCompletedAt).toBeTruthy();
    expect(done.path.map((s: { node: { title: string } }) => s.node.title)).toEqual(["intro", "cave", "intro", "forest", "endA"]);
    expect(done.path[1].choice).toEqual({ label: "Enter the cave" });

    const after = await gql(`mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { id } }`, { s: storyId, c: choice.toForest }, listener);
    expect(errorCode(after)).toBe("CONFLICT");
    expect(after.errors![0].extensions!.reason).toBe("STORY_COMPLETED");

    const mine = await ok(`query($s: ID!) { myProgress(storyId: $s) { completed currentNode { title } } story(id: $s) { completionCount playCount } }`, { s: storyId }, listener);
    expect(mine).toEqual({ myProgress: { completed: true, currentNode: { title: "endA" } }, story: { completionCount: 1, playCount: 1 } });
  });

  it("records the creator funnel's analytics events", async () => {
    const raw = (key: string) => Buffer.from(key, "base64url").toString().split(":")[1];
    const events = await app.prisma.event.findMany({ where: { storyId: raw(storyId) }, orderBy: { serverTime: "asc" } });
    expect(events.map((e) => e.eventType)).toEqual(["story_start", "story_choice", "story_choice", "story_choice", "story_choice", "story_complete"]);
    for (const e of events) {
      expect(e.userId).toBe(listener.id);
      expect(e.dedupeKey).toBe(listener.id);
      expect(e.clientEventId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(new Set(events.map((e) => e.clientEventId)).size).toBe(events.length);
    expect(events[0].eventData).toEqual({ nodeId: raw(node.intro) });
    expect(events[1].eventData).toEqual({ nodeId: raw(node.intro), choiceId: raw(choice.toCave), toNodeId: raw(node.cave) });
    expect(events[5].eventData).toEqual({ nodeId: raw(node.endA) });
  });

  it("restarts from the start node, keeping the first completion", async () => {
    const r = await ok(`mutation($s: ID!) { restartStory(storyId: $s) { ${PROGRESS} } }`, { s: storyId }, listener);
    expect(r.restartStory).toMatchObject({ completed: false, version: 5, currentNode: { title: "intro" }, path: [{ position: 0, node: { title: "intro" } }] });
    expect(r.restartStory.firstCompletedAt).toBeTruthy();
    const choose = (c: string) => ok(`mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { completed } }`, { s: storyId, c: choice[c] }, listener);
    await choose("toCave");
    expect((await choose("caveEnd")).chooseChoice.completed).toBe(true);
    const s = await ok(`query($s: ID!) { story(id: $s) { completionCount playCount } }`, { s: storyId }, listener);
    expect(s.story).toEqual({ completionCount: 1, playCount: 1 });
  });

  it("adds bounded listen time, once per idempotency key", async () => {
    const listen = (seconds: number, key?: string) =>
      gql(`mutation($s: ID!, $n: Int!, $k: String) { recordListenTime(storyId: $s, seconds: $n, idempotencyKey: $k) { totalListenTimeSeconds } }`, { s: storyId, n: seconds, k: key }, listener);
    expect((await listen(120)).data.recordListenTime.totalListenTimeSeconds).toBe(120);
    expect((await listen(30, "listen-key-0001")).data.recordListenTime.totalListenTimeSeconds).toBe(150);
    expect((await listen(30, "listen-key-0001")).data.recordListenTime.totalListenTimeSeconds).toBe(150);
    for (const bad of [0, -5, 3601]) {
      const r = await listen(bad);
      expect(errorCode(r)).toBe("BAD_USER_INPUT");
      expect(r.errors![0].extensions!.field).toBe("seconds");
    }
    const o = await gql(`mutation($s: ID!) { recordListenTime(storyId: $s, seconds: 5) { id } }`, { s: storyId }, other);
    expect(o.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "STORY_NOT_STARTED" });
  });

  it("shows listeners' progress to the creator only", async () => {
    const q = `query($s: ID!) { story(id: $s) { listenerProgress(first: 5) { totalCount edges { node { listener { id } completed totalListenTimeSeconds } } } } }`;
    const mine = await ok(q, { s: storyId }, creator);
    expect(mine.story.listenerProgress).toEqual({ totalCount: 1, edges: [{ node: { listener: { id: expect.any(String) }, completed: true, totalListenTimeSeconds: 150 } }] });
    const theirs = await gql(q, { s: storyId }, other);
    expect(errorCode(theirs)).toBe("FORBIDDEN");
    // node() refetch follows the same rule: the creator may read it, another member may not.
    expect((await ok(`query($id: ID!) { node(id: $id) { id } }`, { id: progressId }, creator)).node).toEqual({ id: progressId });
    expect((await ok(`query($id: ID!) { node(id: $id) { id } }`, { id: progressId }, other)).node).toBeNull();
  });

  it("unpublishes: the story disappears for listeners", async () => {
    await ok(`mutation($s: ID!) { unpublishStory(id: $s) { status } }`, { s: storyId }, creator);
    expect((await ok(`query($s: ID!) { story(id: $s) { id } }`, { s: storyId }, listener)).story).toBeNull();
    expect((await ok(`query($s: ID!) { myProgress(storyId: $s) { id } }`, { s: storyId }, listener)).myProgress).toBeNull();
  });
});
