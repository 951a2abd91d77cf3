// The per-type `schedule` JSON of an offering (003 offerings.schedule), validated with zod, and
// the time window a booking covers (what portal expiry and resource `available_when` refer to).
// Dates are local calendar dates ("2026-03-15") and times local wall-clock times ("19:00") in the
// schedule's IANA `timezone` (default UTC); windows are converted to instants here.
import { z } from "zod";
import type { OfferingType } from "../../generated/prisma/client.ts";
import { errors } from "../../core/errors.ts";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
type Weekday = (typeof WEEKDAYS)[number];

function validDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD").refine(validDate, "is not a calendar date");
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a 24h time HH:MM");
const minutes = (max: number) => z.number().int("must be a whole number of minutes").min(1, "must be at least 1").max(max, `must be at most ${max}`);
const timezone = z.string().refine(validTimeZone, "must be an IANA time zone such as Europe/Berlin").default("UTC");
const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

const interval = z
  .object({ start: time, end: time })
  .strict()
  .refine((i) => toMinutes(i.end) > toMinutes(i.start), { message: "end must be after start", path: ["end"] });

const SCHEDULES = {
  ONE_TIME_EVENT: z.object({ date, start_time: time, duration_minutes: minutes(7 * 24 * 60), timezone }).strict(),
  MULTI_DAY_PROGRAM: z
    .object({ start_date: date, end_date: date, daily_start_time: time, daily_duration_minutes: minutes(24 * 60), timezone })
    .strict()
    .refine((s) => s.end_date >= s.start_date, { message: "must not be before start_date", path: ["end_date"] }),
  RECURRING_FIXED: z
    .object({
      pattern: z.enum(["weekly", "biweekly", "monthly"]),
      day: z.enum(WEEKDAYS),
      time,
      duration_minutes: minutes(24 * 60),
      start_date: date.optional(),
      end_date: date.optional(),
      timezone,
    })
    .strict()
    .refine((s) => !s.start_date || !s.end_date || s.end_date >= s.start_date, { message: "must not be before start_date", path: ["end_date"] }),
  RECURRING_BOOKABLE: z
    .object({
      availability: z.partialRecord(z.enum(WEEKDAYS), z.array(interval).max(12)),
      session_minutes: z.number().int().min(5, "must be at least 5").max(8 * 60, "must be at most 480"),
      booking_window_days: z.number().int().min(1, "must be at least 1").max(365, "must be at most 365"),
      buffer_minutes: z.number().int().min(0).max(240).default(0),
      /** Bookings per slot for group sessions (ONE_ON_ONE is always 1; UNLIMITED has no cap). */
      slot_capacity: z.number().int().min(1).max(10_000).optional(),
      /** The customer may move a booking to another slot until this many hours before it starts (default 24; reschedule.ts). */
      reschedule_notice_hours: z.number().int().min(0).max(720).optional(),
      timezone,
    })
    .strict()
    .refine((s) => Object.values(s.availability).some((v) => (v?.length ?? 0) > 0), { message: "must open at least one interval", path: ["availability"] }),
  COHORT_COURSE: z
    .object({
      cohorts: z
        .array(z.object({ start_date: date, end_date: date }).strict().refine((c) => c.end_date >= c.start_date, { message: "must not be before start_date", path: ["end_date"] }))
        .min(1, "must list at least one cohort")
        .max(52),
      sessions_per_week: z.number().int().min(1).max(14).optional(),
      session_duration_minutes: minutes(24 * 60).optional(),
      timezone,
    })
    .strict()
    .refine((s) => new Set(s.cohorts.map((c) => c.start_date)).size === s.cohorts.length, { message: "cohort start dates must be distinct", path: ["cohorts"] }),
  RETREAT: z
    .object({ start_date: date, end_date: date, check_in_time: time.default("15:00"), check_out_time: time.default("11:00"), timezone })
    .strict()
    .refine((s) => s.end_date > s.start_date || (s.end_date === s.start_date && toMinutes(s.check_out_time) > toMinutes(s.check_in_time)), {
      message: "must end after it starts",
      path: ["end_date"],
    }),
} satisfies Record<OfferingType, z.ZodType>;

export type Schedules = { [K in OfferingType]: z.infer<(typeof SCHEDULES)[K]> };
export type AnySchedule = Schedules[OfferingType];

