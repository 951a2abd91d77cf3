// creatorDashboard on a small hand-built dataset: exact numbers, the local-midnight edges (and a
// DST day), the story funnel, and who may see whose numbers.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import {
  contentEvent,
  makeComment,
  makeContent,
  makeCreator,
  makePurchase,
  makeStory,
  makeSubscription,
  makeTier,
  makeTip,
  makeUser,
  storyEvent,
} from "../helpers/factories/analytics.ts";

const DASHBOARD = `query($range: AnalyticsRangeInput!, $tz: String, $creatorId: ID, $storyId: ID) {
  creatorDashboard(range: $range, timezone: $tz, creatorId: $creatorId) {
    creator { id }
    timezone from to
    totals {
      content stories subscribers views watchTimeSeconds comments newSubscriptions storyStarts storyCompletions
      tips { amount currency } sales { amount currency }
    }
    daily {
      date views watchTimeSeconds comments newSubscriptions storyStarts storyCompletions
      tips { amount currency } sales { amount currency }
    }
    topContent { content { id title } views watchTimeSeconds }
    storyFunnels(storyId: $storyId) {
      story { id } starts completions completionRate
      nodes { nodeId title isStart isEnding arrived completions droppedOff choices { choiceId label toNodeId taken } }
    }
    allTime { totalContent totalViews totalWatchTimeSeconds totalTips totalComments }
  }
}`;

const gid = encodeGlobalId;
const T = (iso: string) => new Date(iso);
const RANGE = { from: "2026-03-01", to: "2026-03-03" };

let app: TestApp;
let c1: { id: string };
let c2: { id: string };
let fan: { id: string };
let admin: { id: string };
let tokens: Record<string, string>;
let v1: { id: string };
let v2: { id: string };
let other: { id: string };
let s: Awaited<ReturnType<typeof makeStory>>;
let otherStory: Awaited<ReturnType<typeof makeStory>>;

beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(T("2026-03-20T12:00:00Z"));
  // C1 lives in New York: UTC-5 in early March, UTC-4 from March 8 (DST).
  c1 = await makeCreator(app, { timezone: "America/New_York", name: "Creator One" });
  c2 = await makeCreator(app, { name: "Creator Two" });
  fan = await makeUser(app);
  admin = await makeUser(app, { roles: ["MEMBER", "ADMIN"] });
  const [u1, u2, u3] = [await makeUser(app), await makeUser(app), await makeUser(app)];
  tokens = { c1: await app.token(c1.id), c2: await app.token(c2.id), fan: await app.token(fan.id), admin: await app.token(admin.id) };

  v1 = await makeContent(app, c1.id, { mediaType: "VIDEO", title: "Video one" });
  v2 = await makeContent(app, c1.id, { mediaType: "AUDIO", title: "Audio two" });
  const gone = await makeContent(app, c1.id, { deleted: true });
  other = await makeContent(app, c2.id, { title: "Not mine" });

  // Views. Local midnight of March 1 in New York is 05:00Z; the range ends at 2026-03-04T05:00Z.
  for (const [contentId, at] of [
    [v1.id, "2026-03-01T04:59:59.999Z"], // Feb 28 locally: outside
    [v1.id, "2026-03-01T05:00:00.000Z"], // first instant of March 1
    [v1.id, "2026-03-02T04:59:59.999Z"], // last instant of March 1
    [v1.id, "2026-03-02T05:00:00.000Z"], // first instant of March 2
    [v2.id, "2026-03-03T12:00:00.000Z"], // March 3
    [v1.id, "2026-03-04T04:59:59.999Z"], // last instant of March 3
    [v1.id, "2026-03-04T05:00:00.000Z"], // March 4: outside
    [gone.id, "2026-03-02T12:00:00.000Z"], // deleted content: not counted
    [other.id, "2026-03-02T12:00:00.000Z"], // another creator's
  ] as const) {
    await contentEvent(app, { userId: u1.id, contentId, type: "content_view", at: T(at) });
  }
  await contentEvent(app, { sessionId: "anon-session-1", contentId: v1.id, type: "playback_progress", at: T("2026-03-02T04:59:59.000Z"), watchedSeconds: 30 });
  await contentEvent(app, { userId: u2.id, contentId: v2.id, type: "playback_progress", at: T("2026-03-02T05:00:00.000Z"), watchedSeconds: 12.25 });
  await contentEvent(app, { userId: u2.id, contentId: other.id, type: "playback_progress", at: T("2026-03-02T06:00:00.000Z"), watchedSeconds: 99 });

  // Money.
  await makeTip(app, u1.id, c1.id, "5.00", T("2026-03-01T05:00:00Z")); // March 1
  await makeTip(app, u2.id, c1.id, "2.50", T("2026-03-03T04:00:00Z")); // 23:00 on March 2 locally
  await makeTip(app, u2.id, c1.id, "3.00", T("2026-03-02T12:00:00Z"), { currency: "EUR" }); // March 2
  await makeTip(app, u3.id, c1.id, "100.00", T("2026-03-02T12:00:00Z"), { status: "PENDING" });
  await makeTip(app, u3.id, c1.id, "50.00", T("2026-03-02T12:00:00Z"), { status: "REFUNDED" });
  await makeTip(app, u3.id, c1.id, "1.00", T("2026-03-01T04:00:00Z")); // Feb 28 locally
  await makeTip(app, u1.id, c2.id, "7.00", T("2026-03-02T12:00:00Z")); // to C2
  await makePurchase(app, u1.id, v1.id, "9.99", T("2026-03-03T10:00:00Z"));
  await makePurchase(app, u2.id, v1.id, "9.99", T("2026-03-03T10:00:00Z"), { status: "REFUNDED" });
  await makePurchase(app, u1.id, other.id, "4.00", T("2026-03-03T10:00:00Z"));

  // Stories and their plays, recorded the way the story play API does.
  s = await makeStory(app, c1.id, { title: "Branching" });
  otherStory = await makeStory(app, c2.id);
  const { nodes: n, choices: ch } = s;
  const play = async (userId: string, at: string, steps: string[], completeOn?: string) => {
    const t = T(at);
    await storyEvent(app, { userId, storyId: s.story.id, type: "story_start", at: t, nodeId: n.A });
    for (const edge of steps) {
      await storyEvent(app, { userId, storyId: s.story.id, type: "story_choice", at: t, nodeId: n[edge[0]], choiceId: ch[edge], toNodeId: n[edge[1]] });
    }
    if (completeOn) await storyEvent(app, { userId, storyId: s.story.id, type: "story_complete", at: t, nodeId: n[completeOn] });
  };
  await play(u1.id, "2026-03-01T20:00:00Z", ["AB", "BD"], "D"); // March 1
  await play(u2.id, "2026-03-02T20:00:00Z", ["AC"]); // drops at C
  await play(u3.id, "2026-03-02T21:00:00Z", []); // drops at A
  await play(u1.id, "2026-03-02T22:00:00Z", ["AB", "BC", "CE"], "E");
  await play(u2.id, "2026-03-01T04:00:00Z", ["AB"]); // Feb 28 locally: outside
  await storyEvent(app, { userId: u1.id, storyId: otherStory.story.id, type: "story_start", at: T("2026-03-02T12:00:00Z"), nodeId: otherStory.nodes.A });

  // Comments.
  await makeComment(app, u1.id, { contentId: v1.id }, T("2026-03-01T06:00:00Z"));
  await makeComment(app, u2.id, { storyId: s.story.id }, T("2026-03-02T06:00:00Z"));
  await makeComment(app, u2.id, { contentId: v1.id }, T("2026-03-02T06:00:00Z"), { deleted: true });
  await makeComment(app, u2.id, { contentId: gone.id }, T("2026-03-02T06:00:00Z"));
  await makeComment(app, u2.id, { contentId: other.id }, T("2026-03-02T06:00:00Z"));

  // Subscriptions to C1's tier: one live (started March 2), one canceled (started March 1).
  const tier = await makeTier(app, c1.id);
  await makeSubscription(app, u1.id, tier.id, T("2026-03-02T10:00:00Z"), "ACTIVE");
  await makeSubscription(app, u2.id, tier.id, T("2026-03-01T10:00:00Z"), "CANCELED");
  await makeSubscription(app, u3.id, (await makeTier(app, c2.id)).id, T("2026-03-02T10:00:00Z"), "ACTIVE");

  // The all-time view reads the analytics_views roll-up.
  await app.prisma.analyticsView.create({ data: { contentId: v1.id, date: T("2026-02-01T00:00:00Z"), viewCount: 7, watchTimeSeconds: "100.50", deviceType: "desktop" } });
  await app.prisma.analyticsView.create({ data: { contentId: gone.id, date: T("2026-02-01T00:00:00Z"), viewCount: 5, watchTimeSeconds: "1.00" } });
});
afterAll(() => app.close());

