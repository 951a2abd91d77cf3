// Calendar arithmetic for billing, in UTC. Boundaries are instants; "a month" is the calendar rule
// Stripe uses: the k-th monthly boundary of an anchor falls on the anchor's day-of-month, clamped
// to the last day of shorter months, always counted from the anchor (Jan 31 → Feb 28/29 → Mar 31,
// never Jan 31 → Feb 28 → Mar 28). date-fns does the month arithmetic (addMonths clamps); UTCDate
// keeps it off the process's local time zone.
import { UTCDate } from "@date-fns/utc";
import { addDays as addDaysFns, addMonths as addMonthsFns, differenceInCalendarMonths } from "date-fns";

/** The instant `months` calendar months after `anchor` (UTC, clamped to the month's last day). */
export function addCalendarMonths(anchor: Date, months: number): Date {
  return new Date(addMonthsFns(new UTCDate(anchor.getTime()), months).getTime());
}

/** The instant `days` UTC calendar days after `date` (UTC has no DST: always 24 h days). */
export function addCalendarDays(date: Date, days: number): Date {
  return new Date(addDaysFns(new UTCDate(date.getTime()), days).getTime());
}

/** Whole calendar months from `a` to `b` counted on UTC dates (an estimate for boundary search). */
function monthsBetween(a: Date, b: Date): number {
  return differenceInCalendarMonths(new UTCDate(b.getTime()), new UTCDate(a.getTime()));
}

/**
 * The first boundary of `anchor`, stepping `stepMonths` at a time (1 monthly, 12 yearly), that is
 * strictly after `after`. Boundaries before the anchor count too (negative steps), so any instant
 * has a well-defined next boundary.
 */
export function nextBoundaryAfter(anchor: Date, after: Date, stepMonths: number): Date {
  let k = Math.floor(monthsBetween(anchor, after) / stepMonths) - 1;
  let b = addCalendarMonths(anchor, k * stepMonths);
  while (b.getTime() <= after.getTime()) b = addCalendarMonths(anchor, ++k * stepMonths);
  return b;
}

/** True when `at` is one of `anchor`'s monthly boundaries (anchor + k calendar months for some k). */
export function isMonthlyBoundaryOf(anchor: Date, at: Date): boolean {
  const k = monthsBetween(anchor, at);
  for (const d of [k - 1, k, k + 1]) if (addCalendarMonths(anchor, d).getTime() === at.getTime()) return true;
  return false;
}