export function scheduleSchema(type: OfferingType): z.ZodType {
  return SCHEDULES[type];
}

export function parseSchedule<T extends OfferingType>(type: T, raw: unknown): Schedules[T] {
  return SCHEDULES[type].parse(raw) as Schedules[T];
}

export const portalConfigSchema = z
  .object({
    /** The portal opens this many days before the booked window starts (unset: at booking). */
    access_before_days: z.number().int().min(0).max(3650).optional(),
    /** The portal closes this many days after the booked window ends (unset: it never expires). */
    access_after_days: z.number().int().min(0).max(3650).optional(),
    tabs: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
    welcome_message: z.string().max(5000).optional(),
  })
  .strict();
export type PortalConfig = z.infer<typeof portalConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Time zones without a library: the offset of a zone at an instant, from Intl.
// ---------------------------------------------------------------------------------------------

function zonedParts(instant: Date, tz: string) {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: tz,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    weekday: "long",
  }).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    year: Number(get("year")),
    month: Number(get("month")),
    day: Number(get("day")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    second: Number(get("second")),
    weekday: get("weekday").toLowerCase() as Weekday,
  };
}

function offsetMs(instant: number, tz: string): number {
  const p = zonedParts(new Date(instant), tz);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant / 1000) * 1000;
}

/** The instant at which the wall clock in `tz` shows `date` `time`. */
export function zonedToUtc(dateStr: string, timeStr: string, tz: string): Date {
  const [y, m, d] = dateStr.split("-").map(Number);
  const guess = Date.UTC(y, m - 1, d, Number(timeStr.slice(0, 2)), Number(timeStr.slice(3, 5)));
  const first = offsetMs(guess, tz);
  let t = guess - first;
  const second = offsetMs(t, tz);
  if (second !== first) t = guess - second;
  return new Date(t);
}

