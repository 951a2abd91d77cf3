// Shared state of one seed run: the Prisma client, the two time anchors and the per-model insert counts.
import type { DbClient } from "../../src/db/client.ts";
import type { Prisma } from "../../src/generated/prisma/client.ts";
import type { Logger } from "../../src/core/logger.ts";

export type ModelName = Prisma.ModelName;

/**
 * Anchor of everything historical (accounts, catalogue, stories, purchases…): fixed, so the data is
 * the same on every machine and every run.
 */
export const FIXED_ANCHOR = new Date("2026-09-01T00:00:00.000Z");

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

export function utcDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** "YYYY-MM-DD" of a date (UTC). */
export function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Integer cents → "12.34". */
export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** "4.99" → 499. */
export function cents(amount: string): number {
  return Math.round(Number(amount) * 100);
}

/** The platform's 30 % / creator's 70 % split of an amount (fee rounded to the cent). */
export function split30(amount: string): { platformFeeAmount: string; creatorPayoutAmount: string } {
  const total = cents(amount);
  const fee = Math.round(total * 0.3);
  return { platformFeeAmount: money(fee), creatorPayoutAmount: money(total - fee) };
}

export class SeedContext {
  /** Rows actually inserted in this run, per model (0 everywhere on a re-run). */
  readonly inserted = new Map<ModelName, number>();

  constructor(
    readonly prisma: DbClient,
    /**
     * UTC midnight of the day the database was first seeded (stored in cache_store `seed:anchor`).
     * Anchor of what must look current: the last 30 days of analytics, live subscription periods,
     * upcoming bookings and events, expiries.
     */
    readonly seedDay: Date,
    readonly log?: Logger,
  ) {}

  /** FIXED_ANCHOR + offset. */
  at(days: number, hours = 0, minutes = 0): Date {
    return new Date(FIXED_ANCHOR.getTime() + days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS);
  }

  /** seedDay + offset. */
  live(days: number, hours = 0, minutes = 0): Date {
    return new Date(this.seedDay.getTime() + days * DAY_MS + hours * HOUR_MS + minutes * MINUTE_MS);
  }

  /** Awaits a createMany and records how many rows it inserted. */
  async add(model: ModelName, op: Promise<{ count: number }>): Promise<number> {
    const { count } = await op;
    this.inserted.set(model, (this.inserted.get(model) ?? 0) + count);
    return count;
  }
}

/** createdAt / updatedAt pair for a row. */
export function stamps(createdAt: Date, updatedAt: Date = createdAt): { createdAt: Date; updatedAt: Date } {
  return { createdAt, updatedAt };
}
