// Audit scenarios for the comment mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import type { TestApp } from "../helpers/app.ts";
import { buildStory, gid, makeUser } from "../helpers/factories/stories.ts";

/** A published story with one comment by its author, and a second member. */
async function setup(app: TestApp) {
  const creator = await makeUser(app, ["CREATOR"], "audit-creator");
  const author = await makeUser(app, ["MEMBER"], "audit-author");
  const other = await makeUser(app, ["MEMBER"], "audit-other");
  const story = await buildStory(app, creator.id, { nodes: { s: { ending: true } } });
  const comment = await app.prisma.comment.create({ data: { authorId: author.id, storyId: story.id, body: "First!" } });
  return { story, author, other, commentGid: gid("Comment", comment.id), commentId: comment.id };
}

export const scenarios: AuditScenarios = {
  postComment: async (app) => {
    const { story, other } = await setup(app);
    return { query: `mutation($t: ID!) { postComment(targetId: $t, body: "Lovely") { id } }`, variables: { t: story.gid }, token: other.token };
  },
  replyToComment: async (app) => {
    const { commentGid, other } = await setup(app);
    return { query: `mutation($c: ID!) { replyToComment(commentId: $c, body: "Agreed") { id } }`, variables: { c: commentGid }, token: other.token };
  },
  editComment: async (app) => {
    const { commentGid, author } = await setup(app);
    return { query: `mutation($id: ID!) { editComment(id: $id, body: "Second!") { id } }`, variables: { id: commentGid }, token: author.token };
  },
  deleteComment: async (app) => {
    const { commentGid, author } = await setup(app);
    return { query: `mutation($id: ID!) { deleteComment(id: $id) }`, variables: { id: commentGid }, token: author.token };
  },
  reactToComment: async (app) => {
    const { commentGid, other } = await setup(app);
    return { query: `mutation($id: ID!) { reactToComment(id: $id, emoji: "👍") { id } }`, variables: { id: commentGid }, token: other.token };
  },
  removeCommentReaction: async (app) => {
    const { commentGid, commentId, other } = await setup(app);
    await app.prisma.commentReaction.create({ data: { commentId, userId: other.id, emoji: "👍" } });
    return { query: `mutation($id: ID!) { removeCommentReaction(id: $id, emoji: "👍") { id } }`, variables: { id: commentGid }, token: other.token };
  },
};
