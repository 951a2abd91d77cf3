// Story visibility, the seed's RLS as where-clauses: published public (or unlisted, by id) and
// not deleted → anyone; own and not deleted → the creator; everything → admins. Children
// (nodes, choices, comments, highlights) of a deleted story are hidden with it, and deleted
// children are hidden from everyone but admins.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../server/context.ts";

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
