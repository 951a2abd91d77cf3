// Comment visibility follows the comment's parent target: a story comment is visible with its
// story (stories/visibility.ts), a content comment with its content item (content/visibility.ts).
// Soft-deleted comments are hidden from everyone but admins, and so are the direct replies of a
// deleted comment (the rest of that sub-thread is reachable only through them). Deleted stories
// and content hide their comments; restoring them brings the comments back. Beside the filter,
// the item checks the service applies to the one comment a mutation changes (rules.ts names them).
import type { Prisma } from "../../generated/prisma/client.ts";
import { hasRole, isAdmin, type Viewer } from "../../core/context.ts";
import { contentWhereFor } from "../content/index.ts";
import { storyWhereFor } from "../stories/index.ts";

export function commentWhereFor(viewer: Viewer | null): Prisma.CommentWhereInput {
  if (isAdmin(viewer)) return {};
  return {
    deletedAt: null,
    AND: [
      { OR: [{ parentId: null }, { parent: { deletedAt: null } }] },
      { OR: [{ story: storyWhereFor(viewer, "read") }, { content: contentWhereFor(viewer, "read") }] },
    ],
  };
}

/** Editing a comment: its author; admins fix anyone's (audited as comment.admin_edit). */
export function canUpdateComment(viewer: Viewer | null, comment: { authorId: string }): boolean {
  return !!viewer && (comment.authorId === viewer.id || isAdmin(viewer));
}

/** Deleting a comment: its author; moderators and admins remove any comment they can see. */
export function canDeleteComment(viewer: Viewer | null, comment: { authorId: string }): boolean {
  return canUpdateComment(viewer, comment) || isAdmin(viewer) || hasRole(viewer, "MODERATOR");
}
