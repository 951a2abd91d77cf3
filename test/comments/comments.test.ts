// One threaded Comment model for stories and content: post, reply (notifying the parent's
// author), edit own, soft-delete own, moderators and admins remove any, reactions, visibility
// following the parent story or content item.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { buildStory, makeContent, makeUser, type BuiltStory, type TestUser } from "../helpers/factories/stories.ts";
import { encodeGlobalId } from "../../src/core/ids.ts";

const POST = `mutation($t: ID!, $b: String!) { postComment(targetId: $t, body: $b) { id body author { id } story { id } content { id } parent { id } } }`;
const REPLY = `mutation($c: ID!, $b: String!) { replyToComment(commentId: $c, body: $b) { id body parent { id } story { id } } }`;
const THREAD = `query($s: ID!) { story(id: $s) { commentCount comments(first: 10) { totalCount edges { node { body replyCount replies(first: 10) { totalCount edges { node { body replies(first: 5) { edges { node { body } } } } } } } } } } }`;

describe("comments", () => {
  let app: TestApp;
  let creator: TestUser;
  let alice: TestUser;
  let bob: TestUser;
  let moderator: TestUser;
  let admin: TestUser;
  let story: BuiltStory;

  beforeAll(async () => {
    app = await createTestApp();
    creator = await makeUser(app, ["CREATOR"], "creator");
    alice = await makeUser(app, ["MEMBER"], "alice");
    bob = await makeUser(app, ["MEMBER"], "bob");
    moderator = await makeUser(app, ["MEMBER", "MODERATOR"], "moderator");
    admin = await makeUser(app, ["ADMIN"], "admin");
    story = await buildStory(app, creator.id, { nodes: { a: {} } });
  });
  afterAll(() => app.close());

  it("posts, replies in threads and notifies the parent comment's author", async () => {
    const top = (await app.ok(POST, { t: story.gid, b: "  Loved the ending!  " }, { token: alice.token })).postComment;
    expect(top).toMatchObject({ body: "Loved the ending!", story: { id: story.gid }, content: null, parent: null });
    const reply = (await app.ok(REPLY, { c: top.id, b: "Me too" }, { token: bob.token })).replyToComment;
    expect(reply).toMatchObject({ parent: { id: top.id }, story: { id: story.gid } });
    await app.ok(REPLY, { c: reply.id, b: "Agreed" }, { token: alice.token });
    await app.ok(REPLY, { c: top.id, b: "Adding to my own thread" }, { token: alice.token });

    const t = (await app.ok(THREAD, { s: story.gid })).story;
    expect(t.commentCount).toBe(4);
    expect(t.comments.totalCount).toBe(1);
    expect(t.comments.edges[0].node).toEqual({
      body: "Loved the ending!",
      replyCount: 2,
      replies: {
        totalCount: 2,
        edges: [
          { node: { body: "Me too", replies: { edges: [{ node: { body: "Agreed" } }] } } },
          { node: { body: "Adding to my own thread", replies: { edges: [] } } },
        ],
      },
    });

    const notes = await app.prisma.notification.findMany({ where: { type: "COMMENT_REPLY" }, orderBy: { createdAt: "asc" } });
    // Bob replied to Alice, Alice replied to Bob; Alice's reply in her own thread notified nobody.
    expect(notes.map((n) => n.userId)).toEqual([alice.id, bob.id]);
    expect(notes[0]).toMatchObject({ title: "New reply to your comment", message: "Me too", relatedEntityType: "Comment" });
  });

  it("validates the body and the target id", async () => {
    for (const body of ["", "   ", "x".repeat(5001)]) {
      const r = await app.gql(POST, { t: story.gid, b: body }, { token: alice.token });
      expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "body" });
    }
    const r = await app.gql(POST, { t: story.nodeGid("a"), b: "hi" }, { token: alice.token });
    expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "targetId" });
    expect(errorCode(await app.gql(POST, { t: story.gid, b: "hi" }))).toBe("UNAUTHENTICATED");
  });

  it("lets authors edit their own comments, and admins anyone's", async () => {
    const c = (await app.ok(POST, { t: story.gid, b: "Typo" }, { token: alice.token })).postComment;
    const EDIT = `mutation($id: ID!, $b: String!) { editComment(id: $id, body: $b) { body editedAt viewerCanEdit } }`;
    expect(errorCode(await app.gql(EDIT, { id: c.id, b: "Hijacked" }, { token: bob.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(EDIT, { id: c.id, b: "Hijacked" }, { token: moderator.token }))).toBe("FORBIDDEN");
    const e = await app.ok(EDIT, { id: c.id, b: "Fixed" }, { token: alice.token });
    expect(e.editComment).toMatchObject({ body: "Fixed", viewerCanEdit: true });
    expect(e.editComment.editedAt).toBeTruthy();
    // An admin fixes it (a slur, a leaked phone number): audited as an admin edit naming the author.
    const fixed = await app.ok(EDIT, { id: c.id, b: "Fixed [edited by an admin]" }, { token: admin.token });
    expect(fixed.editComment).toMatchObject({ body: "Fixed [edited by an admin]", viewerCanEdit: true });
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "comment.admin_edit" }, orderBy: { createdAt: "desc" } });
    expect(audit.actorId).toBe(admin.id);
    expect(audit.newValues).toMatchObject({ body: "Fixed [edited by an admin]", authorId: alice.id });
    expect(audit.oldValues).toMatchObject({ body: "Fixed" });
  });

  it("soft-deletes: own comments by the author, anyone's by moderators and admins", async () => {
    const DELETE = `mutation($id: ID!) { deleteComment(id: $id) }`;
    const c1 = (await app.ok(POST, { t: story.gid, b: "Regret" }, { token: alice.token })).postComment;
    const reply = (await app.ok(REPLY, { c: c1.id, b: "Reply under a deleted comment" }, { token: bob.token })).replyToComment;
    expect(errorCode(await app.gql(DELETE, { id: c1.id }, { token: bob.token }))).toBe("FORBIDDEN");
    expect((await app.ok(DELETE, { id: c1.id }, { token: alice.token })).deleteComment).toBe(c1.id);
    for (const token of [alice.token, bob.token, creator.token, undefined]) {
      expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: c1.id }, { token })).node).toBeNull();
      expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: reply.id }, { token })).node).toBeNull();
    }
    expect(errorCode(await app.gql(REPLY, { c: c1.id, b: "too late" }, { token: bob.token }))).toBe("NOT_FOUND");
    const asAdmin = await app.ok(`query($id: ID!) { node(id: $id) { ... on Comment { body deletedAt } } }`, { id: c1.id }, { token: admin.token });
    expect(asAdmin.node.body).toBe("Regret");
    expect(asAdmin.node.deletedAt).toBeTruthy();

    const c2 = (await app.ok(POST, { t: story.gid, b: "Spam spam" }, { token: bob.token })).postComment;
    expect((await app.ok(DELETE, { id: c2.id }, { token: moderator.token })).deleteComment).toBe(c2.id);
    const c3 = (await app.ok(POST, { t: story.gid, b: "More spam" }, { token: bob.token })).postComment;
    await app.ok(DELETE, { id: c3.id }, { token: admin.token });
    const actions = await app.prisma.auditLog.findMany({ where: { entityType: "Comment", action: { in: ["comment.delete", "comment.remove"] } }, orderBy: { createdAt: "asc" } });
    expect(actions.map((a) => [a.action, a.actorId])).toEqual([
      ["comment.delete", alice.id],
      ["comment.remove", moderator.id],
      ["comment.remove", admin.id],
    ]);
    expect((await app.gql(DELETE, { id: c3.id }, { token: admin.token })).errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "COMMENT_DELETED" });
  });

  it("counts reactions, one per user and emoji", async () => {
    const c = (await app.ok(POST, { t: story.gid, b: "React to me" }, { token: alice.token })).postComment;
    const REACT = `mutation($id: ID!, $e: String!) { reactToComment(id: $id, emoji: $e) { reactions { emoji count viewerReacted } } }`;
    await app.ok(REACT, { id: c.id, e: "👍" }, { token: alice.token });
    await app.ok(REACT, { id: c.id, e: "👍" }, { token: alice.token });
    await app.ok(REACT, { id: c.id, e: "❤️" }, { token: alice.token });
    const r = await app.ok(REACT, { id: c.id, e: "👍" }, { token: bob.token });
    expect(r.reactToComment.reactions).toEqual([
      { emoji: "👍", count: 2, viewerReacted: true },
      { emoji: "❤️", count: 1, viewerReacted: false },
    ]);
    expect(await app.prisma.commentReaction.count({ where: { emoji: "👍" } })).toBe(2);
    const removed = await app.ok(`mutation($id: ID!) { removeCommentReaction(id: $id, emoji: "👍") { reactions { emoji count viewerReacted } } }`, { id: c.id }, { token: alice.token });
    expect(removed.removeCommentReaction.reactions).toEqual([
      { emoji: "❤️", count: 1, viewerReacted: true },
      { emoji: "👍", count: 1, viewerReacted: false },
    ]);
    for (const e of ["🇫🇷", "👨‍👩‍👧", "👍🏽"]) {
      const ok = await app.ok(REACT, { id: c.id, e }, { token: bob.token });
      expect(ok.reactToComment.reactions.map((x: { emoji: string }) => x.emoji)).toContain(e);
    }
    for (const e of ["abc", "", "👍👍", "<script>", "1"]) {
      const bad = await app.gql(REACT, { id: c.id, e }, { token: bob.token });
      expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "emoji" });
    }
  });

  it("hides comments on stories the viewer cannot see", async () => {
    const draft = await buildStory(app, creator.id, { status: "DRAFT", nodes: { a: {} } });
    expect(errorCode(await app.gql(POST, { t: draft.gid, b: "hi" }, { token: alice.token }))).toBe("NOT_FOUND");
    const own = (await app.ok(POST, { t: draft.gid, b: "Note to self" }, { token: creator.token })).postComment;
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: own.id }, { token: alice.token })).node).toBeNull();
    expect(errorCode(await app.gql(REPLY, { c: own.id, b: "sneaky" }, { token: alice.token }))).toBe("NOT_FOUND");
  });

  describe("on content", () => {
    it("follows the content's visibility", async () => {
      const pub = await makeContent(app, creator.id);
      const priv = await makeContent(app, creator.id, { visibility: "PRIVATE" });
      const pubId = encodeGlobalId("Content", pub.id);
      const c = (await app.ok(POST, { t: pubId, b: "Nice video" }, { token: alice.token })).postComment;
      expect(c).toMatchObject({ content: { id: pubId }, story: null });
      await app.ok(REPLY, { c: c.id, b: "Thanks" }, { token: creator.token });
      const list = await app.ok(`query($id: ID!) { node(id: $id) { ... on Content { commentCount comments(first: 5) { totalCount edges { node { body replies(first: 5) { edges { node { body } } } } } } } } }`, { id: pubId });
      expect(list.node).toEqual({ commentCount: 2, comments: { totalCount: 1, edges: [{ node: { body: "Nice video", replies: { edges: [{ node: { body: "Thanks" } }] } } }] } });
      expect(errorCode(await app.gql(POST, { t: encodeGlobalId("Content", priv.id), b: "hi" }, { token: alice.token }))).toBe("NOT_FOUND");
      // Deleting the content item hides its comments; admins still see them.
      await app.prisma.content.update({ where: { id: pub.id }, data: { deletedAt: app.clock.now() } });
      expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: c.id }, { token: alice.token })).node).toBeNull();
      expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: c.id }, { token: admin.token })).node).toEqual({ id: c.id });
    });
  });
});