function nextDate(dateStr: string): string {
  const d = new Date(`${dateStr}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const MINUTE = 60_000;

export interface BookingWindow {
  startsAt: Date | null;
  /** null: open-ended (a recurring offering without an end date). */
  endsAt: Date | null;
  /** booking_details stored with the booking. */
  details: Record<string, unknown>;
  /** For RECURRING_BOOKABLE: bookings per slot (null = no cap). */
  slotCapacity?: number | null;
  /** For RECURRING_BOOKABLE: the slot plus buffer on either side, to find overlapping bookings. */
  slotGuardMinutes?: number;
}

export interface WindowRequest {
  scheduledAt?: Date | null;
  cohortStartDate?: string | null;
  capacityType: "ONE_ON_ONE" | "SMALL_GROUP" | "LARGE_GROUP" | "UNLIMITED";
  now: Date;
}

/**
 * The window a new booking covers, validating what the customer chose (a slot for bookable
 * services, a cohort for cohort courses). Registration for dated offerings closes when they start.
 */
export function bookingWindow(type: OfferingType, raw: unknown, req: WindowRequest): BookingWindow {
  const closed = () => errors.conflict("REGISTRATION_CLOSED", "Registration for this offering has closed (it has started or ended).");
  const noSlotArgs = () => {
    if (req.scheduledAt) throw errors.badInput("scheduledAt", "only bookable services (RECURRING_BOOKABLE) take a time slot");
  };
  switch (type) {
    case "ONE_TIME_EVENT": {
      noSlotArgs();
      const s = parseSchedule(type, raw);
      const startsAt = zonedToUtc(s.date, s.start_time, s.timezone);
      if (req.now >= startsAt) throw closed();
      return { startsAt, endsAt: new Date(startsAt.getTime() + s.duration_minutes * MINUTE), details: { date: s.date, start_time: s.start_time } };
    }
    case "MULTI_DAY_PROGRAM": {
      noSlotArgs();
      const s = parseSchedule(type, raw);
      const startsAt = zonedToUtc(s.start_date, s.daily_start_time, s.timezone);
      if (req.now >= startsAt) throw closed();
      const endsAt = new Date(zonedToUtc(s.end_date, s.daily_start_time, s.timezone).getTime() + s.daily_duration_minutes * MINUTE);
      return { startsAt, endsAt, details: { start_date: s.start_date, end_date: s.end_date } };
    }
    case "RETREAT": {
      noSlotArgs();
      const s = parseSchedule(type, raw);
      const startsAt = zonedToUtc(s.start_date, s.check_in_time, s.timezone);
      if (req.now >= startsAt) throw closed();
      return { startsAt, endsAt: zonedToUtc(s.end_date, s.check_out_time, s.timezone), details: { start_date: s.start_date, end_date: s.end_date } };
    }
    case "COHORT_COURSE": {
      noSlotArgs();
      const s = parseSchedule(type, raw);
      let cohort = req.cohortStartDate ? s.cohorts.find((c) => c.start_date === req.cohortStartDate) : undefined;
      if (req.cohortStartDate && !cohort) throw errors.badInput("cohortStartDate", "is not the start date of one of this course's cohorts");
      if (!cohort) {
        if (s.cohorts.length > 1) throw errors.badInput("cohortStartDate", "is required: this course runs several cohorts");
        cohort = s.cohorts[0];
      }
      const startsAt = zonedToUtc(cohort.start_date, "00:00", s.timezone);
      if (req.now >= startsAt) throw closed();
      const endsAt = new Date(zonedToUtc(nextDate(cohort.end_date), "00:00", s.timezone).getTime() - 1);
      return { startsAt, endsAt, details: { cohort_start_date: cohort.start_date } };
    }
    case "RECURRING_FIXED": {
      noSlotArgs();
      const s = parseSchedule(type, raw);
      const startsAt = s.start_date ? zonedToUtc(s.start_date, s.time, s.timezone) : req.now;
      const endsAt = s.end_date ? new Date(zonedToUtc(s.end_date, s.time, s.timezone).getTime() + s.duration_minutes * MINUTE) : null;
      if (endsAt && req.now >= endsAt) throw closed();
      return { startsAt, endsAt, details: { pattern: s.pattern, day: s.day, time: s.time } };
    }
    case "RECURRING_BOOKABLE": {
      const s = parseSchedule(type, raw);
      const at = req.scheduledAt;
      if (!at) throw errors.badInput("scheduledAt", "is required: pick a slot of this bookable service");
      if (at.getTime() <= req.now.getTime()) throw errors.badInput("scheduledAt", "must be in the future");
      if (at.getTime() > req.now.getTime() + s.booking_window_days * 86_400_000) {
        throw errors.badInput("scheduledAt", `must be within the next ${s.booking_window_days} days`);
      }
      const local = zonedParts(at, s.timezone);
      const start = local.hour * 60 + local.minute;
      const step = s.session_minutes + s.buffer_minutes;
      const fits =
        local.second === 0 &&
        at.getUTCMilliseconds() === 0 &&
        (s.availability[local.weekday] ?? []).some((i) => {
          const from = toMinutes(i.start);
          return start >= from && start + s.session_minutes <= toMinutes(i.end) && (start - from) % step === 0;
        });
      if (!fits) throw errors.badInput("scheduledAt", "is not one of this service's available slots");
      const slotCapacity = req.capacityType === "ONE_ON_ONE" ? 1 : req.capacityType === "UNLIMITED" ? null : (s.slot_capacity ?? 1);
      const date = `${local.year}-${String(local.month).padStart(2, "0")}-${String(local.day).padStart(2, "0")}`;
      const timeStr = `${String(local.hour).padStart(2, "0")}:${String(local.minute).padStart(2, "0")}`;
      return {
        startsAt: at,
        endsAt: new Date(at.getTime() + s.session_minutes * MINUTE),
        details: { booked_sessions: [{ date, time: timeStr }] },
        slotCapacity,
        slotGuardMinutes: s.session_minutes + s.buffer_minutes,
      };
    }
  }
}

/** When the portal of a booking opens and closes, from the offering's portalConfig. */
export function portalWindow(config: PortalConfig, window: Pick<BookingWindow, "startsAt" | "endsAt">, now: Date): { grantedAt: Date; expiresAt: Date | null } {
  let grantedAt = now;
  if (config.access_before_days !== undefined && window.startsAt) {
    const opens = new Date(window.startsAt.getTime() - config.access_before_days * 86_400_000);
    if (opens > now) grantedAt = opens;
  }
  const expiresAt = config.access_after_days !== undefined && window.endsAt ? new Date(window.endsAt.getTime() + config.access_after_days * 86_400_000) : null;
  return { grantedAt, expiresAt };
}
