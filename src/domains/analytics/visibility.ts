// Which analytics rows a viewer may load. Resume points (video_playback) are private to their
// user; admins see all. Events and roll-ups are never exposed row by row: dashboards aggregate
// them, and the dashboards themselves are guarded in rules.ts / dashboard.ts.
import { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const NOTHING = "00000000-0000-0000-0000-000000000000";

export function videoPlaybackWhereFor(viewer: Viewer | null): Prisma.VideoPlaybackWhereInput {
  if (isAdmin(viewer)) return {};
  return { userId: viewer ? viewer.id : NOTHING };
}

/**
 * Usage rows (ai_usage, seo_usage) as a SQL filter on alias `u`: a user's own rows; admins all.
 * They are only ever exposed aggregated (User.usage, usageTotals), never row by row.
 */
export function usageSqlFilterFor(viewer: Viewer | null): Prisma.Sql {
  if (isAdmin(viewer)) return Prisma.sql`TRUE`;
  if (!viewer) return Prisma.sql`FALSE`;
  return Prisma.sql`u.user_id = ${viewer.id}::uuid`;
}
