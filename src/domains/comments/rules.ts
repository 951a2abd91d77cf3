// Comment rules. Comments are loaded through commentWhereFor (visibility.ts), so a loaded row is
// readable; who may edit or delete is checked in service.ts (author; moderators and admins delete).
import { allow, isAuthenticated } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Mutation: {
    postComment: isAuthenticated,
    replyToComment: isAuthenticated,
    editComment: isAuthenticated,
    deleteComment: isAuthenticated,
    reactToComment: isAuthenticated,
    removeCommentReaction: isAuthenticated,
  },
  Subscription: {
    commentAdded: isAuthenticated,
  },
  Comment: { "*": allow },
  CommentReactionCount: { "*": allow },
} satisfies RuleMap;
