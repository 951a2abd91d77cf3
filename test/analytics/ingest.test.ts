// trackEvents: per-event results, retries counted once, roll-ups and resume points written in
// the same transaction, anonymous clients, one audit row per batch.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { makeContent, makeCreator, makeStory, makeUser } from "../helpers/factories/analytics.ts";

const NOW = new Date("2026-03-10T12:00:00.000Z");
const TRACK = `mutation($sessionId: String, $events: [TrackEventInput!]!) {
  trackEvents(sessionId: $sessionId, events: $events) {
    accepted duplicates rejected
    results { clientEventId status reason message }
  }
}`;
const PLAYBACK = `query($id: ID!) { myPlayback(contentId: $id) { id positionSeconds durationSeconds resumePositionSeconds completed completedAt lastWatchedAt } }`;

let app: TestApp;
let creator: { id: string };
let viewer: { id: string };
let token: string;
let video: { id: string };
let audio: { id: string };
const gid = (type: string, id: string) => encodeGlobalId(type, id);

beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(NOW);
  creator = await makeCreator(app);
  viewer = await makeUser(app);
  token = await app.token(viewer.id);
  video = await makeContent(app, creator.id, { mediaType: "VIDEO", duration: 1000 });
  audio = await makeContent(app, creator.id, { mediaType: "AUDIO", duration: 300 });
});
afterAll(() => app.close());

const views = (contentId: string) => app.prisma.analyticsView.findMany({ where: { contentId }, orderBy: [{ date: "asc" }, { deviceType: "asc" }] });

