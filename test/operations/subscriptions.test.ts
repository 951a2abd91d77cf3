// GraphQL subscriptions over SSE (in-process event bus here; test/multi-instance covers Redis
// between two processes): delivered after the write commits, each event checked against the
// subscriber's visibility, signed-in only, and ended when the session is revoked.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { subscribe } from "../helpers/sse.ts";
import { buildStory, makeUser, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";
import { createUser, signIn } from "../helpers/factories/identity.ts";
import * as commerce from "../helpers/factories/commerce.ts";

const COMMENTS = `subscription($t: ID!) { commentAdded(targetId: $t) { id body author { id } parent { id } } }`;
const POST = `mutation($t: ID!, $b: String!) { postComment(targetId: $t, body: $b) { id } }`;
const REPLY = `mutation($c: ID!, $b: String!) { replyToComment(commentId: $c, body: $b) { id } }`;

describe("subscriptions over SSE", () => {
  let app: TestApp;
  let creator: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let story: BuiltStory;
  let privateStory: BuiltStory;
  const open = (query: string, variables: Record<string, unknown>, token?: string) =>
    subscribe((url, init) => Promise.resolve(app.yoga.fetch(url, init)), "http://test/graphql", query, variables, token ? { authorization: `Bearer ${token}` } : {});

  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    alice = await makeUser(app, ["MEMBER"], "alice");
    bob = await makeUser(app, ["MEMBER"], "bob");
    story = await buildStory(app, creator.id, { nodes: { a: {} } });
    privateStory = await buildStory(app, creator.id, { nodes: { a: {} }, status: "DRAFT" });
  });
  afterAll(() => app.close());

  it("delivers new comments and replies on a story the subscriber can see, and counts the stream", async () => {
    const stream = await open(COMMENTS, { t: story.gid }, alice.token);
    expect(stream.status).toBe(200);
    await new Promise((r) => setTimeout(r, 50)); // the stream is open before the first write
    const metricsLine = async () =>
      (await (await app.yoga.fetch("http://test/metrics")).text()).split("\n").find((l) => l.startsWith('gateway_subscriptions_active{topic="commentAdded"}'));
    expect(await metricsLine()).toBe('gateway_subscriptions_active{topic="commentAdded"} 1');

    const top = (await app.ok(POST, { t: story.gid, b: "First!" }, { token: bob.token })).postComment;
    const e1 = await stream.next();
    expect(e1.errors).toBeUndefined();
    expect(e1.data.commentAdded).toMatchObject({ id: top.id, body: "First!", author: { id: expect.any(String) }, parent: null });

    const reply = (await app.ok(REPLY, { c: top.id, b: "Second" }, { token: creator.token })).replyToComment;
    const e2 = await stream.next();
    expect(e2.data.commentAdded).toMatchObject({ id: reply.id, body: "Second", parent: { id: top.id } });

    stream.close();
    for (let i = 0; i < 100 && (await metricsLine())?.endsWith(" 1"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await metricsLine()).toBe('gateway_subscriptions_active{topic="commentAdded"} 0');
  });

  it("checks every event against the subscriber's visibility: a comment it cannot read is never sent", async () => {
    const stream = await open(COMMENTS, { t: story.gid }, alice.token);
    await new Promise((r) => setTimeout(r, 50));
    const hidden = await app.prisma.comment.create({ data: { authorId: bob.id, body: "removed", storyId: story.id, deletedAt: app.clock.now() } });
    app.runtime.services.events.publish("commentAdded", `story:${story.id}`, { commentId: hidden.id });
    const visible = (await app.ok(POST, { t: story.gid, b: "still here" }, { token: bob.token })).postComment;
    const e = await stream.next();
    expect(e.data.commentAdded.id).toBe(visible.id); // the deleted one was dropped
    stream.close();
  });

  it("a failed write publishes nothing (events leave only after COMMIT)", async () => {
    const stream = await open(COMMENTS, { t: story.gid }, alice.token);
    await new Promise((r) => setTimeout(r, 50));
    const bad = await app.gql(POST, { t: story.gid, b: "   " }, { token: bob.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    const good = (await app.ok(POST, { t: story.gid, b: "ok" }, { token: bob.token })).postComment;
    expect((await stream.next()).data.commentAdded.id).toBe(good.id);
    stream.close();
  });

  it("refuses signed-out subscribers and stories the viewer cannot see", async () => {
    const anon = await open(COMMENTS, { t: story.gid });
    const anonEvent = await anon.next();
    expect(anonEvent.errors?.[0]?.extensions?.code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
    anon.close();
    const hidden = await open(COMMENTS, { t: privateStory.gid }, alice.token);
    const hiddenEvent = await hidden.next();
    expect(hiddenEvent.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    hidden.close();
  });

  it("ends the viewer's streams when the session is revoked", async () => {
    const user = await createUser(app, { roles: ["MEMBER"] });
    const session = await signIn(app, user.email);
    const stream = await open(COMMENTS, { t: story.gid }, session.accessToken);
    await new Promise((r) => setTimeout(r, 50));
    await app.ok(`mutation { signOut }`, {}, { token: session.accessToken });
    const seen = await stream.ended(2000);
    const last = seen.filter((e) => e.event === "next").pop();
    expect(last?.data?.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });

  it("streams the viewer's own notifications, payment changes and story progress — nobody else's", async () => {
    const notes = await open(`subscription { notificationAdded { id type title } }`, {}, alice.token);
    const bobNotes = await open(`subscription { notificationAdded { id type } }`, {}, bob.token);
    const progress = await open(`subscription($s: ID) { storyProgressUpdated(storyId: $s) { id completed } }`, { s: story.gid }, alice.token);
    await new Promise((r) => setTimeout(r, 50));

    // Alice's comment gets a reply from Bob: Alice is notified, Bob's stream hears nothing.
    const top = (await app.ok(POST, { t: story.gid, b: "Question?" }, { token: alice.token })).postComment;
    await app.ok(REPLY, { c: top.id, b: "Answer." }, { token: bob.token });
    const n = await notes.next();
    expect(n.data.notificationAdded).toMatchObject({ type: "COMMENT_REPLY", title: "New reply to your comment" });
    await expect(bobNotes.next(300)).rejects.toThrow(/no SSE event/);

    // Alice starts the story on one device; the stream (another device) hears it.
    const started = await app.ok(`mutation($s: ID!) { startStory(storyId: $s) { id } }`, { s: story.gid }, { token: alice.token });
    expect((await progress.next()).data.storyProgressUpdated.id).toBe(started.startStory.id);

    // A purchase settled by the provider: the payer's paymentUpdated stream sees COMPLETED.
    const seller = await commerce.makeCreator(app);
    const buyer = await commerce.makeUser(app);
    const item = await commerce.makeContent(app, seller.id, { price: "10.00" });
    const payments = await open(`subscription { paymentUpdated { id status amount } }`, {}, buyer.token);
    await new Promise((r) => setTimeout(r, 50));
    const bought = await app.ok(
      `mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) { checkout { payment { id } } } }`,
      { id: item.gid, key: commerce.key() },
      { token: buyer.token },
    );
    const p = await payments.next();
    expect(p.data.paymentUpdated).toEqual({ id: bought.purchaseContent.checkout.payment.id, status: "COMPLETED", amount: "10.00" });
    for (const s of [notes, bobNotes, progress, payments]) s.close();
  });
});
