// Story visibility, the seed's RLS as where-clauses: published public (or unlisted, by id) and
// not deleted → anyone; own and not deleted → the creator; everything → admins. Children
// (nodes, choices, progress, comments, highlights) of a deleted story are hidden with it, and
// deleted children are hidden from everyone but admins. One function per model; every list,
// count and single read of that model uses it. Beside them, the item checks
// `can<Op><Model>(viewer, row)` the services apply to the one row a mutation changes (named in
// rules.ts as item rules).
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

/** Matches no row: for "anonymous viewers see none of these". */
export const NO_ROWS = { id: { in: [] as string[] } };

export function storyWhereFor(viewer: Viewer | null, mode: "list" | "read" = "list"): Prisma.StoryWhereInput {
  if (isAdmin(viewer)) return {};
  const published: Prisma.StoryWhereInput = {
    status: "PUBLISHED",
    visibility: mode === "read" ? { in: ["PUBLIC", "UNLISTED"] } : "PUBLIC",
  };
  return { deletedAt: null, ...(viewer ? { OR: [published, { creatorId: viewer.id }] } : published) };
}

export function storyNodeWhereFor(viewer: Viewer | null): Prisma.StoryNodeWhereInput {
  if (isAdmin(viewer)) return {};
  return { deletedAt: null, story: storyWhereFor(viewer, "read") };
}

/** A choice is visible with its source node, while it and its target node are live. */
export function storyChoiceWhereFor(viewer: Viewer | null): Prisma.StoryChoiceWhereInput {
  if (isAdmin(viewer)) return {};
  return { deletedAt: null, toNode: { deletedAt: null }, fromNode: storyNodeWhereFor(viewer) };
}

/** Progress: the listener's own, and every listener's on the viewer's own stories. */
export function storyProgressWhereFor(viewer: Viewer | null): Prisma.UserStoryProgressWhereInput {
  if (isAdmin(viewer)) return {};
  if (!viewer) return NO_ROWS;
  return { story: storyWhereFor(viewer, "read"), OR: [{ userId: viewer.id }, { story: { creatorId: viewer.id } }] };
}

export function storyProgressStepWhereFor(viewer: Viewer | null): Prisma.StoryProgressStepWhereInput {
  if (isAdmin(viewer)) return {};
  return { progress: storyProgressWhereFor(viewer) };
}

/** Highlights are visible with their story (the seed: anyone sees highlights of public stories). */
export function storyHighlightWhereFor(viewer: Viewer | null): Prisma.StoryHighlightWhereInput {
  if (isAdmin(viewer)) return {};
  return { story: storyWhereFor(viewer, "read") };
}

/** Where-clause for a relation's rows that only hides soft-deleted rows from non-admins. */
export function liveFor(viewer: Viewer | null): { deletedAt?: null } {
  return isAdmin(viewer) ? {} : { deletedAt: null };
}

// ---------------------------------------------------------------------------------------------
// Item checks
// ---------------------------------------------------------------------------------------------

/** The story (and its nodes and choices) may be changed by its creator, or by an admin. */
export function canUpdateStory(viewer: Viewer | null, story: { creatorId: string }): boolean {
  return !!viewer && (isAdmin(viewer) || story.creatorId === viewer.id);
}

/** A highlight may be changed or deleted by the listener who made it, or by an admin. */
export function canUpdateStoryHighlight(viewer: Viewer | null, highlight: { userId: string }): boolean {
  return !!viewer && (highlight.userId === viewer.id || isAdmin(viewer));
}