describe("trackEvents", () => {
  it("accepts a signed-in batch, records server and client time, and rolls views up per UTC day and device", async () => {
    const occurred = new Date("2026-03-09T23:30:00.000Z");
    const r = await app.ok(
      TRACK,
      {
        events: [
          { clientEventId: "a-1", type: "content_view", contentId: gid("Content", video.id), occurredAt: occurred.toISOString(), deviceType: "MOBILE" },
          { clientEventId: "a-2", type: "content_view", contentId: gid("Content", video.id), deviceType: "MOBILE" },
          { clientEventId: "a-3", type: "page_view", properties: { path: "/home" } },
          { clientEventId: "a-4", type: "playback_progress", contentId: gid("Content", video.id), deviceType: "MOBILE", properties: { positionSeconds: 100, watchedSeconds: 12.5 } },
        ],
      },
      { token },
    );
    expect(r.trackEvents).toEqual({
      accepted: 4,
      duplicates: 0,
      rejected: 0,
      results: ["a-1", "a-2", "a-3", "a-4"].map((id) => ({ clientEventId: id, status: "ACCEPTED", reason: null, message: null })),
    });
    const stored = await app.prisma.event.findFirstOrThrow({ where: { clientEventId: "a-1" } });
    expect(stored).toMatchObject({ userId: viewer.id, dedupeKey: viewer.id, eventType: "content_view", contentId: video.id });
    expect(stored.clientTime).toEqual(occurred);
    // The test clock runs from NOW: the server time is the server's clock, not the client's.
    expect(stored.serverTime.getTime()).toBeGreaterThanOrEqual(NOW.getTime());
    expect(stored.serverTime.getTime()).toBeLessThan(NOW.getTime() + 60_000);
    const noClientTime = await app.prisma.event.findFirstOrThrow({ where: { clientEventId: "a-2" } });
    expect(noClientTime.clientTime).toBeNull();

    // a-1 happened on March 9 (UTC), a-2 and a-4 on March 10.
    const rows = await views(video.id);
    expect(rows.map((v) => [v.date.toISOString().slice(0, 10), v.deviceType, v.viewCount, v.watchTimeSeconds.toFixed(2)])).toEqual([
      ["2026-03-09", "mobile", 1, "0.00"],
      ["2026-03-10", "mobile", 1, "12.50"],
    ]);
    expect((await app.prisma.content.findUniqueOrThrow({ where: { id: video.id } })).viewCount).toBe(2);
  });

  it("counts a retried batch once: same results as DUPLICATE, no new rows, roll-ups unchanged, no audit row", async () => {
    const events = [
      { clientEventId: "r-1", type: "content_view", contentId: gid("Content", audio.id) },
      { clientEventId: "r-2", type: "playback_progress", contentId: gid("Content", audio.id), properties: { positionSeconds: 30, watchedSeconds: 30 } },
    ];
    const audits = () => app.prisma.auditLog.count({ where: { action: "analytics.track_events" } });
    const before = await audits();
    const first = await app.ok(TRACK, { events }, { token });
    expect(first.trackEvents).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await audits()).toBe(before + 1);
    const snapshot = (await views(audio.id)).map((v) => [v.viewCount, v.watchTimeSeconds.toFixed(2)]);
    expect(snapshot).toEqual([[1, "30.00"]]);

    const retry = await app.ok(TRACK, { events }, { token });
    expect(retry.trackEvents).toEqual({
      accepted: 0,
      duplicates: 2,
      rejected: 0,
      results: [
        { clientEventId: "r-1", status: "DUPLICATE", reason: null, message: null },
        { clientEventId: "r-2", status: "DUPLICATE", reason: null, message: null },
      ],
    });
    expect(await app.prisma.event.count({ where: { clientEventId: { in: ["r-1", "r-2"] } } })).toBe(2);
    expect((await views(audio.id)).map((v) => [v.viewCount, v.watchTimeSeconds.toFixed(2)])).toEqual(snapshot);
    expect((await app.prisma.content.findUniqueOrThrow({ where: { id: audio.id } })).viewCount).toBe(1);
    expect(await audits()).toBe(before + 1);

    // A partly retried batch: only the new event counts.
    const partly = await app.ok(TRACK, { events: [...events, { clientEventId: "r-3", type: "content_view", contentId: gid("Content", audio.id) }] }, { token });
    expect(partly.trackEvents).toMatchObject({ accepted: 1, duplicates: 2 });
    expect((await views(audio.id))[0].viewCount).toBe(2);
  });

  it("counts two identical batches sent at the same time once", async () => {
    const target = await makeContent(app, creator.id, { mediaType: "WRITTEN", duration: null });
    const events = [1, 2, 3].map((i) => ({ clientEventId: `race-${i}`, type: "content_view", contentId: gid("Content", target.id) }));
    const [a, b] = await Promise.all([app.ok(TRACK, { events }, { token }), app.ok(TRACK, { events }, { token })]);
    expect(a.trackEvents.accepted + b.trackEvents.accepted).toBe(3);
    expect(a.trackEvents.duplicates + b.trackEvents.duplicates).toBe(3);
    expect((await views(target.id)).map((v) => v.viewCount)).toEqual([3]);
    expect((await app.prisma.content.findUniqueOrThrow({ where: { id: target.id } })).viewCount).toBe(3);
  });

  it("counts the same clientEventId twice in one batch once (a repeat of a rejected event is rejected too)", async () => {
    const e = { clientEventId: "twice", type: "content_view", contentId: gid("Content", audio.id) };
    const bad = { clientEventId: "twice-bad", type: "content_view", contentId: gid("Content", "00000000-0000-4000-8000-000000000000") };
    const r = await app.ok(TRACK, { events: [e, bad, e, bad] }, { token });
    expect(r.trackEvents.results.map((x: { status: string; reason: string | null }) => [x.status, x.reason])).toEqual([
      ["ACCEPTED", null],
      ["REJECTED", "CONTENT_NOT_FOUND"],
      ["DUPLICATE", null],
      ["REJECTED", "CONTENT_NOT_FOUND"],
    ]);
    expect(r.trackEvents).toMatchObject({ accepted: 1, duplicates: 1, rejected: 2 });
    expect(await app.prisma.event.count({ where: { clientEventId: { startsWith: "twice" } } })).toBe(1);
  });

  it("rejects bad events one by one with a reason and accepts the rest", async () => {
    const other = await makeCreator(app);
    const privateContent = await makeContent(app, other.id, { visibility: "PRIVATE" });
    const deleted = await makeContent(app, other.id, { deleted: true });
    const { story } = await makeStory(app, creator.id);
    const minute = 60_000;
    const cases: [Record<string, unknown>, string | null][] = [
      [{ clientEventId: "ok-1", type: "search", properties: { q: "cats" } }, null],
      [{ clientEventId: "future", type: "page_view", occurredAt: new Date(NOW.getTime() + 6 * minute).toISOString() }, "FUTURE_TIMESTAMP"],
      [{ clientEventId: "skew-ok", type: "page_view", occurredAt: new Date(NOW.getTime() + 4 * minute).toISOString() }, null],
      [{ clientEventId: "stale", type: "page_view", occurredAt: new Date(NOW.getTime() - 8 * 86_400_000).toISOString() }, "STALE_TIMESTAMP"],
      [{ clientEventId: "absurd", type: "page_view", occurredAt: "1970-01-01T00:00:00Z" }, "STALE_TIMESTAMP"],
      [{ clientEventId: "unknown", type: "hack_the_planet" }, "UNKNOWN_TYPE"],
      [{ clientEventId: "reserved", type: "story_complete", storyId: gid("Story", story.id) }, "RESERVED_TYPE"],
      [{ clientEventId: "big", type: "click", properties: { blob: "x".repeat(5000) } }, "PROPERTIES_TOO_LARGE"],
      [{ clientEventId: "array", type: "click", properties: [1, 2] }, "INVALID_PROPERTIES"],
      [{ clientEventId: "deep", type: "click", properties: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, "INVALID_PROPERTIES"],
      [{ clientEventId: "no-content", type: "content_view" }, "CONTENT_REQUIRED"],
      [{ clientEventId: "private", type: "content_view", contentId: gid("Content", privateContent.id) }, "CONTENT_NOT_FOUND"],
      [{ clientEventId: "deleted", type: "content_view", contentId: gid("Content", deleted.id) }, "CONTENT_NOT_FOUND"],
      [{ clientEventId: "bad-progress", type: "playback_progress", contentId: gid("Content", video.id), properties: { positionSeconds: -5 } }, "INVALID_PROPERTIES"],
      [{ clientEventId: "too-much-watch", type: "playback_progress", contentId: gid("Content", video.id), properties: { positionSeconds: 5, watchedSeconds: 4000 } }, "INVALID_PROPERTIES"],
      [{ clientEventId: "bad id!", type: "click" }, "INVALID_CLIENT_EVENT_ID"],
      [{ clientEventId: "share-story", type: "share", storyId: gid("Story", story.id) }, null],
    ];
    const r = await app.ok(TRACK, { events: cases.map(([e]) => e) }, { token });
    expect(r.trackEvents.results.map((x: { clientEventId: string; status: string; reason: string | null }) => [x.clientEventId, x.reason])).toEqual(
      cases.map(([e, reason]) => [e.clientEventId, reason]),
    );
    for (const x of r.trackEvents.results) expect(x.status).toBe(x.reason ? "REJECTED" : "ACCEPTED");
    expect(r.trackEvents.results.find((x: { reason: string }) => x.reason === "RESERVED_TYPE").message).toMatch(/story play API/);
    expect(r.trackEvents).toMatchObject({ accepted: 3, rejected: cases.length - 3, duplicates: 0 });
    const stored = await app.prisma.event.findMany({ where: { clientEventId: { in: cases.map(([e]) => e.clientEventId as string) } }, select: { clientEventId: true } });
    expect(stored.map((s) => s.clientEventId).sort()).toEqual(["ok-1", "share-story", "skew-ok"]);
  });

  it("refuses a whole batch that is too large, empty, or anonymous without a session id", async () => {
    const many = Array.from({ length: app.config.ANALYTICS_MAX_BATCH + 1 }, (_, i) => ({ clientEventId: `m-${i}`, type: "click" }));
    const tooMany = await app.gql(TRACK, { events: many }, { token });
    expect(errorCode(tooMany)).toBe("BAD_USER_INPUT");
    expect(tooMany.errors![0].extensions!.field).toBe("events");
    expect(errorCode(await app.gql(TRACK, { events: [] }, { token }))).toBe("BAD_USER_INPUT");
    const anon = await app.gql(TRACK, { events: [{ clientEventId: "x", type: "click" }] });
    expect(errorCode(anon)).toBe("BAD_USER_INPUT");
    expect(anon.errors![0].extensions!.field).toBe("sessionId");
    expect(await app.prisma.event.count({ where: { clientEventId: { in: ["m-0", "x"] } } })).toBe(0);
  });

  it("accepts anonymous events by session id, keeps them apart from users, and answers nothing about anyone", async () => {
    const sessionId = "anon-session-0001";
    const events = [
      { clientEventId: "a-1", type: "content_view", contentId: gid("Content", video.id), deviceType: "DESKTOP" },
      { clientEventId: "p-1", type: "playback_progress", contentId: gid("Content", video.id), properties: { positionSeconds: 500, watchedSeconds: 20 } },
    ];
    const r = await app.gql(TRACK, { sessionId, events }, { headers: { "x-forwarded-for": "203.0.113.77" } });
    expect(r.errors).toBeUndefined();
    // Same clientEventId "a-1" as the signed-in viewer's first event: a different sender, so accepted.
    expect(r.data).toEqual({
      trackEvents: {
        accepted: 2,
        duplicates: 0,
        rejected: 0,
        results: [
          { clientEventId: "a-1", status: "ACCEPTED", reason: null, message: null },
          { clientEventId: "p-1", status: "ACCEPTED", reason: null, message: null },
        ],
      },
    });
    const stored = await app.prisma.event.findFirstOrThrow({ where: { dedupeKey: `s:${sessionId}`, clientEventId: "a-1" } });
    expect(stored).toMatchObject({ userId: null, sessionId });
    expect(stored.ipAddress).toBe("203.0.113.0"); // stored coarsened (/24), never the full address
    // Anonymous progress leaves no resume point (there is no user to resume for).
    expect(await app.prisma.videoPlayback.count({ where: { contentId: video.id, userId: { not: viewer.id } } })).toBe(0);
    const retry = await app.ok(TRACK, { sessionId, events });
    expect(retry.trackEvents).toMatchObject({ accepted: 0, duplicates: 2 });
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "analytics.track_events", actorId: null } });
    expect(JSON.stringify(audit.newValues)).not.toContain(sessionId);
  });
});

