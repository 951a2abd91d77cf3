// Comment rules. Comments are loaded through commentWhereFor (visibility.ts), so a loaded row is
// readable. Who may edit or delete is an item check (visibility.ts canUpdateComment /
// canDeleteComment: author; moderators and admins delete) applied by service.ts to the loaded
// comment; the item rules below name it.
import { allow, isAuthenticated, itemRule } from "../../core/authz/index.ts";
import { canDeleteComment, canUpdateComment } from "./visibility.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

const isCommentAuthorOrAdmin = itemRule("isCommentAuthorOrAdmin", "own comment (admins: any)", canUpdateComment);
const mayDeleteComment = itemRule("mayDeleteComment", "own comment", canDeleteComment);

export const rules = {
  Mutation: {
    postComment: isAuthenticated,
    replyToComment: isAuthenticated,
    editComment: isCommentAuthorOrAdmin,
    deleteComment: mayDeleteComment,
    reactToComment: isAuthenticated,
    removeCommentReaction: isAuthenticated,
  },
  Subscription: {
    commentAdded: isAuthenticated,
  },
  Comment: { "*": allow },
  CommentReactionCount: { "*": allow },
} satisfies RuleMap;
