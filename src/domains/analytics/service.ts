// Event ingestion and playback resume. trackEvents takes a batch from an app (signed in, or
// anonymous with a session id), checks every event on its own (a bad one is refused with a
// reason, the rest go in), and writes in ONE transaction: the events (a retried event is skipped
// by the unique (dedupe_key, client_event_id)), the daily content roll-up (analytics_views) and
// content.view_count for the events that were really inserted, the resume points
// (video_playback), and one audit row for the batch.
import { z } from "zod";
import { Prisma } from "../../generated/prisma/client.ts";
import { transaction, type Tx } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { contentWhereFor } from "../content/index.ts";
import { parseInput } from "../../core/validation.ts";
import { storyWhereFor } from "../stories/index.ts";
import { coarsenIp, needsContent, precheck, REJECT_REASONS, type PlaybackReport, type RejectReason } from "./events.ts";
import { videoPlaybackWhereFor } from "./visibility.ts";

export const DEVICE_TYPES = ["desktop", "mobile", "tablet", "tv", "other"] as const;
export type DeviceType = (typeof DEVICE_TYPES)[number];

export interface TrackEventInput {
  clientEventId: string;
  type: string;
  occurredAt?: Date | null;
  contentId?: string | null;
  storyId?: string | null;
  deviceType?: DeviceType | null;
  referrer?: string | null;
  properties?: unknown;
}

export type TrackEventStatus = "ACCEPTED" | "DUPLICATE" | "REJECTED";

export interface TrackEventResult {
  clientEventId: string;
  status: TrackEventStatus;
  reason: RejectReason | null;
  message: string | null;
}

export interface TrackEventsResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: TrackEventResult[];
}

/** A playback is complete once the position reaches 95 % of the duration. */
export const COMPLETION_RATIO = 0.95;

const batchSchema = (max: number) =>
  z.object({
    sessionId: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{8,128}$/, "must be 8-128 characters of letters, digits, '_', '-', '.', ':'")
      .nullish(),
    events: z.array(z.unknown()).min(1, "must contain at least one event").max(max, `must contain at most ${max} events`),
  });

interface Candidate {
  index: number;
  input: TrackEventInput;
  type: string;
  clientTime: Date | null;
  occurredAt: Date;
  properties: Record<string, unknown>;
  playback: PlaybackReport | null;
  contentId: string | null;
  storyId: string | null;
}

const utcDate = (d: Date) => d.toISOString().slice(0, 10);