const usd = (amount: string) => ({ amount, currency: "USD" });
const eur = (amount: string) => ({ amount, currency: "EUR" });

describe("creatorDashboard", () => {
  it("answers exact totals, a daily series in the creator's time zone, top content and all-time totals", async () => {
    const d = (await app.ok(DASHBOARD, { range: RANGE }, { token: tokens.c1 })).creatorDashboard;
    expect(d.creator.id).toBe(gid("User", c1.id));
    expect([d.timezone, d.from, d.to]).toEqual(["America/New_York", "2026-03-01", "2026-03-03"]);
    expect(d.totals).toEqual({
      content: 2,
      stories: 1,
      subscribers: 1,
      views: 5,
      watchTimeSeconds: "42.25",
      comments: 2,
      newSubscriptions: 2,
      storyStarts: 4,
      storyCompletions: 2,
      tips: [eur("3.00"), usd("7.50")],
      sales: [usd("9.99")],
    });
    expect(d.daily).toEqual([
      { date: "2026-03-01", views: 2, watchTimeSeconds: "30.00", comments: 1, newSubscriptions: 1, storyStarts: 1, storyCompletions: 1, tips: [usd("5.00")], sales: [] },
      { date: "2026-03-02", views: 1, watchTimeSeconds: "12.25", comments: 1, newSubscriptions: 1, storyStarts: 3, storyCompletions: 1, tips: [eur("3.00"), usd("2.50")], sales: [] },
      { date: "2026-03-03", views: 2, watchTimeSeconds: "0.00", comments: 0, newSubscriptions: 0, storyStarts: 0, storyCompletions: 0, tips: [], sales: [usd("9.99")] },
    ]);
    expect(d.topContent).toEqual([
      { content: { id: gid("Content", v1.id), title: "Video one" }, views: 4, watchTimeSeconds: "30.00" },
      { content: { id: gid("Content", v2.id), title: "Audio two" }, views: 1, watchTimeSeconds: "12.25" },
    ]);
    // dashboard_creator: live content only; tips are all COMPLETED tips ever (5 + 2.50 + 3 EUR + 1).
    expect(d.allTime).toEqual({ totalContent: 2, totalViews: 7, totalWatchTimeSeconds: "100.50", totalTips: "11.50", totalComments: 2 });
  });

  it("moves the day edges with the time zone argument", async () => {
    const d = (await app.ok(DASHBOARD, { range: RANGE, tz: "UTC" }, { token: tokens.c1 })).creatorDashboard;
    expect(d.timezone).toBe("UTC");
    expect(d.daily.map((x: { date: string; views: number }) => [x.date, x.views])).toEqual([
      ["2026-03-01", 2],
      ["2026-03-02", 2],
      ["2026-03-03", 1],
    ]);
    expect(d.totals.views).toBe(5);
    // In UTC the Feb 28 (New York) tip at 04:00Z is inside, and the 2.50 tip falls on March 3.
    expect(d.totals.tips).toEqual([eur("3.00"), usd("8.50")]);
    expect(d.daily[2].tips).toEqual([usd("2.50")]);
  });

  it("builds the story funnel from the story play events", async () => {
    const d = (await app.ok(DASHBOARD, { range: RANGE }, { token: tokens.c1 })).creatorDashboard;
    const { nodes: n, choices: ch } = s;
    const node = (l: string) => gid("StoryNode", n[l]);
    const choice = (e: string, taken: number) => ({ choiceId: gid("StoryChoice", ch[e]), label: `Go ${e[1]}`, toNodeId: node(e[1]), taken });
    expect(d.storyFunnels).toEqual([
      {
        story: { id: gid("Story", s.story.id) },
        starts: 4,
        completions: 2,
        completionRate: 0.5,
        nodes: [
          { nodeId: node("A"), title: "Node A", isStart: true, isEnding: false, arrived: 4, completions: 0, droppedOff: 1, choices: [choice("AB", 2), choice("AC", 1)] },
          { nodeId: node("B"), title: "Node B", isStart: false, isEnding: false, arrived: 2, completions: 0, droppedOff: 0, choices: [choice("BD", 1), choice("BC", 1)] },
          { nodeId: node("C"), title: "Node C", isStart: false, isEnding: false, arrived: 2, completions: 0, droppedOff: 1, choices: [choice("CE", 1)] },
          { nodeId: node("D"), title: "Node D", isStart: false, isEnding: true, arrived: 1, completions: 1, droppedOff: 0, choices: [] },
          { nodeId: node("E"), title: "Node E", isStart: false, isEnding: true, arrived: 1, completions: 1, droppedOff: 0, choices: [] },
        ],
      },
    ]);
    // Asking for another creator's story gives nothing; asking for one's own story gives it.
    const foreign = await app.ok(DASHBOARD, { range: RANGE, storyId: gid("Story", otherStory.story.id) }, { token: tokens.c1 });
    expect(foreign.creatorDashboard.storyFunnels).toEqual([]);
    const own = await app.ok(DASHBOARD, { range: RANGE, storyId: gid("Story", s.story.id) }, { token: tokens.c1 });
    expect(own.creatorDashboard.storyFunnels[0].starts).toBe(4);
  });

  it("counts the DST day exactly (New York, March 8 has 23 hours)", async () => {
    const edge = await makeContent(app, c1.id);
    for (const at of ["2026-03-08T04:59:59.999Z", "2026-03-08T05:00:00Z", "2026-03-09T03:59:59.999Z", "2026-03-09T04:00:00Z", "2026-03-10T03:59:59.999Z", "2026-03-10T04:00:00Z"]) {
      await contentEvent(app, { userId: fan.id, contentId: edge.id, type: "content_view", at: T(at) });
    }
    const d = (await app.ok(DASHBOARD, { range: { from: "2026-03-08", to: "2026-03-09" } }, { token: tokens.c1 })).creatorDashboard;
    expect(d.daily.map((x: { date: string; views: number }) => [x.date, x.views])).toEqual([
      ["2026-03-08", 2],
      ["2026-03-09", 2],
    ]);
  });

  it("answers zeros for a range without data", async () => {
    const d = (await app.ok(DASHBOARD, { range: { from: "2025-01-01", to: "2025-01-02" } }, { token: tokens.c1 })).creatorDashboard;
    expect(d.totals).toEqual({
      content: 3,
      stories: 1,
      subscribers: 1,
      views: 0,
      watchTimeSeconds: "0.00",
      comments: 0,
      newSubscriptions: 0,
      storyStarts: 0,
      storyCompletions: 0,
      tips: [],
      sales: [],
    });
    expect(d.daily.map((x: { date: string; views: number }) => [x.date, x.views])).toEqual([
      ["2025-01-01", 0],
      ["2025-01-02", 0],
    ]);
    expect(d.topContent).toEqual([]);
    expect(d.storyFunnels).toEqual([]);
  });

  it("never shows a creator another creator's numbers", async () => {
    const mine = (await app.ok(DASHBOARD, { range: RANGE }, { token: tokens.c2 })).creatorDashboard;
    expect(mine.totals).toMatchObject({ content: 1, stories: 1, subscribers: 1, views: 1, watchTimeSeconds: "99.00", comments: 1, storyStarts: 1, tips: [usd("7.00")], sales: [usd("4.00")] });
    expect(mine.topContent.map((t: { content: { id: string } }) => t.content.id)).toEqual([gid("Content", other.id)]);

    const peek = await app.gql(DASHBOARD, { range: RANGE, creatorId: gid("User", c1.id) }, { token: tokens.c2 });
    expect(errorCode(peek)).toBe("FORBIDDEN");
    expect(peek.data.creatorDashboard).toBeNull();
    expect(errorCode(await app.gql(DASHBOARD, { range: RANGE, creatorId: gid("User", c1.id) }, { token: tokens.fan }))).toBe("FORBIDDEN");
    // Naming oneself is fine.
    const self = await app.ok(DASHBOARD, { range: RANGE, creatorId: gid("User", c2.id) }, { token: tokens.c2 });
    expect(self.creatorDashboard.totals.views).toBe(1);
  });

  it("lets admins see any creator's dashboard, and answers NOT_FOUND for an unknown one", async () => {
    const asAdmin = (await app.ok(DASHBOARD, { range: RANGE, creatorId: gid("User", c1.id) }, { token: tokens.admin })).creatorDashboard;
    const asCreator = (await app.ok(DASHBOARD, { range: RANGE }, { token: tokens.c1 })).creatorDashboard;
    expect(asAdmin).toEqual(asCreator);
    const unknown = await app.gql(DASHBOARD, { range: RANGE, creatorId: gid("User", "00000000-0000-4000-8000-000000000000") }, { token: tokens.admin });
    expect(errorCode(unknown)).toBe("NOT_FOUND");
  });

  it("gives a member without content a zero dashboard, and anonymous callers UNAUTHENTICATED", async () => {
    const d = (await app.ok(DASHBOARD, { range: RANGE }, { token: tokens.fan })).creatorDashboard;
    expect(d.totals).toMatchObject({ content: 0, views: 0, tips: [], sales: [] });
    expect(d.allTime).toEqual({ totalContent: 0, totalViews: 0, totalWatchTimeSeconds: "0.00", totalTips: "0.00", totalComments: 0 });
    expect(errorCode(await app.gql(DASHBOARD, { range: RANGE }))).toBe("UNAUTHENTICATED");
  });

  it("refuses bad ranges and time zones with BAD_USER_INPUT", async () => {
    const max = app.config.ANALYTICS_MAX_RANGE_DAYS;
    const tooLong = { from: "2024-01-01", to: new Date(Date.UTC(2024, 0, 1) + max * 86_400_000).toISOString().slice(0, 10) };
    const okLong = { from: "2024-01-01", to: new Date(Date.UTC(2024, 0, 1) + (max - 1) * 86_400_000).toISOString().slice(0, 10) };
    const cases: [Record<string, unknown>, string][] = [
      [{ range: tooLong }, "range"],
      [{ range: { from: "2026-03-03", to: "2026-03-01" } }, "range.to"],
      [{ range: RANGE, tz: "Mars/Olympus_Mons" }, "timezone"],
      [{ range: RANGE, tz: "UTC+5" }, "timezone"],
      [{ range: RANGE, tz: "'; DROP TABLE events; --" }, "timezone"],
    ];
    for (const [vars, field] of cases) {
      const r = await app.gql(DASHBOARD, vars, { token: tokens.c1 });
      expect([vars, errorCode(r), r.errors?.[0]?.extensions?.field]).toEqual([vars, "BAD_USER_INPUT", field]);
    }
    const longest = await app.ok(`query($range: AnalyticsRangeInput!) { creatorDashboard(range: $range) { daily { date } } }`, { range: okLong }, { token: tokens.c1 });
    expect(longest.creatorDashboard.daily).toHaveLength(max);
  });

  it("shows events sent through trackEvents, on the day of their client time", async () => {
    const fresh = await makeContent(app, c1.id, { title: "Fresh" });
    const fanToken = await app.token(fan.id);
    // 2026-03-20T03:30Z is still March 19 in New York.
    await app.ok(
      `mutation($events: [TrackEventInput!]!) { trackEvents(events: $events) { accepted } }`,
      { events: [{ clientEventId: "late-night", type: "content_view", contentId: gid("Content", fresh.id), occurredAt: "2026-03-20T03:30:00Z" }] },
      { token: fanToken },
    );
    const d = (await app.ok(DASHBOARD, { range: { from: "2026-03-19", to: "2026-03-20" } }, { token: tokens.c1 })).creatorDashboard;
    expect(d.daily.map((x: { date: string; views: number }) => [x.date, x.views])).toEqual([
      ["2026-03-19", 1],
      ["2026-03-20", 0],
    ]);
    expect(d.topContent[0].content.title).toBe("Fresh");
  });
});
