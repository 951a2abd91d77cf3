// Periods and allowance cycles, on the calendar rule of src/core/calendar.ts (docs/subscriptions.md,
// "What a month is"). A subscription's billing period is a month or a year (or the trial, counted
// in days); its allowances (monthly credits, per-month quotas) run in monthly cycles.
//  - The billing anchor (billingCycleAnchor; the period start for rows written before it existed)
//    fixes the day-of-month of every boundary: period ends and, inside a yearly period, the eleven
//    monthly cycle boundaries are anchor + k calendar months, clamped to shorter months.
//  - A monthly period is exactly one cycle: it never contains an inner boundary.
//  - A yearly period contains exactly 11 inner boundaries (12 cycles).
//  - A trial (counted in days, not months) is one cycle whatever the plan and its length: its
//    quotas last the whole trial, and the paid periods after it are anchored at its end.
// lastRolloverPeriodEnd marks the last boundary already rolled over, so the current cycle starts
// there (or at the period start) and ends at the next boundary or the period end.
import type { BillingPeriod } from "../../generated/prisma/client.ts";
import { isMonthlyBoundaryOf, nextBoundaryAfter } from "../../core/calendar.ts";

const stepMonths = (billingPeriod: BillingPeriod) => (billingPeriod === "YEARLY" ? 12 : 1);

/** The end of a period of `billingPeriod` that starts at `start` on the billing anchor `anchor`. */
export function periodEndAfter(start: Date, billingPeriod: BillingPeriod, anchor: Date = start): Date {
  return nextBoundaryAfter(anchor, start, stepMonths(billingPeriod));
}

/**
 * The anchor a period starting at `start` runs on: the current anchor when `start` is one of its
 * monthly boundaries (a renewal keeps its day-of-month), otherwise `start` itself (a trial that
 * converts, a provider that moved the cycle): as Stripe re-anchors at a trial's end.
 */
export function anchorFor(start: Date, current: Date | null): Date {
  return current && isMonthlyBoundaryOf(current, start) ? current : start;
}

export interface CycleFields {
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  lastRolloverPeriodEnd: Date | null;
  billingPeriod: BillingPeriod;
  billingCycleAnchor: Date | null;
  trialEnd: Date | null;
}

export interface Cycle {
  start: Date;
  end: Date;
  /** true when the cycle ends with the billing period (renewal or expiry), false for a monthly boundary inside it */
  endsPeriod: boolean;
}

/** The allowance cycle the counters and the credit pool currently belong to. */
export function currentCycle(sub: CycleFields): Cycle {
  const periodStart = sub.currentPeriodStart;
  const periodEnd = sub.currentPeriodEnd;
  const marker = sub.lastRolloverPeriodEnd;
  const start = marker && marker > periodStart && marker < periodEnd ? marker : periodStart;
  const isTrial = sub.trialEnd !== null && sub.trialEnd.getTime() === periodEnd.getTime();
  if (sub.billingPeriod !== "YEARLY" || isTrial) return { start, end: periodEnd, endsPeriod: true };
  const boundary = nextBoundaryAfter(sub.billingCycleAnchor ?? periodStart, start, 1);
  const end = boundary < periodEnd ? boundary : periodEnd;
  return { start, end, endsPeriod: end.getTime() === periodEnd.getTime() };
}
