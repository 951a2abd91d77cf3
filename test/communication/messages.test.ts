// Private messages: send, inbox and sent connections, threads, mark read, per-side delete;
// only sender and recipient can read them (not even admins); a per-sender rate limit.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

let app: TestApp;
let ada: TestUser;
let bob: TestUser;
let carol: TestUser;
let admin: TestUser;

const SEND = `mutation($input: SendMessageInput!) { sendMessage(input: $input) { id subject body threadId parentId sender { id } recipient { id } readAt } }`;
const INBOX = `query($unread: Boolean) { messageInbox(unreadOnly: $unread, first: 20) { totalCount edges { node { id subject } } } unreadMessageCount }`;
const SENT = `{ sentMessages(first: 20) { totalCount edges { node { id subject } } } }`;
const THREAD = `query($id: ID!) { messageThread(id: $id, first: 20) { totalCount edges { node { body sender { id } } } } }`;
const NODE = `query($id: ID!) { node(id: $id) { ... on EmailMessage { id body } } }`;

beforeAll(async () => {
  app = await createTestApp({ env: { MESSAGES_PER_HOUR: "4" } });
  [ada, bob, carol, admin] = await Promise.all([makeUser(app), makeUser(app), makeUser(app), makeAdmin(app)]);
});
afterAll(() => app.close());

describe("a conversation", () => {
  let first: any;
  let reply: any;

  it("starts with sendMessage: the message is its own thread, in the recipient's inbox and the sender's sent list", async () => {
    const r = await app.ok(SEND, { input: { recipientId: gid("User", bob.id), subject: "Hello", body: "Do you do commissions?" } }, { token: ada.token });
    first = r.sendMessage;
    expect(first).toMatchObject({ subject: "Hello", threadId: first.id, parentId: null, sender: { id: gid("User", ada.id) }, recipient: { id: gid("User", bob.id) }, readAt: null });
    const inbox = await app.ok(INBOX, {}, { token: bob.token });
    expect(inbox.messageInbox.edges.map((e: any) => e.node.id)).toEqual([first.id]);
    expect(inbox.unreadMessageCount).toBe(1);
    expect((await app.ok(SENT, {}, { token: ada.token })).sentMessages.edges.map((e: any) => e.node.id)).toEqual([first.id]);
    expect((await app.ok(INBOX, {}, { token: ada.token })).messageInbox.totalCount).toBe(0);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "message.send" } });
    expect(audit.actorId).toBe(ada.id);
    expect(JSON.stringify(audit.newValues)).not.toContain("commissions"); // the body stays private
  });

  it("continues with a reply to the other person in the same thread", async () => {
    const r = await app.ok(SEND, { input: { parentId: first.id, body: "Yes, from May." } }, { token: bob.token });
    reply = r.sendMessage;
    expect(reply).toMatchObject({ subject: "Re: Hello", threadId: first.id, parentId: first.id, recipient: { id: gid("User", ada.id) } });
    const thread = await app.ok(THREAD, { id: reply.id }, { token: ada.token });
    expect(thread.messageThread.totalCount).toBe(2);
    expect(thread.messageThread.edges.map((e: any) => e.node.body)).toEqual(["Do you do commissions?", "Yes, from May."]);
  });

  it("is readable by its two people only: others and admins get null / NOT_FOUND", async () => {
    expect((await app.ok(NODE, { id: first.id }, { token: bob.token })).node).toEqual({ id: first.id, body: "Do you do commissions?" });
    for (const viewer of [carol, admin]) {
      expect((await app.ok(NODE, { id: first.id }, { token: viewer.token })).node).toBeNull();
      expect(errorCode(await app.gql(THREAD, { id: first.id }, { token: viewer.token }))).toBe("NOT_FOUND");
      expect(errorCode(await app.gql(`mutation($id: ID!) { markMessageRead(id: $id) { id } }`, { id: first.id }, { token: viewer.token }))).toBe("NOT_FOUND");
      expect(errorCode(await app.gql(SEND, { input: { parentId: first.id, body: "Butting in" } }, { token: viewer.token }))).toBe("NOT_FOUND");
    }
    expect((await app.ok(NODE, { id: first.id })).node).toBeNull();
    expect(errorCode(await app.gql(INBOX))).toBe("UNAUTHENTICATED");
  });

  it("is marked read by the recipient only", async () => {
    const MARK = `mutation($id: ID!) { markMessageRead(id: $id) { readAt } }`;
    expect(errorCode(await app.gql(MARK, { id: first.id }, { token: ada.token }))).toBe("FORBIDDEN");
    const r = await app.ok(MARK, { id: first.id }, { token: bob.token });
    expect(r.markMessageRead.readAt).not.toBeNull();
    expect((await app.ok(INBOX, { unread: true }, { token: bob.token })).unreadMessageCount).toBe(0);
    // Ada has one unread (the reply); markThreadRead clears the thread for her.
    expect((await app.ok(INBOX, {}, { token: ada.token })).unreadMessageCount).toBe(1);
    expect((await app.ok(`mutation($id: ID!) { markThreadRead(id: $id) }`, { id: first.id }, { token: ada.token })).markThreadRead).toBe(1);
    expect((await app.ok(INBOX, {}, { token: ada.token })).unreadMessageCount).toBe(0);
    expect((await app.ok(`mutation($id: ID!) { markThreadRead(id: $id) }`, { id: first.id }, { token: ada.token })).markThreadRead).toBe(0);
  });

  it("is deleted per side: the other person keeps their copy", async () => {
    await app.ok(`mutation($id: ID!) { deleteMessage(id: $id) }`, { id: first.id }, { token: bob.token });
    expect((await app.ok(INBOX, {}, { token: bob.token })).messageInbox.totalCount).toBe(0);
    expect((await app.ok(NODE, { id: first.id }, { token: bob.token })).node).toBeNull();
    expect((await app.ok(SENT, {}, { token: ada.token })).sentMessages.edges.map((e: any) => e.node.id)).toContain(first.id);
    expect((await app.ok(THREAD, { id: reply.id }, { token: bob.token })).messageThread.totalCount).toBe(1);
    expect((await app.ok(THREAD, { id: reply.id }, { token: ada.token })).messageThread.totalCount).toBe(2);
  });
});

