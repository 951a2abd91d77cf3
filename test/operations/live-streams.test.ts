// Subscriptions beyond the basic topics: a creator's live listener count, streams that end when
// their access token expires, the graphql-sse client library (distinct connections mode) as a
// client app would use it, persisted subscriptions, and subscriptions under the same operation
// limits and rate limits as queries.
import { createClient } from "graphql-sse";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { subscribe } from "../helpers/sse.ts";
import { buildStory, makeUser, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";
import { loadManifest } from "../../src/app/persisted.ts";

const LISTENERS = `subscription($s: ID!) { liveListenerCount(storyId: $s) { storyId listeners windowSeconds at } }`;
const COMMENTS = `subscription($t: ID!) { commentAdded(targetId: $t) { id body } }`;
const POST = `mutation($t: ID!, $b: String!) { postComment(targetId: $t, body: $b) { id } }`;
const START = `mutation($s: ID!) { startStory(storyId: $s) { id } }`;
const COMMENT_FEED_ID = [...loadManifest().entries()].find(([, doc]) => doc.startsWith("subscription CommentFeed"))![0];
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const opener = (app: TestApp) => (query: string | { documentId: string }, variables: Record<string, unknown>, token?: string, headers: Record<string, string> = {}) =>
  subscribe((url, init) => Promise.resolve(app.yoga.fetch(url, init)), "http://test/graphql", query, variables, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });

describe("live streams", () => {
  let app: TestApp;
  let creator: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let stranger: TestUser;
  let admin: TestUser;
  let story: BuiltStory;
  let draft: BuiltStory;
  let open: ReturnType<typeof opener>;

  beforeAll(async () => {
    app = await createTestApp({ env: { LIVE_LISTENER_REFRESH_SECONDS: "1", LIVE_LISTENER_WINDOW_SECONDS: "300" } });
    open = opener(app);
    creator = await makeUser(app, ["CREATOR"], "creator");
    alice = await makeUser(app, ["MEMBER"], "alice");
    bob = await makeUser(app, ["MEMBER"], "bob");
    stranger = await makeUser(app, ["CREATOR"], "stranger");
    admin = await makeUser(app, ["ADMIN"], "admin");
    story = await buildStory(app, creator.id, { nodes: { a: {} } });
    draft = await buildStory(app, creator.id, { nodes: { a: {} }, status: "DRAFT" });
  });
  afterAll(() => app.close());

  it("streams a creator's live listener count: at once, as listeners start, and down again when they stop", async () => {
    const stream = await open(LISTENERS, { s: story.gid }, creator.token);
    expect(stream.status).toBe(200);
    const first = (await stream.next()).data.liveListenerCount;
    expect(first).toMatchObject({ storyId: story.gid, listeners: 0, windowSeconds: 300 });

    await app.ok(START, { s: story.gid }, { token: alice.token });
    expect((await stream.next()).data.liveListenerCount.listeners).toBe(1);
    await app.ok(START, { s: story.gid }, { token: bob.token });
    expect((await stream.next()).data.liveListenerCount.listeners).toBe(2);
    // Alice starting again changes nothing: no event for an unchanged count.
    await app.ok(START, { s: story.gid }, { token: alice.token });
    await expect(stream.next(1500)).rejects.toThrow(/no SSE event/);

    // Six minutes without progress: the periodic reading (every second here) drops both.
    app.clock.advance(6 * 60_000);
    expect((await stream.next(3000)).data.liveListenerCount.listeners).toBe(0);
    stream.close();
    app.clock.reset();
  });

  it("shows the count to the story's creator and admins only", async () => {
    const asAdmin = await open(LISTENERS, { s: story.gid }, admin.token);
    expect((await asAdmin.next()).data.liveListenerCount.storyId).toBe(story.gid);
    asAdmin.close();

    const other = await open(LISTENERS, { s: story.gid }, stranger.token);
    expect((await other.next()).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    other.close();
    const hidden = await open(LISTENERS, { s: draft.gid }, stranger.token);
    expect((await hidden.next()).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    hidden.close();
    const anon = await open(LISTENERS, { s: story.gid });
    expect((await anon.next()).errors?.[0]?.extensions?.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
    anon.close();
  });

  it("ends a stream when its access token expires", async () => {
    const stream = await open(COMMENTS, { t: story.gid }, alice.token);
    await pause(50);
    await app.ok(POST, { t: story.gid, b: "before expiry" }, { token: bob.token });
    expect((await stream.next()).data.commentAdded.body).toBe("before expiry");

    app.clock.advance((app.runtime.config.ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
    const seen = await stream.ended(7000); // looked at within 5 s even when no event arrives
    const last = seen.filter((e) => e.event === "next").pop();
    expect(last?.data?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(last?.data?.errors?.[0]?.message).toMatch(/expired/);
    app.clock.reset();
  });

  it("works with the graphql-sse client library (distinct connections mode)", async () => {
    const client = createClient({
      url: "http://test/graphql",
      singleConnection: false,
      // In process there is no socket to close: when the client aborts, the response body is
      // cancelled, which is what a disconnect looks like to Yoga.
      fetchFn: async (input: RequestInfo | URL, init?: RequestInit) => {
        const res = await app.yoga.fetch(String(input), init ?? {});
        init?.signal?.addEventListener("abort", () => void res.body?.cancel().catch(() => undefined));
        return res;
      },
      headers: { authorization: `Bearer ${alice.token}` },
      retryAttempts: 0,
    });
    const received: unknown[] = [];
    let failed: unknown = null;
    const unsubscribe = client.subscribe(
      { query: COMMENTS, variables: { t: story.gid } },
      { next: (v) => void received.push(v), error: (e) => void (failed = e), complete: () => undefined },
    );
    await pause(100);
    const posted = (await app.ok(POST, { t: story.gid, b: "via graphql-sse" }, { token: bob.token })).postComment;
    for (let i = 0; i < 40 && received.length === 0; i++) await pause(50);
    expect(failed).toBeNull();
    expect(received).toEqual([{ data: { commentAdded: { id: posted.id, body: "via graphql-sse" } } }]);
    unsubscribe();
    client.dispose();
  });
});

describe("subscriptions under the production gates", () => {
  let app: TestApp;
  let creator: TestUser;
  let alice: TestUser;
  let admin: TestUser;
  let story: BuiltStory;
  let open: ReturnType<typeof opener>;

  beforeAll(async () => {
    app = await createTestApp({ env: { PERSISTED_OPERATIONS_ONLY: "true", QUERY_MAX_DEPTH: "3", RATE_LIMIT_VIEWER_PER_MINUTE: "4" } });
    open = opener(app);
    creator = await makeUser(app, ["CREATOR"], "creator");
    alice = await makeUser(app, ["MEMBER"], "alice");
    admin = await makeUser(app, ["ADMIN"], "admin");
    story = await buildStory(app, creator.id, { nodes: { a: {} } });
  });
  afterAll(() => app.close());

  it("runs a persisted subscription by documentId and refuses an ad-hoc one", async () => {
    const adhoc = await open(COMMENTS, { t: story.gid }, alice.token);
    expect(adhoc.status).toBe(400);
    expect((await adhoc.next()).errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_ONLY");

    const feed = await open({ documentId: `sha256:${COMMENT_FEED_ID}` }, { targetId: story.gid }, alice.token);
    expect(feed.status).toBe(200);
    await pause(50);
    // (admins may send ad-hoc documents, so the comment is posted by one)
    const posted = (await app.ok(POST, { t: story.gid, b: "persisted" }, { token: admin.token })).postComment;
    expect((await feed.next()).data.commentAdded).toMatchObject({ id: posted.id, body: "persisted", author: { id: expect.any(String) } });
    feed.close();
  });

  it("counts subscriptions toward the operation limits and the viewer's rate limit", async () => {
    // Admins may send ad-hoc documents here; the depth limit (3) still applies to them.
    const deep = await open(`subscription($t: ID!) { commentAdded(targetId: $t) { parent { parent { parent { id } } } } }`, { t: story.gid }, admin.token);
    expect(deep.status).toBe(400);
    const refused = await deep.next();
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", rule: "depth" });

    // Four operations a minute for Alice: the fifth stream is refused with the time to wait.
    const codes: (string | undefined)[] = [];
    const streams = [];
    for (let i = 0; i < 5; i++) {
      const s = await open({ documentId: COMMENT_FEED_ID }, { targetId: story.gid }, alice.token);
      streams.push(s);
      codes.push(s.status === 200 ? "OK" : (await s.next()).errors?.[0]?.extensions?.code);
    }
    streams.forEach((s) => s.close());
    expect(codes.filter((c) => c === "RATE_LIMITED").length).toBeGreaterThanOrEqual(1);
    expect(codes[codes.length - 1]).toBe("RATE_LIMITED");
  });
});
