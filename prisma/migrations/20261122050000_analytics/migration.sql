-- DropIndex
DROP INDEX "events_event_type_server_time_idx";

-- DropIndex
DROP INDEX "events_content_id_server_time_idx";

-- DropIndex
DROP INDEX "events_story_id_server_time_idx";

-- DropIndex
DROP INDEX "events_server_time_idx";

-- AlterTable
ALTER TABLE "events" ADD COLUMN     "occurred_at" timestamptz,
ADD COLUMN     "watched_seconds" numeric;

-- =====================================================================================
-- Hand-written (issue 7, analytics).
-- The dashboards aggregate events by the event's time, occurred_at = COALESCE(client_time,
-- server_time): the validated client time when the app sent one, the server's otherwise. It and
-- watched_seconds (playback_progress watch time) are STORED generated columns, so every writer
-- (trackEvents, the story play API, imports) gets them for free and the covering indexes below
-- answer the dashboards with index-only scans. They replace the server_time indexes dropped above.
-- =====================================================================================
ALTER TABLE "events" DROP COLUMN "occurred_at", DROP COLUMN "watched_seconds";
ALTER TABLE "events"
  ADD COLUMN "occurred_at" timestamptz(3) GENERATED ALWAYS AS (COALESCE("client_time", "server_time")) STORED,
  ADD COLUMN "watched_seconds" numeric GENERATED ALWAYS AS (
    CASE WHEN "event_type" = 'playback_progress' AND jsonb_typeof("event_data" -> 'watchedSeconds') = 'number'
         THEN ("event_data" ->> 'watchedSeconds')::numeric END
  ) STORED;

CREATE INDEX "events_content_id_time_idx" ON "events" ("content_id", "event_type", "occurred_at") INCLUDE ("watched_seconds")
  WHERE "content_id" IS NOT NULL;
CREATE INDEX "events_story_id_time_idx" ON "events" ("story_id", "event_type", "occurred_at")
  WHERE "story_id" IS NOT NULL;
CREATE INDEX "events_event_type_time_idx" ON "events" ("event_type", "occurred_at") INCLUDE ("content_id", "watched_seconds");
CREATE INDEX "events_time_user_id_idx" ON "events" ("occurred_at", "user_id");

-- All-time totals per content (the dashboard_creator view) from the roll-up without touching its heap.
CREATE INDEX "analytics_views_content_totals_idx" ON "analytics_views" ("content_id") INCLUDE ("view_count", "watch_time_seconds");
