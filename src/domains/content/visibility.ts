// The one where-clause per model that every list, count and single read of content uses.
// Catalogue rows of published public, members-only and purchased-only content are visible to
// everyone (you must see it to buy it); their protected fields need access (see types.ts).
// Unlisted content is readable by id but never listed; private content and drafts only by the
// creator; soft-deleted rows (and content of a deleted series) only by admins. A suspended
// creator's content and series are seen only by the creator and admins.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const LISTED = ["PUBLIC", "MEMBERS_ONLY", "PURCHASED_ONLY"] as const;

/** The row's creator is not suspended (a user without a creator profile is not suspended). */
const CREATOR_NOT_SUSPENDED = { creator: { NOT: { creatorProfile: { is: { suspendedAt: { not: null } } } } } } as const;

/** Creator profiles: a suspended one only to its owner and admins; a deleted user's to admins. */
export function creatorProfileWhereFor(viewer: Viewer | null): Prisma.CreatorProfileWhereInput {
  if (isAdmin(viewer)) return {};
  return { user: { deletedAt: null }, ...(viewer ? { OR: [{ suspendedAt: null }, { userId: viewer.id }] } : { suspendedAt: null }) };
}

export function contentWhereFor(viewer: Viewer | null, mode: "list" | "read" = "list"): Prisma.ContentWhereInput {
  if (isAdmin(viewer)) return {};
  const visibilities = mode === "read" ? [...LISTED, "UNLISTED" as const] : [...LISTED];
  // A suspended creator's items leave the catalogue (the creator still sees them).
  const published: Prisma.ContentWhereInput = {
    status: "PUBLISHED",
    visibility: { in: visibilities },
    ...CREATOR_NOT_SUSPENDED,
  };
  return {
    deletedAt: null,
    OR: [{ seriesId: null }, { series: { deletedAt: null } }],
    AND: [viewer ? { OR: [published, { creatorId: viewer.id }] } : published],
  };
}

export function seriesWhereFor(viewer: Viewer | null): Prisma.ContentSeriesWhereInput {
  if (isAdmin(viewer)) return {};
  const published: Prisma.ContentSeriesWhereInput = { status: "PUBLISHED", ...CREATOR_NOT_SUSPENDED };
  return { deletedAt: null, ...(viewer ? { OR: [published, { creatorId: viewer.id }] } : published) };
}

// ---------------------------------------------------------------------------------------------
// Item checks (applied by authoring.ts to the one row a mutation changes; named in rules.ts)
// ---------------------------------------------------------------------------------------------

/** A content item may be changed by its creator, or by an admin (others get NOT_FOUND). */
export function canUpdateContent(viewer: Viewer | null, content: { creatorId: string }): boolean {
  return !!viewer && (isAdmin(viewer) || content.creatorId === viewer.id);
}

/** A series may be changed by its creator, or by an admin (others get NOT_FOUND). */
export function canUpdateSeries(viewer: Viewer | null, series: { creatorId: string }): boolean {
  return !!viewer && (isAdmin(viewer) || series.creatorId === viewer.id);
}
