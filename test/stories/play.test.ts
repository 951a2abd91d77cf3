// Playing: gates (voice packs, subscriptions), wrong-node and removed choices, concurrency on
// one progress, idempotent start, narrator voices falling back to the default voice.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { buildStory, gid, grantVoicePack, makeSubscription, makeUser, makeVoicePack, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";

const START = `mutation($s: ID!) { startStory(storyId: $s) { id version currentNode { title } availableChoices { label locked lockedReason requiredVoicePackId } } }`;
const CHOOSE = `mutation($s: ID!, $c: ID!) { chooseChoice(storyId: $s, choiceId: $c) { version currentNode { title } completed path { node { title } } } }`;

describe("playing a story", () => {
  let app: TestApp;
  let creator: TestUser;
  beforeAll(async () => {
    app = await createTestApp({ env: { STORY_DEFAULT_VOICE_ID: "narrator.basic", SUBSCRIPTION_GRACE_DAYS: "3" } });
    creator = await makeUser(app, ["CREATOR"], "creator");
  });
  afterAll(() => app.close());

  describe("gates", () => {
    let story: BuiltStory;
    let packId: string;
    beforeAll(async () => {
      const pack = await makeVoicePack(app, ["eleven.dragon"]);
      packId = pack.id;
      story = await buildStory(app, creator.id, {
        nodes: { s: {}, dragon: { ending: true }, members: { ending: true }, free: { ending: true } },
        choices: [
          ["s", "dragon", "Talk to the dragon", { gate: "VOICE_PACK", voicePackId: pack.id }],
          ["s", "members", "Members' door", { gate: "SUBSCRIPTION" }],
          ["s", "free", "Walk away"],
        ],
      });
    });

    async function freshListener() {
      const u = await makeUser(app, ["MEMBER"], "listener");
      const r = await app.ok(START, { s: story.gid }, { token: u.token });
      return { ...u, start: r.startStory };
    }

    it("flags locked choices with why, and refuses them with FORBIDDEN and a reason", async () => {
      const u = await freshListener();
      expect(u.start.availableChoices).toEqual([
        { label: "Talk to the dragon", locked: true, lockedReason: "VOICE_PACK_REQUIRED", requiredVoicePackId: gid("VoicePack", packId) },
        { label: "Members' door", locked: true, lockedReason: "SUBSCRIPTION_REQUIRED", requiredVoicePackId: null },
        { label: "Walk away", locked: false, lockedReason: null, requiredVoicePackId: null },
      ]);
      const voice = await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(0) }, { token: u.token });
      expect(voice.errors![0].extensions).toEqual({ code: "FORBIDDEN", reason: "VOICE_PACK_REQUIRED", requiredVoicePackId: gid("VoicePack", packId) });
      const sub = await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(1) }, { token: u.token });
      expect(sub.errors![0].extensions).toEqual({ code: "FORBIDDEN", reason: "SUBSCRIPTION_REQUIRED" });
      // Nothing moved.
      const p = await app.ok(`query($s: ID!) { myProgress(storyId: $s) { version currentNode { title } } }`, { s: story.gid }, { token: u.token });
      expect(p.myProgress).toEqual({ version: 0, currentNode: { title: "s" } });
    });

    it("opens the voice-pack gate for owners, not after a refund", async () => {
      const owner = await freshListener();
      await grantVoicePack(app, owner.id, packId);
      const r = await app.ok(CHOOSE, { s: story.gid, c: story.choiceGid(0) }, { token: owner.token });
      expect(r.chooseChoice).toMatchObject({ currentNode: { title: "dragon" }, completed: true });

      const refunded = await freshListener();
      await grantVoicePack(app, refunded.id, packId, true);
      expect(errorCode(await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(0) }, { token: refunded.token }))).toBe("FORBIDDEN");
    });

    type SubCase = { status: "ACTIVE" | "TRIALING" | "PAST_DUE" | "CANCELED"; creator?: boolean; otherCreator?: boolean; ended?: boolean; slug?: string };
    it.each<[string, SubCase, boolean]>([
      ["an active platform subscription", { status: "ACTIVE" }, true],
      ["a trial", { status: "TRIALING" }, true],
      ["a past-due subscription inside the grace period", { status: "PAST_DUE" }, true],
      ["a subscription to the story creator's tier", { status: "ACTIVE" , creator: true }, true],
      ["a canceled subscription", { status: "CANCELED" }, false],
      ["an active subscription whose period ended", { status: "ACTIVE" , ended: true }, false],
      ["the free tier", { status: "ACTIVE" , slug: "free" }, false],
      ["a subscription to another creator's tier", { status: "ACTIVE" , otherCreator: true }, false],
    ])("subscription gate with %s", async (_label, opts, open) => {
      const u = await freshListener();
      const otherCreator = opts.otherCreator ? await makeUser(app, ["CREATOR"], "other-creator") : null;
      await makeSubscription(app, u.id, {
        status: opts.status,
        slug: opts.slug,
        creatorId: opts.creator ? creator.id : otherCreator?.id ?? null,
        periodEnd: opts.ended ? new Date(app.clock.now().getTime() - 1000) : undefined,
      });
      const locked = await app.ok(`query($s: ID!) { myProgress(storyId: $s) { availableChoices { lockedReason } } }`, { s: story.gid }, { token: u.token });
      expect(locked.myProgress.availableChoices[1].lockedReason).toBe(open ? null : "SUBSCRIPTION_REQUIRED");
      const r = await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(1) }, { token: u.token });
      if (open) expect(r.data.chooseChoice.currentNode).toEqual({ title: "members" });
      else expect(r.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "SUBSCRIPTION_REQUIRED" });
    });

    it("closes the past-due grace period after SUBSCRIPTION_GRACE_DAYS", async () => {
      const u = await freshListener();
      await makeSubscription(app, u.id, { status: "PAST_DUE" });
      app.clock.advance(4 * 86_400_000);
      try {
        const token = await app.token(u.id);
        expect((await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(1) }, { token })).errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "SUBSCRIPTION_REQUIRED" });
      } finally {
        app.clock.advance(-4 * 86_400_000);
      }
    });

    it("lets the story's creator through every gate", async () => {
      const r = await app.ok(START, { s: story.gid }, { token: creator.token });
      expect(r.startStory.availableChoices.map((c: { locked: boolean }) => c.locked)).toEqual([false, false, false]);
      expect((await app.ok(CHOOSE, { s: story.gid, c: story.choiceGid(0) }, { token: creator.token })).chooseChoice.currentNode).toEqual({ title: "dragon" });
    });
  });

  describe("moves", () => {
    let story: BuiltStory;
    beforeAll(async () => {
      story = await buildStory(app, creator.id, {
        nodes: { s: {}, left: {}, right: {}, gone: {}, end: { ending: true } },
        choices: [["s", "left"], ["s", "right"], ["s", "gone"], ["left", "end"], ["right", "end"]],
      });
      await app.prisma.storyNode.update({ where: { id: story.nodes.gone }, data: { deletedAt: app.clock.now() } });
    });

    it("needs a started progress, a signed-in listener and a visible story", async () => {
      const u = await makeUser(app);
      expect((await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(0) }, { token: u.token })).errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "STORY_NOT_STARTED" });
      expect(errorCode(await app.gql(START, { s: story.gid }))).toBe("UNAUTHENTICATED");
      const draft = await buildStory(app, creator.id, { status: "DRAFT", nodes: { s: {} } });
      expect(errorCode(await app.gql(START, { s: draft.gid }, { token: u.token }))).toBe("NOT_FOUND");
      const noStart = await buildStory(app, creator.id, { nodes: { s: {} }, start: null });
      expect((await app.gql(START, { s: noStart.gid }, { token: u.token })).errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "STORY_NOT_PLAYABLE" });
    });

    it("hides and refuses a choice into a removed node, and choices of another story", async () => {
      const u = await makeUser(app);
      const r = await app.ok(START, { s: story.gid }, { token: u.token });
      expect(r.startStory.availableChoices.map((c: { label: string }) => c.label)).toEqual(["s → left", "s → right"]);
      expect(errorCode(await app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(2) }, { token: u.token }))).toBe("NOT_FOUND");
      const other = await buildStory(app, creator.id, { nodes: { x: {}, y: {} }, choices: [["x", "y"]] });
      expect(errorCode(await app.gql(CHOOSE, { s: story.gid, c: other.choiceGid(0) }, { token: u.token }))).toBe("NOT_FOUND");
      const wrongType = await app.gql(CHOOSE, { s: story.gid, c: story.nodeGid("left") }, { token: u.token });
      expect(wrongType.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "choiceId" });
    });

    it("lets one of two concurrent choices win; the other gets CONFLICT and the progress stays consistent", async () => {
      for (let round = 0; round < 3; round++) {
        const u = await makeUser(app);
        await app.ok(START, { s: story.gid }, { token: u.token });
        const [a, b] = await Promise.all([
          app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(0) }, { token: u.token }),
          app.gql(CHOOSE, { s: story.gid, c: story.choiceGid(1) }, { token: u.token }),
        ]);
        const results = [a, b];
        const winners = results.filter((r) => !r.errors);
        const losers = results.filter((r) => r.errors);
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(1);
        expect(losers[0].errors![0].extensions!.code).toBe("CONFLICT");
        expect(["PROGRESS_CHANGED", "CHOICE_NOT_FROM_CURRENT_NODE"]).toContain(losers[0].errors![0].extensions!.reason);
        const p = await app.ok(`query($s: ID!) { myProgress(storyId: $s) { version currentNode { title } path { position node { title } } } }`, { s: story.gid }, { token: u.token });
        expect(p.myProgress.version).toBe(1);
        expect(p.myProgress.path).toEqual([
          { position: 0, node: { title: "s" } },
          { position: 1, node: p.myProgress.currentNode },
        ]);
        expect(p.myProgress.currentNode).toEqual(winners[0].data.chooseChoice.currentNode);
        const events = await app.prisma.event.count({ where: { userId: u.id, eventType: "story_choice" } });
        expect(events).toBe(1);
      }
    });

    it("hides a node removed after the listener reached it", async () => {
      const s2 = await buildStory(app, creator.id, { nodes: { s: {}, mid: {}, end: { ending: true } }, choices: [["s", "mid"], ["mid", "end"]] });
      const u = await makeUser(app);
      await app.ok(START, { s: s2.gid }, { token: u.token });
      await app.ok(CHOOSE, { s: s2.gid, c: s2.choiceGid(0) }, { token: u.token });
      await app.prisma.storyNode.update({ where: { id: s2.nodes.mid }, data: { deletedAt: app.clock.now() } });
      const q = `query($s: ID!) { myProgress(storyId: $s) { currentNode { title } availableChoices { id } path { node { title } choice { toNode { title } } } } }`;
      expect((await app.ok(q, { s: s2.gid }, { token: u.token })).myProgress).toEqual({
        currentNode: null,
        availableChoices: [],
        path: [{ node: { title: "s" }, choice: null }, { node: null, choice: { toNode: null } }],
      });
      // Restarting gets the listener going again.
      const r = await app.ok(`mutation($s: ID!) { restartStory(storyId: $s) { currentNode { title } } }`, { s: s2.gid }, { token: u.token });
      expect(r.restartStory.currentNode).toEqual({ title: "s" });
    });

    it("starts once when two starts race", async () => {
      const u = await makeUser(app);
      const before = (await app.prisma.story.findUniqueOrThrow({ where: { id: story.id } })).playCount;
      const [a, b] = await Promise.all([app.gql(START, { s: story.gid }, { token: u.token }), app.gql(START, { s: story.gid }, { token: u.token })]);
      expect(a.errors).toBeUndefined();
      expect(b.errors).toBeUndefined();
      expect(a.data.startStory.id).toBe(b.data.startStory.id);
      expect((await app.prisma.story.findUniqueOrThrow({ where: { id: story.id } })).playCount).toBe(before + 1);
      expect(await app.prisma.event.count({ where: { userId: u.id, eventType: "story_start" } })).toBe(1);
    });
  });

  describe("narrator voices", () => {
    it("falls back to STORY_DEFAULT_VOICE_ID for premium voices the listener does not own", async () => {
      const premium = await makeVoicePack(app, ["eleven.premium", "eleven.both"]);
      await makeVoicePack(app, ["eleven.both", "eleven.freebie"], { isPremium: false });
      const story = await buildStory(app, creator.id, {
        nodes: {
          a: { narratorVoiceId: "eleven.premium", characterVoices: { Owl: "eleven.premium", Cat: "eleven.standard", Dog: "eleven.both" } },
          b: { narratorVoiceId: "eleven.standard" },
          c: { narratorVoiceId: "eleven.freebie" },
        },
      });
      const q = `query($s: ID!) { story(id: $s) { nodes(first: 5) { edges { node { narratorVoiceId playbackNarratorVoiceId playbackCharacterVoices } } } } }`;
      const voices = async (token?: string) =>
        (await app.ok(q, { s: story.gid }, { token })).story.nodes.edges.map((e: { node: unknown }) => e.node);

      const listener = await makeUser(app);
      expect(await voices(listener.token)).toEqual([
        { narratorVoiceId: "eleven.premium", playbackNarratorVoiceId: "narrator.basic", playbackCharacterVoices: { Owl: "narrator.basic", Cat: "eleven.standard", Dog: "eleven.both" } },
        { narratorVoiceId: "eleven.standard", playbackNarratorVoiceId: "eleven.standard", playbackCharacterVoices: {} },
        { narratorVoiceId: "eleven.freebie", playbackNarratorVoiceId: "eleven.freebie", playbackCharacterVoices: {} },
      ]);
      expect((await voices())[0].playbackNarratorVoiceId).toBe("narrator.basic");
      await grantVoicePack(app, listener.id, premium.id);
      expect((await voices(listener.token))[0]).toMatchObject({ playbackNarratorVoiceId: "eleven.premium", playbackCharacterVoices: { Owl: "eleven.premium" } });
      expect((await voices(creator.token))[0].playbackNarratorVoiceId).toBe("eleven.premium");
    });
  });
});
