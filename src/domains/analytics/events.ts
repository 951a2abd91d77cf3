// The event catalogue: which types clients may send, what each needs, and the per-event checks
// trackEvents runs before anything is written. Pure functions (no database), so the rules are
// easy to read and to test. Story events (story_start / story_choice / story_complete) are written
// by the story play API itself and refused from clients: a client could otherwise fake a funnel.

/** Types a client may send. Anything else is refused per event with UNKNOWN_TYPE. */
export const CLIENT_EVENT_TYPES = [
  "page_view",
  "screen_view",
  "content_view",
  "playback_progress",
  "search",
  "share",
  "click",
  "purchase_start",
  "subscribe_start",
  "tip_start",
  "sign_up_start",
] as const;

/** Types only the server writes (the story play API). Refused from clients with RESERVED_TYPE. */
export const SERVER_EVENT_TYPES = ["story_start", "story_choice", "story_complete"] as const;

export type ClientEventType = (typeof CLIENT_EVENT_TYPES)[number];

export const REJECT_REASONS = {
  UNKNOWN_TYPE: "The event type is not one of the known client event types.",
  RESERVED_TYPE: "Story events are recorded by the story play API, not accepted from clients.",
  INVALID_CLIENT_EVENT_ID: "clientEventId must be 1-100 characters of letters, digits, '_', '-', '.', ':'.",
  FUTURE_TIMESTAMP: "occurredAt is later than the server's clock allows.",
  STALE_TIMESTAMP: "occurredAt is older than the accepted age (or before 2000).",
  PROPERTIES_TOO_LARGE: "properties are larger than the accepted size.",
  INVALID_PROPERTIES: "properties must be a JSON object of bounded depth with the fields this type needs.",
  CONTENT_REQUIRED: "This event type needs a contentId.",
  CONTENT_NOT_FOUND: "No content with this id that the sender may see.",
  STORY_NOT_FOUND: "No story with this id that the sender may see.",
} as const;

export type RejectReason = keyof typeof REJECT_REASONS;

const CLIENT_EVENT_ID_RE = /^[A-Za-z0-9_.:-]{1,100}$/;
const MAX_DEPTH = 5;
/** Earliest accepted occurredAt regardless of the age limit: anything before is a broken clock. */
const EPOCH_FLOOR = Date.UTC(2000, 0, 1);
/** Watch time one progress report may add (a report per hour of playback at the least). */
export const MAX_WATCHED_SECONDS_PER_REPORT = 3600;

export interface EventLimits {
  maxPropertiesBytes: number;
  maxAgeMs: number;
  maxSkewMs: number;
}

export interface RawEventInput {
  clientEventId: string;
  type: string;
  occurredAt?: Date | null;
  properties?: unknown;
}

export interface PlaybackReport {
  positionSeconds: number;
  durationSeconds: number | null;
  watchedSeconds: number;
}

export type PreCheck =
  | { ok: true; type: ClientEventType; clientTime: Date | null; properties: Record<string, unknown>; playback: PlaybackReport | null }
  | { ok: false; reason: RejectReason };

function depth(value: unknown, level = 0): number {
  if (level > MAX_DEPTH) return level;
  if (Array.isArray(value)) return Math.max(level, ...value.map((v) => depth(v, level + 1)));
  if (value && typeof value === "object") return Math.max(level, ...Object.values(value).map((v) => depth(v, level + 1)));
  return level;
}

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Validates the playback_progress fields; durationSeconds may come from the content later. */
function playbackReport(p: Record<string, unknown>): PlaybackReport | null {
  const { positionSeconds, durationSeconds, watchedSeconds } = p;
  if (!num(positionSeconds) || positionSeconds < 0 || positionSeconds > 7 * 86_400) return null;
  if (durationSeconds !== undefined && (!num(durationSeconds) || durationSeconds <= 0 || durationSeconds > 7 * 86_400)) return null;
  if (watchedSeconds !== undefined && (!num(watchedSeconds) || watchedSeconds < 0 || watchedSeconds > MAX_WATCHED_SECONDS_PER_REPORT)) return null;
  return {
    positionSeconds,
    durationSeconds: (durationSeconds as number | undefined) ?? null,
    // Stored with two decimals (the roll-up column is numeric(14,2)), so sums stay exact.
    watchedSeconds: Math.round(((watchedSeconds as number | undefined) ?? 0) * 100) / 100,
  };
}

/**
 * The checks that need no database: type, client event id, timestamp, properties. `now` is the
 * server's clock. Content and story ids are checked afterwards, for the whole batch at once.
 */
export function precheck(e: RawEventInput, now: Date, limits: EventLimits): PreCheck {
  if (!CLIENT_EVENT_ID_RE.test(e.clientEventId)) return { ok: false, reason: "INVALID_CLIENT_EVENT_ID" };
  if ((SERVER_EVENT_TYPES as readonly string[]).includes(e.type)) return { ok: false, reason: "RESERVED_TYPE" };
  if (!(CLIENT_EVENT_TYPES as readonly string[]).includes(e.type)) return { ok: false, reason: "UNKNOWN_TYPE" };
  const type = e.type as ClientEventType;

  const clientTime = e.occurredAt ?? null;
  if (clientTime) {
    const t = clientTime.getTime();
    if (Number.isNaN(t)) return { ok: false, reason: "STALE_TIMESTAMP" };
    if (t > now.getTime() + limits.maxSkewMs) return { ok: false, reason: "FUTURE_TIMESTAMP" };
    if (t < EPOCH_FLOOR || t < now.getTime() - limits.maxAgeMs) return { ok: false, reason: "STALE_TIMESTAMP" };
  }

  const raw = e.properties ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return { ok: false, reason: "INVALID_PROPERTIES" };
  if (Buffer.byteLength(JSON.stringify(raw), "utf8") > limits.maxPropertiesBytes) return { ok: false, reason: "PROPERTIES_TOO_LARGE" };
  if (depth(raw) > MAX_DEPTH) return { ok: false, reason: "INVALID_PROPERTIES" };
  const properties = { ...(raw as Record<string, unknown>) };

  let playback: PlaybackReport | null = null;
  if (type === "playback_progress") {
    playback = playbackReport(properties);
    if (!playback) return { ok: false, reason: "INVALID_PROPERTIES" };
    properties.watchedSeconds = playback.watchedSeconds;
  }
  return { ok: true, type, clientTime, properties, playback };
}

/** Types that must name a content item. */
export function needsContent(type: ClientEventType): boolean {
  return type === "content_view" || type === "playback_progress";
}

/** IPs are stored coarsened (IPv4 /24, IPv6 /48): enough for abuse analysis, not a person. */
export function coarsenIp(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = ip.replace(/^::ffff:/, "");
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(v4)) return v4.split(".").slice(0, 3).concat("0").join(".");
  if (ip.includes(":")) {
    const groups = ip.split("::")[0].split(":").filter(Boolean).slice(0, 3);
    return `${groups.join(":")}::`;
  }
  return null;
}
