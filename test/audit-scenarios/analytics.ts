// Audit scenarios for the analytics mutations (see test/helpers/audit.ts). trackEvents changes
// data (events, the analytics_views roll-up, content.view_count, video_playback) and writes ONE
// audit row per batch ("analytics.track_events"), not one per event.
import { encodeGlobalId } from "../../src/core/ids.ts";
import type { AuditScenarios } from "../helpers/audit.ts";

export const scenarios: AuditScenarios = {
  trackEvents: async (app) => {
    const creator = await app.prisma.user.create({ data: { email: "audit-analytics-creator@example.test" } });
    const viewer = await app.prisma.user.create({ data: { email: "audit-analytics-viewer@example.test" } });
    const video = await app.prisma.content.create({
      data: { creatorId: creator.id, title: "Audit video", slug: "audit-analytics-video", mediaType: "VIDEO", mediaDurationSeconds: 100, visibility: "PUBLIC", status: "PUBLISHED" },
    });
    const contentId = encodeGlobalId("Content", video.id);
    return {
      query: `mutation($events: [TrackEventInput!]!) { trackEvents(events: $events) { accepted } }`,
      variables: {
        events: [
          { clientEventId: "audit-1", type: "content_view", contentId },
          { clientEventId: "audit-2", type: "playback_progress", contentId, properties: { positionSeconds: 50, watchedSeconds: 10 } },
        ],
      },
      token: await app.token(viewer.id),
    };
  },
};
