// Analytics and system: 30 days of events before the seed day (deterministic per day and index,
// so a re-run inserts nothing), daily analytics_views roll-ups computed from the content_view
// events, playback resume points, a few audit-log rows and cache entries.
import type { Prisma } from "../../src/generated/prisma/client.ts";
import { CONTENT, contentId } from "./content.ts";
import { stamps, type SeedContext } from "./context.ts";
import { prng, sid } from "./ids.ts";
import { userId } from "./identity.ts";
import { nodeId, STORIES, storyId, choiceId } from "./stories.ts";

export const EVENT_DAYS = 30;

const DEVICES = [
  { device: "desktop", weight: 0.45, ua: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36" },
  { device: "mobile", weight: 0.45, ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1" },
  { device: "tablet", weight: 0.1, ua: "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1" },
];
/** Signed-in actors (fan4 opted out of analytics: never tracked). */
const USERS_WEIGHTED: Array<[string, number]> = [
  ["fan1", 5], ["fan2", 4], ["fan3", 3], ["fan5", 2], ["ada", 2], ["ben", 2], ["cleo", 2], ["admin", 1], ["moderator", 1],
];
const PAGES = ["/", "/explore", "/stories", "/pricing", "/creators/ada-quill", "/creators/ben-okafor", "/creators/cleo-marsh", "/offerings", "/series/ada-watercolor-course", "/resources/creator-getting-started"];
const REFERRERS = [null, null, "https://www.google.com/", "https://www.youtube.com/", "https://www.instagram.com/", "https://www.tiktok.com/"];
const SEARCHES = ["watercolor", "wet on wet", "sound design", "lighthouse", "worldbuilding", "sleep sounds", "writing prompts", "glazing"];
/** [event type, weight] */
const TYPES: Array<[string, number]> = [
  ["page_view", 34], ["content_view", 30], ["story_start", 10], ["story_choice", 13], ["story_complete", 4], ["search", 6], ["purchase", 2], ["tip", 1],
];

function pick<T>(rng: () => number, items: Array<[T, number]>): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [v, w] of items) {
    if ((r -= w) < 0) return v;
  }
  return items[items.length - 1][0];
}

const viewable = CONTENT.filter((c) => c.status === "PUBLISHED" && !c.deleted && c.visibility !== "PRIVATE");
const publicStories = STORIES.filter((s) => s.status === "PUBLISHED" && s.visibility === "PUBLIC" && !s.deleted);

export interface PlannedEvent {
  day: number;
  index: number;
  user: string | null;
  sessionId: string;
  type: string;
  data: Record<string, unknown>;
  content: string | null;
  story: string | null;
  device: string;
  ua: string;
  referrer: string | null;
  /** ms after the start of the day */
  offsetMs: number;
  watchSeconds: number;
}

/**
 * The events of one day (day < 0: days before the seed day). Pure: depends only on the day offset,
 * so ids and rows are the same on every run.
 */
export function planDay(day: number): PlannedEvent[] {
  const rng = prng(`events:${day}`);
  const growth = EVENT_DAYS + day; // 0 … 29: traffic grows towards today
  const count = 40 + Math.floor(rng() * 25) + growth;
  const offsets = Array.from({ length: count }, () => Math.floor(rng() * 86_400_000)).sort((a, b) => a - b);
  const events: PlannedEvent[] = [];
  for (let index = 0; index < count; index++) {
    const signedIn = rng() < 0.65;
    const user = signedIn ? pick(rng, USERS_WEIGHTED) : null;
    const sessionId = user ? `sess-${user}-${day}` : `anon-${day}-${Math.floor(rng() * 12)}`;
    let type = pick(rng, TYPES);
    if (!user && (type === "purchase" || type === "tip")) type = "page_view";
    const d = DEVICES[pick(rng, DEVICES.map((x, i) => [i, x.weight] as [number, number]))];
    const e: PlannedEvent = {
      day, index, user, sessionId, type, data: {}, content: null, story: null, device: d.device, ua: d.ua,
      referrer: REFERRERS[Math.floor(rng() * REFERRERS.length)], offsetMs: offsets[index], watchSeconds: 0,
    };
    switch (type) {
      case "page_view":
        e.data = { path: PAGES[Math.floor(rng() * PAGES.length)], device: d.device };
        break;
      case "content_view":
      case "purchase": {
        const pool = user ? viewable : viewable.filter((c) => c.visibility === "PUBLIC" || c.visibility === "UNLISTED");
        const c = pool[Math.floor(Math.pow(rng(), 1.6) * pool.length)];
        e.content = c.key;
        if (type === "content_view") {
          e.watchSeconds = c.durationSeconds ? Math.max(5, Math.round(c.durationSeconds * (0.1 + rng() * 0.85))) : Math.round(30 + rng() * 400);
          e.data = { contentId: contentId(c.key), mediaType: c.mediaType, watchSeconds: e.watchSeconds, device: d.device };
        } else {
          e.data = { contentId: contentId(c.key), amount: c.price ?? "4.99", currency: "USD", itemType: "content" };
        }
        break;
      }
      case "tip": {
        const to = ["ada", "ben", "cleo"].filter((x) => x !== user);
        const creator = to[Math.floor(rng() * to.length)];
        e.data = { toCreatorId: userId(creator), amount: ["2.00", "3.00", "5.00", "10.00"][Math.floor(rng() * 4)], currency: "USD" };
        break;
      }
      case "search":
        e.data = { query: SEARCHES[Math.floor(rng() * SEARCHES.length)], results: 1 + Math.floor(rng() * 12) };
        break;
      default: {
        const s = publicStories[Math.floor(rng() * publicStories.length)];
        e.story = s.key;
        if (type === "story_start") {
          e.data = { storyId: storyId(s.key), nodeId: nodeId(s.key, s.start) };
        } else if (type === "story_choice") {
          const open = s.choices.filter((c) => !c.gate);
          const c = open[Math.floor(rng() * open.length)];
          e.data = { storyId: storyId(s.key), fromNodeId: nodeId(s.key, c.from), toNodeId: nodeId(s.key, c.to), choiceId: choiceId(s.key, c.from, c.to) };
        } else {
          const endings = s.nodes.filter((n) => n.ending);
          const n = endings[Math.floor(rng() * endings.length)];
          e.data = { storyId: storyId(s.key), endingNodeId: nodeId(s.key, n.key), listenSeconds: Math.round(300 + rng() * 1200) };
        }
      }
    }
    events.push(e);
  }
  return events;
}

