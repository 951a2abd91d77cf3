-- DropIndex
DROP INDEX "events_event_type_server_time_idx";

-- DropIndex
DROP INDEX "events_content_id_server_time_idx";

-- DropIndex
DROP INDEX "events_story_id_server_time_idx";

-- DropIndex
DROP INDEX "events_server_time_idx";

-- =====================================================================================
-- Hand-written (issue 7, analytics). The dashboards aggregate events by the event's time,
-- COALESCE(client_time, server_time): the validated client time when the app sent one, the
-- server's otherwise. These expression indexes replace the server_time ones dropped above
-- (for server-written events, whose client_time is null, they order the same rows).
-- =====================================================================================
CREATE INDEX "events_content_id_time_idx" ON "events" ("content_id", "event_type", (COALESCE("client_time", "server_time")))
  WHERE "content_id" IS NOT NULL;
CREATE INDEX "events_story_id_time_idx" ON "events" ("story_id", "event_type", (COALESCE("client_time", "server_time")))
  WHERE "story_id" IS NOT NULL;
CREATE INDEX "events_event_type_time_idx" ON "events" ("event_type", (COALESCE("client_time", "server_time")));
CREATE INDEX "events_time_user_id_idx" ON "events" ((COALESCE("client_time", "server_time")), "user_id");