describe("sending rules", () => {
  it("validates the recipient and body", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ recipientId: gid("User", ada.id), body: "to myself" }, "BAD_USER_INPUT"],
      [{ body: "no recipient" }, "BAD_USER_INPUT"],
      [{ recipientId: gid("User", bob.id), body: "   " }, "BAD_USER_INPUT"],
      [{ recipientId: gid("User", "00000000-0000-4000-8000-000000000000"), body: "ghost" }, "NOT_FOUND"],
    ];
    for (const [input, code] of cases) expect(errorCode(await app.gql(SEND, { input }, { token: ada.token }))).toBe(code);
  });

  it("rate limits each sender (MESSAGES_PER_HOUR), storing nothing beyond the limit", async () => {
    const before = await app.prisma.emailMessage.count({ where: { senderId: carol.id } });
    for (let i = 0; i < 4; i++) {
      const r = await app.gql(SEND, { input: { recipientId: gid("User", bob.id), body: `spam ${i}` } }, { token: carol.token });
      expect(r.errors).toBeUndefined();
    }
    const limited = await app.gql(SEND, { input: { recipientId: gid("User", bob.id), body: "spam 5" } }, { token: carol.token });
    expect(errorCode(limited)).toBe("RATE_LIMITED");
    expect(limited.errors?.[0].extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(await app.prisma.emailMessage.count({ where: { senderId: carol.id } })).toBe(before + 4);
    // Another sender is not affected.
    expect((await app.gql(SEND, { input: { recipientId: gid("User", carol.id), body: "hi" } }, { token: bob.token })).errors).toBeUndefined();
  });
});
