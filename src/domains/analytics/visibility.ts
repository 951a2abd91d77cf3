// Which analytics rows a viewer may load. Resume points (video_playback) are private to their
// user; admins see all. Events and roll-ups are never exposed row by row: dashboards aggregate
// them, and the dashboards themselves are guarded in rules.ts / dashboard.ts.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const NOTHING = "00000000-0000-0000-0000-000000000000";

export function videoPlaybackWhereFor(viewer: Viewer | null): Prisma.VideoPlaybackWhereInput {
  if (isAdmin(viewer)) return {};
  return { userId: viewer ? viewer.id : NOTHING };
}
