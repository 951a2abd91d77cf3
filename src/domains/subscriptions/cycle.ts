// Periods and allowance cycles. A subscription's billing period is a month or a year (or the
// trial); its allowances (monthly credits, per-month quotas) run in monthly cycles anchored at the
// period start, the last one cut at the period end. For a monthly period the cycle IS the period.
// lastRolloverPeriodEnd marks the last cycle boundary already rolled over, so the current cycle
// starts there (or at the period start) and ends at the next monthly boundary.
import type { BillingPeriod } from "../../generated/prisma/client.ts";

/** Adds whole calendar months in UTC, clamping to the month's last day (Jan 31 + 1 → Feb 28/29). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function periodEndAfter(start: Date, billingPeriod: BillingPeriod): Date {
  return addMonths(start, billingPeriod === "YEARLY" ? 12 : 1);
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * 86_400_000);
}

export interface CycleFields {
  currentPeriodStart: Date;
  currentPeriodEnd: Date;
  lastRolloverPeriodEnd: Date | null;
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
  let k = 1;
  let boundary = addMonths(periodStart, k);
  while (boundary <= start && k < 1200) boundary = addMonths(periodStart, ++k);
  const end = boundary < periodEnd ? boundary : periodEnd;
  return { start, end, endsPeriod: end.getTime() === periodEnd.getTime() };
}
