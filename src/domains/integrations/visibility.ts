// The one where-clause per model of the integrations domain. Every list, count, single read and
// node(id) refetch of these models goes through these functions.
//  - Lookups (platforms, content types, AI providers and models): active rows for everyone,
//    every row for admins. Account statuses have no active flag: all are public.
//  - Connections, social accounts, synced content items, their revisions and AI suggestions are
//    private to their owner (ownership: connection.userId, socialAccount.userId, and for items
//    socialAccount.userId): a creator never sees another creator's rows, soft-deleted accounts and
//    items are hidden from their owner too, admins see everything. Anonymous viewers see none.
import { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const NONE = { id: { in: [] as string[] } };

export function platformWhereFor(viewer: Viewer | null): Prisma.PlatformWhereInput {
  return isAdmin(viewer) ? {} : { isActive: true };
}

export function socialContentTypeWhereFor(viewer: Viewer | null): Prisma.SocialContentTypeWhereInput {
  return isAdmin(viewer) ? {} : { isActive: true };
}

export function accountStatusWhereFor(_viewer: Viewer | null): Prisma.AccountStatusWhereInput {
  return {};
}

export function aiProviderWhereFor(viewer: Viewer | null): Prisma.AiProviderWhereInput {
  return isAdmin(viewer) ? {} : { isActive: true };
}

export function aiModelWhereFor(viewer: Viewer | null): Prisma.AiModelWhereInput {
  return isAdmin(viewer) ? {} : { isActive: true, provider: { isActive: true } };
}

/** Keywords valid now, on an active platform (or cross-platform ones without a platform). */
export function trendingKeywordWhereFor(viewer: Viewer | null, now: Date): Prisma.TrendingKeywordWhereInput {
  if (isAdmin(viewer)) return {};
  return {
    validFrom: { lte: now },
    AND: [{ OR: [{ validUntil: null }, { validUntil: { gt: now } }] }, { OR: [{ platformId: null }, { platform: { isActive: true } }] }],
  };
}

export function platformConnectionWhereFor(viewer: Viewer | null): Prisma.PlatformConnectionWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : NONE;
}

export function socialAccountWhereFor(viewer: Viewer | null): Prisma.SocialAccountWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id, deletedAt: null } : NONE;
}

export function contentItemWhereFor(viewer: Viewer | null): Prisma.ContentItemWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { deletedAt: null, socialAccount: socialAccountWhereFor(viewer) } : NONE;
}

/**
 * The same rule as contentItemWhereFor, as SQL over `content_item ci JOIN social_account sa`, for
 * the ranked full-text search ($queryRaw). test/integrations/search.test.ts checks both agree.
 */
export function contentItemSqlFor(viewer: Viewer | null): Prisma.Sql {
  if (isAdmin(viewer)) return Prisma.sql`TRUE`;
  if (!viewer) return Prisma.sql`FALSE`;
  return Prisma.sql`ci.deleted_at IS NULL AND sa.deleted_at IS NULL AND sa.user_id = ${viewer.id}::uuid`;
}

export function contentRevisionWhereFor(viewer: Viewer | null): Prisma.ContentRevisionWhereInput {
  return isAdmin(viewer) ? {} : { contentItem: contentItemWhereFor(viewer) };
}

export function aiSuggestionWhereFor(viewer: Viewer | null): Prisma.AiSuggestionWhereInput {
  return isAdmin(viewer) ? {} : { contentItem: contentItemWhereFor(viewer) };
}

export function aiSuggestionApplicationWhereFor(viewer: Viewer | null): Prisma.AiSuggestionApplicationWhereInput {
  return isAdmin(viewer) ? {} : { suggestion: aiSuggestionWhereFor(viewer) };
}