describe("playback resume", () => {
  it("upserts the resume point, ignores older reports, and marks completion at 95 %", async () => {
    const progress = (id: string, position: number, occurredAt?: Date, duration?: number) => ({
      clientEventId: id,
      type: "playback_progress",
      contentId: gid("Content", video.id),
      ...(occurredAt ? { occurredAt: occurredAt.toISOString() } : {}),
      properties: { positionSeconds: position, watchedSeconds: 10, ...(duration ? { durationSeconds: duration } : {}) },
    });
    const viewer2 = await makeUser(app);
    const t2 = await app.token(viewer2.id);
    expect((await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback).toBeNull();

    await app.ok(TRACK, { events: [progress("pb-1", 120, new Date(NOW.getTime() - 60_000))] }, { token: t2 });
    let p = (await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback;
    expect(p).toMatchObject({ positionSeconds: 120, durationSeconds: 1000, resumePositionSeconds: 120, completed: false, completedAt: null });

    // An older report arriving late does not move the resume point back.
    await app.ok(TRACK, { events: [progress("pb-0", 60, new Date(NOW.getTime() - 120_000))] }, { token: t2 });
    p = (await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback;
    expect(p.positionSeconds).toBe(120);

    // In one batch the latest report wins.
    await app.ok(TRACK, { events: [progress("pb-3", 400, new Date(NOW.getTime() - 10_000)), progress("pb-2", 300, new Date(NOW.getTime() - 20_000))] }, { token: t2 });
    p = (await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback;
    expect(p.positionSeconds).toBe(400);

    // 949 of 1000 is not complete; 950 is.
    await app.ok(TRACK, { events: [progress("pb-4", 949, new Date(NOW.getTime() - 5000))] }, { token: t2 });
    expect((await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback.completed).toBe(false);
    const done = new Date(NOW.getTime() - 1000);
    await app.ok(TRACK, { events: [progress("pb-5", 950, done)] }, { token: t2 });
    p = (await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback;
    expect(p).toMatchObject({ positionSeconds: 950, completed: true, resumePositionSeconds: 0, completedAt: done.toISOString(), lastWatchedAt: done.toISOString() });

    // Rewatching moves the position; completion stays.
    app.clock.advance(1000);
    await app.ok(TRACK, { events: [progress("pb-6", 30)] }, { token: t2 });
    p = (await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token: t2 })).myPlayback;
    expect(p).toMatchObject({ positionSeconds: 30, resumePositionSeconds: 30, completed: true, completedAt: done.toISOString() });
    app.clock.set(NOW);

    // Another user never sees this resume point, and node(id) hides it too.
    expect((await app.ok(PLAYBACK, { id: gid("Content", video.id) }, { token })).myPlayback?.id).not.toBe(p.id);
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: p.id }, { token })).node).toBeNull();
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: p.id }, { token: t2 })).node).toEqual({ id: p.id });
  });

  it("keeps resume points for videos only, and needs a sign-in to read one", async () => {
    const r = await app.ok(
      TRACK,
      { events: [{ clientEventId: "au-1", type: "playback_progress", contentId: gid("Content", audio.id), properties: { positionSeconds: 100 } }] },
      { token },
    );
    expect(r.trackEvents.accepted).toBe(1);
    expect(await app.prisma.videoPlayback.count({ where: { contentId: audio.id } })).toBe(0);
    expect(errorCode(await app.gql(PLAYBACK, { id: gid("Content", video.id) }))).toBe("UNAUTHENTICATED");
  });
});
