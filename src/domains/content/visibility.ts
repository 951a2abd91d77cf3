// The one where-clause per model that every list, count and single read of content uses.
// Catalogue rows of published public, members-only and purchased-only content are visible to
// everyone (you must see it to buy it); their protected fields need access (see types.ts).
// Unlisted content is readable by id but never listed; private content and drafts only by the
// creator; soft-deleted rows (and content of a deleted series) only by admins.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const LISTED = ["PUBLIC", "MEMBERS_ONLY", "PURCHASED_ONLY"] as const;

export function contentWhereFor(viewer: Viewer | null, mode: "list" | "read" = "list"): Prisma.ContentWhereInput {
  if (isAdmin(viewer)) return {};
  const visibilities = mode === "read" ? [...LISTED, "UNLISTED" as const] : [...LISTED];
  const published: Prisma.ContentWhereInput = {
    status: "PUBLISHED",
    visibility: { in: visibilities },
  };
  return {
    deletedAt: null,
    OR: [{ seriesId: null }, { series: { deletedAt: null } }],
    AND: [viewer ? { OR: [published, { creatorId: viewer.id }] } : published],
  };
}

export function seriesWhereFor(viewer: Viewer | null): Prisma.ContentSeriesWhereInput {
  if (isAdmin(viewer)) return {};
  const published: Prisma.ContentSeriesWhereInput = { status: "PUBLISHED" };
  return { deletedAt: null, ...(viewer ? { OR: [published, { creatorId: viewer.id }] } : published) };
}
