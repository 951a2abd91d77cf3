// Audit scenarios for the story mutations (see test/helpers/audit.ts): each prepares its rows
// with app.prisma and returns a request that performs the mutation successfully.
import type { AuditScenario, AuditScenarios } from "../helpers/audit.ts";
import type { TestApp } from "../helpers/app.ts";
import { buildStory, gid, makeUser } from "../helpers/factories/stories.ts";

/** A creator with a published two-node story (start → ending) and a loose node. */
async function setup(app: TestApp, status: "DRAFT" | "PUBLISHED" = "PUBLISHED") {
  const creator = await makeUser(app, ["CREATOR"], "audit-creator");
  const story = await buildStory(app, creator.id, {
    status,
    nodes: { start: {}, end: { ending: true }, loose: {} },
    choices: [["start", "end", "Finish"], ["start", "loose", "Wander"]],
  });
  return { creator, story };
}

/** A listener who has started the story. */
async function listening(app: TestApp) {
  const s = await setup(app);
  const listener = await makeUser(app, ["MEMBER"], "audit-listener");
  await app.ok(`mutation($s: ID!) { startStory(storyId: $s) { id } }`, { s: s.story.gid }, { token: listener.token });
  return { ...s, listener };
}

const asCreator = (build: (s: Awaited<ReturnType<typeof setup>>) => { query: string; variables?: Record<string, unknown> }, status?: "DRAFT" | "PUBLISHED"): AuditScenario =>
  async (app) => {
    const s = await setup(app, status);
    return { ...build(s), token: s.creator.token };
  };

export const scenarios: AuditScenarios = {
  createStory: async (app) => {
    const creator = await makeUser(app, ["CREATOR"], "audit-creator");
    return { query: `mutation { createStory(input: { title: "Audited", tags: ["a"] }) { id } }`, token: creator.token };
  },
  updateStory: asCreator(({ story }) => ({ query: `mutation($id: ID!) { updateStory(id: $id, input: { title: "Renamed" }) { id } }`, variables: { id: story.gid } })),
  publishStory: asCreator(({ story }) => ({ query: `mutation($id: ID!) { publishStory(id: $id) { published } }`, variables: { id: story.gid } }), "DRAFT"),
  unpublishStory: asCreator(({ story }) => ({ query: `mutation($id: ID!) { unpublishStory(id: $id) { status } }`, variables: { id: story.gid } })),
  deleteStory: asCreator(({ story }) => ({ query: `mutation($id: ID!) { deleteStory(id: $id) }`, variables: { id: story.gid } })),
  restoreStory: async (app) => {
    const { story } = await setup(app);
    await app.prisma.story.update({ where: { id: story.id }, data: { deletedAt: app.clock.now() } });
    const admin = await makeUser(app, ["ADMIN"], "audit-admin");
    return { query: `mutation($id: ID!) { restoreStory(id: $id) { id } }`, variables: { id: story.gid }, token: admin.token };
  },
  setStartNode: asCreator(({ story }) => ({
    query: `mutation($s: ID!, $n: ID!) { setStartNode(storyId: $s, nodeId: $n) { id } }`,
    variables: { s: story.gid, n: story.nodeGid("loose") },
  })),
  addNode: asCreator(({ story }) => ({
    query: `mutation($s: ID!) { addNode(storyId: $s, input: { content: "More", narratorVoiceId: "eleven.rachel" }) { id } }`,
    variables: { s: story.gid },
  })),
  updateNode: asCreator(({ story }) => ({
    query: `mutation($id: ID!) { updateNode(id: $id, input: { content: "Changed", isEnding: true }) { id } }`,
    variables: { id: story.nodeGid("loose") },
  })),
  removeNode: asCreator(({ story }) => ({ query: `mutation($id: ID!) { removeNode(id: $id) }`, variables: { id: story.nodeGid("loose") } })),
  connectChoice: asCreator(({ story }) => ({
    query: `mutation($i: ConnectChoiceInput!) { connectChoice(input: $i) { id } }`,
    variables: { i: { fromNodeId: story.nodeGid("loose"), toNodeId: story.nodeGid("end"), label: "Go home" } },
  })),
  updateChoice: asCreator(({ story }) => ({
    query: `mutation($id: ID!) { updateChoice(id: $id, input: { label: "Finish now", gate: SUBSCRIPTION }) { id } }`,
    variables: { id: story.choiceGid(0) },
  })),
  removeChoice: asCreator(({ story }) => ({ query: `mutation($id: ID!) { removeChoice(id: $id) }`, variables: { id: story.choiceGid(1) } })),
  reorderChoices: asCreator(({ story }) => ({
    query: `mutation($n: ID!, $c: [ID!]!) { reorderChoices(nodeId: $n, choiceIds: $c) { id } }`,
    variables: { n: story.nodeGid("start"), c: [story.choiceGid(1), story.choiceGid(0)] },
  })),
  startStory: async (app) => {
    const { story } = await setup(app);
    const listener = await makeUser(app, ["MEMBER"], "audit-listener");
    return { query: `mutation($s: ID!) { startStory(storyId: $s) { id } }`, variables: { s: story.gid }, token: listener.token };
  },
  chooseChoice: async (app) => {
    const { story, listener } = await listening(app);
    return { query: `mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { id } }`, variables: { s: story.gid, c: story.choiceGid(0) }, token: listener.token };
  },
  restartStory: async (app) => {
    const { story, listener } = await listening(app);
    return { query: `mutation($s: ID!) { restartStory(storyId: $s) { id } }`, variables: { s: story.gid }, token: listener.token };
  },
  recordListenTime: async (app) => {
    const { story, listener } = await listening(app);
    return { query: `mutation($s: ID!) { recordListenTime(storyId: $s, seconds: 90) { id } }`, variables: { s: story.gid }, token: listener.token };
  },
  createHighlight: async (app) => {
    const { story } = await setup(app);
    const fan = await makeUser(app, ["MEMBER"], "audit-fan");
    return {
      query: `mutation($s: ID!, $n: [ID!]) { createHighlight(storyId: $s, input: { title: "Clip", durationSeconds: 30, nodeIds: $n }) { id } }`,
      variables: { s: story.gid, n: [story.nodeGid("start")] },
      token: fan.token,
    };
  },
  updateHighlight: async (app) => {
    const { story } = await setup(app);
    const fan = await makeUser(app, ["MEMBER"], "audit-fan");
    const h = await app.prisma.storyHighlight.create({ data: { storyId: story.id, userId: fan.id, title: "Clip" } });
    return {
      query: `mutation($id: ID!, $n: [ID!]) { updateHighlight(id: $id, input: { title: "Better clip", nodeIds: $n }) { id } }`,
      variables: { id: gid("StoryHighlight", h.id), n: [story.nodeGid("end")] },
      token: fan.token,
    };
  },
  deleteHighlight: async (app) => {
    const { story } = await setup(app);
    const fan = await makeUser(app, ["MEMBER"], "audit-fan");
    const h = await app.prisma.storyHighlight.create({ data: { storyId: story.id, userId: fan.id, title: "Clip" } });
    return { query: `mutation($id: ID!) { deleteHighlight(id: $id) }`, variables: { id: gid("StoryHighlight", h.id) }, token: fan.token };
  },
};