export async function seedAnalytics(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;

  const planned: PlannedEvent[] = [];
  for (let day = -EVENT_DAYS; day <= -1; day++) planned.push(...planDay(day));

  const rows: Prisma.EventCreateManyInput[] = planned.map((e) => {
    const server = new Date(ctx.live(e.day).getTime() + e.offsetMs);
    return {
      id: sid("event", e.day, e.index),
      userId: e.user ? userId(e.user) : null,
      sessionId: e.sessionId,
      dedupeKey: e.user ? userId(e.user) : `s:${e.sessionId}`,
      clientEventId: `seed-${e.day}-${e.index}`,
      eventType: e.type,
      eventData: e.data as Prisma.InputJsonValue,
      contentId: e.content ? contentId(e.content) : null,
      storyId: e.story ? storyId(e.story) : null,
      clientTime: new Date(server.getTime() - ((e.index * 397) % 2500)),
      serverTime: server,
      ipAddress: `198.51.100.${(e.index * 7 + e.day * -3) % 250}`,
      userAgent: e.ua,
      referrer: e.referrer,
      ...stamps(server),
    };
  });
  // Chunks keep each statement's bind parameters well below the driver limits.
  for (let i = 0; i < rows.length; i += 1000) {
    await ctx.add("Event", prisma.event.createMany({ data: rows.slice(i, i + 1000), skipDuplicates: true }));
  }

  // Daily roll-ups per (content, day, device) from the content_view events above.
  const rollups = new Map<string, { content: string; day: number; device: string; views: number; watch: number }>();
  for (const e of planned) {
    if (e.type !== "content_view" || !e.content) continue;
    const k = `${e.content}|${e.day}|${e.device}`;
    const r = rollups.get(k) ?? { content: e.content, day: e.day, device: e.device, views: 0, watch: 0 };
    r.views++;
    r.watch += e.watchSeconds;
    rollups.set(k, r);
  }
  await ctx.add(
    "AnalyticsView",
    prisma.analyticsView.createMany({
      data: [...rollups.values()].map((r) => ({
        id: sid("analytics-view", r.content, r.day, r.device),
        date: ctx.live(r.day),
        contentId: contentId(r.content),
        viewCount: r.views,
        watchTimeSeconds: r.watch.toFixed(2),
        deviceType: r.device,
        referrer: null,
        ...stamps(ctx.live(r.day + 1, 0, 5)),
      })),
      skipDuplicates: true,
    }),
  );

  const playback: Array<[user: string, content: string, position: number, completed: boolean, day: number]> = [
    ["fan1", "ada-watercolor-basics", 780, true, -30],
    ["fan1", "ada-color-theory", 312, false, -2],
    ["fan1", "ada-wet-on-wet", 1210, true, -6],
    ["fan2", "ada-color-theory", 60, false, -9],
    ["fan2", "ben-night-sounds", 1500, false, -1],
    ["fan2", "ben-sound-design-guide", 3600, true, -15],
    ["fan3", "cleo-members-qa", 900, false, -4],
    ["fan4", "ben-night-sounds", 2400, true, -12],
    ["fan5", "ada-watercolor-basics", 95, false, -1],
  ];
  await ctx.add(
    "VideoPlayback",
    prisma.videoPlayback.createMany({
      data: playback.map(([user, content, position, completed, day]) => {
        const c = CONTENT.find((x) => x.key === content)!;
        return {
          id: sid("video-playback", user, content),
          userId: userId(user),
          contentId: contentId(content),
          positionSeconds: position,
          durationSeconds: c.durationSeconds!,
          completed,
          completedAt: completed ? ctx.live(day, 21) : null,
          lastWatchedAt: ctx.live(day, 21),
          ...stamps(ctx.live(day - 1, 20), ctx.live(day, 21)),
        };
      }),
      skipDuplicates: true,
    }),
  );

  const audit: Array<{ key: string; actor: string | null; action: string; entityType: string; entityId: string; old?: Prisma.InputJsonValue; new?: Prisma.InputJsonValue; at: Date }> = [
    { key: "grant-moderator", actor: "admin", action: "user.role.grant", entityType: "UserRole", entityId: sid("user-role", "moderator", "MODERATOR"), new: { userId: userId("moderator"), role: "MODERATOR" }, at: ctx.at(-230, 9) },
    { key: "expire-admin", actor: "admin", action: "user.role.expire", entityType: "UserRole", entityId: sid("user-role", "expired-admin", "ADMIN"), old: { expiresAt: null }, new: { expiresAt: ctx.at(-30).toISOString() }, at: ctx.at(-35, 10) },
    { key: "settings-update", actor: "admin", action: "platform_settings.update", entityType: "PlatformSettings", entityId: sid("platform-settings"), old: { primaryColor: "#3b82f6" }, new: { primaryColor: "#2563eb" }, at: ctx.at(-10, 9) },
    { key: "comment-delete", actor: "moderator", action: "comment.soft_delete", entityType: "Comment", entityId: sid("comment", "content", "basics-2"), new: { reason: "spam" }, at: ctx.at(-119, 8) },
    { key: "content-delete", actor: "ben", action: "content.soft_delete", entityType: "Content", entityId: contentId("ben-deleted-demo"), at: ctx.at(-44, 9) },
    { key: "story-publish", actor: "ada", action: "story.publish", entityType: "Story", entityId: storyId("painted-door"), old: { status: "DRAFT" }, new: { status: "PUBLISHED" }, at: ctx.at(-68, 15) },
    { key: "refund", actor: "admin", action: "purchase.refund", entityType: "Purchase", entityId: sid("purchase", "fan4-wet-on-wet"), new: { reason: "requested_by_customer" }, at: ctx.at(-23, 10) },
    { key: "past-due", actor: null, action: "subscription.past_due", entityType: "Subscription", entityId: sid("subscription", "fan3-basic"), old: { status: "ACTIVE" }, new: { status: "PAST_DUE" }, at: ctx.live(-2, 0, 5) },
    { key: "app-setting", actor: "admin", action: "app_setting.update", entityType: "AppSetting", entityId: "limits.upload_max_mb", old: { value: 250 }, new: { value: 500 }, at: ctx.at(-100, 11) },
    { key: "sign-in", actor: "fan1", action: "auth.sign_in", entityType: "AuthSession", entityId: sid("session", "fan1", 1), at: ctx.at(-41, 8) },
  ];
  await ctx.add(
    "AuditLog",
    prisma.auditLog.createMany({
      data: audit.map((a, i) => ({
        id: sid("audit-log", a.key),
        actorId: a.actor ? userId(a.actor) : null,
        action: a.action,
        entityType: a.entityType,
        entityId: a.entityId,
        oldValues: a.old,
        newValues: a.new,
        ipAddress: a.actor ? `203.0.113.${20 + i}` : null,
        userAgent: a.actor ? "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15" : "creator-gateway-jobs",
        requestId: `seed-${a.key}`,
        ...stamps(a.at),
      })),
      skipDuplicates: true,
    }),
  );

  await ctx.add(
    "CacheEntry",
    prisma.cacheEntry.createMany({
      data: [
        { key: "demo:homepage:featured", value: { contentIds: ["ada-watercolor-basics", "ben-night-sounds", "cleo-writing-prompts"].map(contentId) }, category: "render", ...stamps(ctx.live(-1, 6)) },
        { key: "demo:trending:youtube", value: { keywords: ["watercolor tutorial", "wet on wet"] }, category: "trending", expiresAt: ctx.live(365), ...stamps(ctx.live(-1, 6)) },
        { key: "demo:dashboard:creator:ada", value: { creatorId: userId("ada"), note: "recomputed from dashboard_creator" }, category: "dashboard", ...stamps(ctx.live(-1, 6)) },
      ],
      skipDuplicates: true,
    }),
  );
}