export async function trackEvents(ctx: Context, input: { sessionId?: string | null; events: TrackEventInput[] }): Promise<TrackEventsResult> {
  const { sessionId } = parseInput(batchSchema(ctx.config.ANALYTICS_MAX_BATCH), input);
  const viewer = ctx.viewer;
  if (!viewer && !sessionId) throw errors.badInput("sessionId", "is required for anonymous clients");
  const dedupeKey = viewer ? viewer.id : `s:${sessionId}`;
  const now = ctx.services.clock();
  const limits = {
    maxPropertiesBytes: ctx.config.ANALYTICS_MAX_PROPERTIES_BYTES,
    maxAgeMs: ctx.config.ANALYTICS_MAX_EVENT_AGE_HOURS * 3_600_000,
    maxSkewMs: ctx.config.ANALYTICS_MAX_CLOCK_SKEW_SECONDS * 1000,
  };

  const results: TrackEventResult[] = input.events.map((e) => ({ clientEventId: e.clientEventId, status: "REJECTED", reason: null, message: null }));
  const reject = (i: number, reason: RejectReason) => {
    results[i] = { clientEventId: results[i].clientEventId, status: "REJECTED", reason, message: REJECT_REASONS[reason] };
  };

  // 1. Checks without the database. The same clientEventId again in one batch shares the fate
  //    of its first occurrence (settled at the end).
  const first = new Map<string, number>();
  const repeats: [number, number][] = [];
  const candidates: Candidate[] = [];
  input.events.forEach((e, index) => {
    const earlier = first.get(e.clientEventId);
    if (earlier !== undefined) return void repeats.push([index, earlier]);
    first.set(e.clientEventId, index);
    const pre = precheck(e, now, limits);
    if (!pre.ok) return reject(index, pre.reason);
    if (needsContent(pre.type) && !e.contentId) return reject(index, "CONTENT_REQUIRED");
    // The roll-up key's device type is kept on the event too, so roll-ups can be rebuilt from events.
    if (needsContent(pre.type)) pre.properties.deviceType = e.deviceType ?? "unknown";
    candidates.push({
      index,
      input: e,
      type: pre.type,
      clientTime: pre.clientTime,
      occurredAt: pre.clientTime ?? now,
      properties: pre.properties,
      playback: pre.playback,
      contentId: e.contentId ?? null,
      storyId: e.storyId ?? null,
    });
  });

  // 2. Content and stories must exist and be visible to the sender: one query each per batch.
  const contentIds = [...new Set(candidates.flatMap((c) => (c.contentId ? [c.contentId] : [])))];
  const storyIds = [...new Set(candidates.flatMap((c) => (c.storyId ? [c.storyId] : [])))];
  const [contents, stories] = await Promise.all([
    contentIds.length
      ? ctx.prisma.content.findMany({
          where: { id: { in: contentIds }, AND: [contentWhereFor(viewer, "read")] },
          select: { id: true, mediaType: true, mediaDurationSeconds: true },
        })
      : [],
    storyIds.length ? ctx.prisma.story.findMany({ where: { id: { in: storyIds }, AND: [storyWhereFor(viewer, "read")] }, select: { id: true } }) : [],
  ]);
  const contentById = new Map(contents.map((c) => [c.id, c]));
  const visibleStories = new Set(stories.map((s) => s.id));
  const problem = (c: Candidate): RejectReason | null => {
    if (c.contentId && !contentById.has(c.contentId)) return "CONTENT_NOT_FOUND";
    if (c.storyId && !visibleStories.has(c.storyId)) return "STORY_NOT_FOUND";
    if (c.playback && c.playback.durationSeconds === null) {
      // No duration in the report: the content's own duration, or the report is unusable.
      const fallback = contentById.get(c.contentId!)?.mediaDurationSeconds ?? null;
      if (!fallback) return "INVALID_PROPERTIES";
      c.playback.durationSeconds = fallback;
    }
    return null;
  };
  const valid = candidates.filter((c) => {
    const reason = problem(c);
    if (reason) reject(c.index, reason);
    return !reason;
  });

  // 3. One transaction: events (retries skipped), roll-ups and resume points for what was inserted.
  const ip = coarsenIp(ctx.ip);
  const userAgent = ctx.userAgent?.slice(0, 500) ?? null;
  const inserted = valid.length
    ? await transaction(ctx.prisma, async (tx) => {
        const rows = await tx.event.createManyAndReturn({
          data: valid.map((c) => ({
            userId: viewer?.id ?? null,
            sessionId: sessionId ?? null,
            dedupeKey,
            clientEventId: c.input.clientEventId,
            eventType: c.type,
            eventData: c.properties as Prisma.InputJsonObject,
            contentId: c.contentId,
            storyId: c.storyId,
            clientTime: c.clientTime,
            serverTime: now,
            ipAddress: ip,
            userAgent,
            referrer: c.input.referrer?.slice(0, 2048) ?? null,
            createdAt: now,
            updatedAt: now,
          })),
          skipDuplicates: true,
          select: { id: true, clientEventId: true },
        });
        const insertedIds = new Set(rows.map((r) => r.clientEventId));
        const fresh = valid.filter((c) => insertedIds.has(c.input.clientEventId));
        await rollUpViews(tx, fresh, now);
        if (viewer) await savePlayback(tx, viewer.id, fresh.filter((c) => c.playback && contentById.get(c.contentId!)?.mediaType === "VIDEO"), now);
        if (fresh.length) {
          const types: Record<string, number> = {};
          for (const c of fresh) types[c.type] = (types[c.type] ?? 0) + 1;
          await recordAudit(tx, ctx, {
            action: "analytics.track_events",
            entityType: "EventBatch",
            newValues: { received: input.events.length, accepted: fresh.length, alreadyStored: valid.length - fresh.length, types, eventIds: rows.map((r) => r.id) },
          });
        }
        return insertedIds;
      })
    : new Set<string>();

  for (const c of valid) results[c.index].status = inserted.has(c.input.clientEventId) ? "ACCEPTED" : "DUPLICATE";
  for (const [index, earlier] of repeats) {
    const settled = results[earlier];
    results[index] = settled.status === "REJECTED" ? { ...settled } : { clientEventId: settled.clientEventId, status: "DUPLICATE", reason: null, message: null };
  }
  const count = (s: TrackEventStatus) => results.filter((r) => r.status === s).length;
  return { accepted: count("ACCEPTED"), duplicates: count("DUPLICATE"), rejected: count("REJECTED"), results };
}

/**
 * analytics_views: one row per (content, UTC date of the event, device type); a content_view adds
 * one view, a playback_progress adds its watchedSeconds. Keys are summed first and written in key
 * order with one INSERT … ON CONFLICT DO UPDATE, so concurrent batches never lose an increment.
 */
async function rollUpViews(tx: Tx, fresh: Candidate[], now: Date): Promise<void> {
  const keys = new Map<string, { contentId: string; date: string; device: string; views: number; watch: Prisma.Decimal }>();
  for (const c of fresh) {
    if (c.type !== "content_view" && c.type !== "playback_progress") continue;
    const device = c.input.deviceType ?? "unknown";
    const key = `${c.contentId}|${utcDate(c.occurredAt)}|${device}`;
    const row = keys.get(key) ?? { contentId: c.contentId!, date: utcDate(c.occurredAt), device, views: 0, watch: new Prisma.Decimal(0) };
    if (c.type === "content_view") row.views += 1;
    else row.watch = row.watch.plus(c.playback!.watchedSeconds);
    keys.set(key, row);
  }
  const rows = [...keys.entries()].filter(([, r]) => r.views > 0 || !r.watch.isZero()).sort(([a], [b]) => (a < b ? -1 : 1)).map(([, r]) => r);
  if (!rows.length) return;
  await tx.$executeRaw`
    INSERT INTO analytics_views (content_id, date, device_type, view_count, watch_time_seconds, created_at, updated_at)
    SELECT k.content_id, k.date, k.device_type, k.views, k.watch, ${now}, ${now}
    FROM unnest(${rows.map((r) => r.contentId)}::uuid[], ${rows.map((r) => r.date)}::date[], ${rows.map((r) => r.device)}::text[],
                ${rows.map((r) => r.views)}::int[], ${rows.map((r) => r.watch.toFixed(2))}::numeric[])
         AS k(content_id, date, device_type, views, watch)
    ON CONFLICT (content_id, date, device_type) DO UPDATE
      SET view_count = analytics_views.view_count + EXCLUDED.view_count,
          watch_time_seconds = analytics_views.watch_time_seconds + EXCLUDED.watch_time_seconds,
          updated_at = EXCLUDED.updated_at`;
  const views = new Map<string, number>();
  for (const r of rows) if (r.views) views.set(r.contentId, (views.get(r.contentId) ?? 0) + r.views);
  if (!views.size) return;
  const ids = [...views.keys()].sort();
  await tx.$executeRaw`
    UPDATE content SET view_count = content.view_count + v.n
    FROM unnest(${ids}::uuid[], ${ids.map((id) => views.get(id)!)}::int[]) AS v(id, n)
    WHERE content.id = v.id`;
}

/**
 * video_playback: the latest report per video wins; an older report (a late retry, events out of
 * order) never moves the resume point back. `completed` sticks once 95 % was reached.
 */
async function savePlayback(tx: Tx, userId: string, reports: Candidate[], now: Date): Promise<void> {
  const latest = new Map<string, Candidate>();
  for (const c of reports) {
    const prev = latest.get(c.contentId!);
    if (!prev || prev.occurredAt <= c.occurredAt) latest.set(c.contentId!, c);
  }
  for (const c of [...latest.values()].sort((a, b) => (a.contentId! < b.contentId! ? -1 : 1))) {
    const duration = Math.max(1, Math.ceil(c.playback!.durationSeconds!));
    const position = Math.min(Math.floor(c.playback!.positionSeconds), duration);
    const completed = position >= COMPLETION_RATIO * duration;
    await tx.$executeRaw`
      INSERT INTO video_playback (user_id, content_id, position_seconds, duration_seconds, completed, completed_at, last_watched_at, created_at, updated_at)
      VALUES (${userId}::uuid, ${c.contentId}::uuid, ${position}, ${duration}, ${completed}, ${completed ? c.occurredAt : null}::timestamptz, ${c.occurredAt}, ${now}, ${now})
      ON CONFLICT (user_id, content_id) DO UPDATE
        SET position_seconds = EXCLUDED.position_seconds,
            duration_seconds = EXCLUDED.duration_seconds,
            completed = video_playback.completed OR EXCLUDED.completed,
            completed_at = COALESCE(video_playback.completed_at, EXCLUDED.completed_at),
            last_watched_at = EXCLUDED.last_watched_at,
            updated_at = EXCLUDED.updated_at
        WHERE video_playback.last_watched_at <= EXCLUDED.last_watched_at`;
  }
}

/** The viewer's resume point for a content item, or null. */
export async function myPlayback<Q extends object>(ctx: Context, query: Q, contentId: string) {
  if (!ctx.viewer) throw errors.unauthenticated();
  return ctx.prisma.videoPlayback.findFirst({
    ...query,
    where: { contentId, userId: ctx.viewer.id, AND: [videoPlaybackWhereFor(ctx.viewer), { content: contentWhereFor(ctx.viewer, "read") }] },
  });
}
