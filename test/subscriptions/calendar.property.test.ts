// "What a month is" for billing (docs/subscriptions.md), as properties over the calendar:
//  1. For EVERY anchor day of four years (2027–2030: two Februaries of 28 days, one of 29, every
//     month end), monthly and yearly: consecutive periods meet exactly (no gap, no overlap), each
//     period end falls on the anchor's day-of-month clamped to the month's last day at the anchor's
//     time of day, a monthly period has no inner cycle boundary, a yearly one exactly 11.
//  2. The real roll-over job on the database, at arbitrary anchors (biased to month ends) run at
//     arbitrary instants across several periods — runs skipped, runs repeated: exactly one
//     `renewed` per period end, 0 or 11 `cycle_reset`s per period, credits granted once per cycle,
//     and the renewed periods chain without gap or overlap.
import fc from "fast-check";
import { addCalendarMonths } from "../../src/core/calendar.ts";
import { anchorFor, currentCycle, periodEndAfter } from "../../src/domains/subscriptions/cycle.ts";
import { runRollover } from "../../src/domains/subscriptions/rollover.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { gid, makeTier, makeUser } from "../helpers/factories/subscriptions.ts";

type Plan = "MONTHLY" | "YEARLY";
const DAY = 86_400_000;
const daysInMonthUtc = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const timeOfDay = (d: Date) => d.getTime() % DAY;

/** The period chain and the cycles of each period, computed as the engine computes them. */
function periodsFrom(anchor: Date, plan: Plan, count: number) {
  const periods: { start: Date; end: Date; anchor: Date; inner: Date[] }[] = [];
  let start = anchor;
  let a: Date | null = anchor;
  for (let i = 0; i < count; i++) {
    a = anchorFor(start, a);
    const end = periodEndAfter(start, plan, a);
    const inner: Date[] = [];
    let marker: Date | null = null;
    for (let guard = 0; guard < 13; guard++) {
      const c = currentCycle({ currentPeriodStart: start, currentPeriodEnd: end, lastRolloverPeriodEnd: marker, billingPeriod: plan, billingCycleAnchor: a, trialEnd: null });
      if (marker && c.start.getTime() !== marker.getTime()) throw new Error(`cycle after ${marker.toISOString()} starts at ${c.start.toISOString()}`);
      if (c.endsPeriod) break;
      inner.push(c.end);
      marker = c.end;
    }
    periods.push({ start, end, anchor: a, inner });
    start = end;
  }
  return periods;
}

describe("the calendar rule for every anchor day of 2027–2030", () => {
  const first = Date.UTC(2027, 0, 1);
  const days = Math.round((Date.UTC(2031, 0, 1) - first) / DAY); // 1461 days
  it.each<[Plan, number]>([
    ["MONTHLY", 14],
    ["YEARLY", 3],
  ])("%s: periods meet exactly, land on the clamped anchor day, and have the right inner cycles", (plan, count) => {
    expect(days).toBe(1461);
    // ~20,000 periods: failures are collected and compared once (an expect per check is slower than the arithmetic)
    const failures: string[] = [];
    const check = (ok: boolean, what: () => string) => {
      if (!ok && failures.length < 20) failures.push(what());
    };
    const iso = (d: Date) => d.toISOString();
    for (let i = 0; i < days; i++) {
      // an anchor at a different time of day for each day, the last millisecond of a day included
      const tod = i % 97 === 0 ? DAY - 1 : (i * 7_919_000) % DAY;
      const anchor = new Date(first + i * DAY + tod);
      const anchorDay = anchor.getUTCDate();
      const periods = periodsFrom(anchor, plan, count);
      periods.forEach((p, k) => {
        const at = () => `${plan} anchor ${iso(anchor)} period ${k} (${iso(p.start)} … ${iso(p.end)})`;
        check(p.anchor.getTime() === anchor.getTime(), () => `${at()}: re-anchored at ${iso(p.anchor)}`); // renewals keep their day-of-month
        if (k > 0) check(p.start.getTime() === periods[k - 1].end.getTime(), () => `${at()}: gap or overlap`);
        const months = (k + 1) * (plan === "YEARLY" ? 12 : 1);
        const y = anchor.getUTCFullYear() + Math.floor((anchor.getUTCMonth() + months) / 12);
        const m = (anchor.getUTCMonth() + months) % 12;
        const day = Math.min(anchorDay, daysInMonthUtc(y, m));
        check(p.end.getUTCFullYear() === y && p.end.getUTCMonth() === m && p.end.getUTCDate() === day, () => `${at()}: ends off ${y}-${m + 1}-${day}`);
        check(timeOfDay(p.end) === timeOfDay(anchor), () => `${at()}: time of day moved`);
        const length = (p.end.getTime() - p.start.getTime()) / DAY;
        if (plan === "MONTHLY") {
          check(length >= 28 && length <= 31, () => `${at()}: ${length} days`);
          check(p.inner.length === 0, () => `${at()}: ${p.inner.length} inner boundaries`);
        } else {
          check(length >= 365 && length <= 366, () => `${at()}: ${length} days`);
          check(p.inner.length === 11, () => `${at()}: ${p.inner.length} inner boundaries`);
          p.inner.forEach((b, j) => check(b.getTime() === addCalendarMonths(anchor, k * 12 + j + 1).getTime(), () => `${at()}: inner boundary ${j + 1} at ${iso(b)}`));
        }
      });
    }
    expect(failures).toEqual([]);
  });

  it("Jan 31 → Feb 28 (or 29) → Mar 31: every boundary is counted from the anchor", () => {
    const chain = (iso: string, n: number) => periodsFrom(new Date(iso), "MONTHLY", n).map((p) => p.end.toISOString().slice(0, 10));
    expect(chain("2027-01-31T10:00:00Z", 3)).toEqual(["2027-02-28", "2027-03-31", "2027-04-30"]);
    expect(chain("2028-01-31T10:00:00Z", 3)).toEqual(["2028-02-29", "2028-03-31", "2028-04-30"]);
    expect(chain("2027-08-30T00:00:00Z", 7)).toEqual(["2027-09-30", "2027-10-30", "2027-11-30", "2027-12-30", "2028-01-30", "2028-02-29", "2028-03-30"]);
    const leapYearly = periodsFrom(new Date("2028-02-29T12:00:00Z"), "YEARLY", 4).map((p) => p.end.toISOString().slice(0, 10));
    expect(leapYearly).toEqual(["2029-02-28", "2030-02-28", "2031-02-28", "2032-02-29"]);
  });

  it("a trial re-anchors the paid periods at its end (as Stripe does)", () => {
    const trialEnd = new Date("2027-01-14T08:00:00Z");
    const a = anchorFor(trialEnd, new Date("2026-12-31T08:00:00Z"));
    expect(a).toEqual(trialEnd);
    expect(periodEndAfter(trialEnd, "MONTHLY", a)).toEqual(new Date("2027-02-14T08:00:00Z"));
  });
});

describe("the roll-over job at arbitrary instants (property, on the database)", () => {
  let app: TestApp;
  let tierId: string;
  const SUBSCRIBE = `mutation($tier: ID!, $period: BillingPeriod, $key: String!) { subscribe(tierId: $tier, billingPeriod: $period, idempotencyKey: $key) { subscription { id } } }`;

  beforeAll(async () => {
    app = await createTestApp({ clockStart: new Date("2027-01-01T00:00:00Z") });
    tierId = (await makeTier(app, { monthlyCredits: 5, priceMonthly: "9.99", priceYearly: "99.00", trialDays: 0 })).id;
  });
  afterAll(() => app.close());

  const RANGE = { min: Date.UTC(2027, 0, 1), max: Date.UTC(2030, 11, 31, 23, 59) };
  const anyInstant = fc.integer(RANGE).map((t) => new Date(t));
  // month ends and the days that clamp (29th–31st), at any time of day
  const monthEnd = fc
    .record({ y: fc.integer({ min: 2027, max: 2030 }), m: fc.integer({ min: 0, max: 11 }), back: fc.integer({ min: 0, max: 2 }), ms: fc.integer({ min: 0, max: DAY - 1 }) })
    .map(({ y, m, back, ms }) => new Date(Date.UTC(y, m, daysInMonthUtc(y, m) - back) + ms));
  const scenario = fc.record({
    anchor: fc.oneof(monthEnd, anyInstant),
    plan: fc.constantFrom<Plan>("MONTHLY", "YEARLY"),
    // fractions of the horizon at which the job runs; repeats run it twice at the same instant
    runs: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 7 }),
    repeat: fc.boolean(),
  });

  it("renews once per period end, resets 0 or 11 times per period, grants credits once per cycle", async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async ({ anchor, plan, runs, repeat }) => {
        n++;
        app.clock.set(anchor);
        const user = await makeUser(app);
        await app.ok(SUBSCRIBE, { tier: gid("SubscriptionTier", tierId), period: plan, key: `calendar-${n}` }, { token: await user.token() });
        const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: user.id } });
        const count = plan === "YEARLY" ? 2 : 3; // periods the runs span (plus the one after them)
        const periods = periodsFrom(sub.currentPeriodStart, plan, count + 1);
        expect(sub.currentPeriodEnd).toEqual(periods[0].end);
        const horizon = periods[count - 1].end.getTime() + 3 * DAY - sub.currentPeriodStart.getTime();
        const instants = runs.map((f) => new Date(sub.currentPeriodStart.getTime() + Math.floor(f * horizon))).sort((a, b) => a.getTime() - b.getTime());
        for (const t of instants) {
          await runRollover(app.runtime, t);
          if (repeat) await runRollover(app.runtime, t);
        }
        const last = instants[instants.length - 1];
        const endsPassed = periods.filter((p) => p.end <= last);
        const innerPassed = periods.flatMap((p) => p.inner).filter((b) => b <= last);
        const events = await app.prisma.subscriptionEvent.findMany({ where: { subscriptionId: sub.id }, orderBy: { createdAt: "asc" } });
        expect(events.filter((e) => e.type === "renewed")).toHaveLength(endsPassed.length);
        expect(events.filter((e) => e.type === "cycle_reset")).toHaveLength(innerPassed.length);
        expect(events.filter((e) => e.type === "cycle_reset").map((e) => (e.data as { boundary: string }).boundary)).toEqual(innerPassed.map((b) => b.toISOString()));
        // one grant per cycle started: the first, and one after every boundary passed
        const grants = await app.prisma.creditTransaction.findMany({ where: { userId: user.id, type: "EARNED_SUBSCRIPTION" } });
        expect(grants).toHaveLength(1 + endsPassed.length + innerPassed.length);
        expect(new Set(grants.map((g) => g.idempotencyKey)).size).toBe(grants.length);
        expect(grants.every((g) => g.amount === 5)).toBe(true);
        // the renewed periods chain exactly
        const renewals = await app.prisma.auditLog.findMany({ where: { entityId: sub.id, action: "subscription.renewed" }, orderBy: { createdAt: "asc" } });
        let prevEnd = periods[0].end;
        for (const r of renewals) {
          const v = r.newValues as { currentPeriodStart: string; currentPeriodEnd: string };
          expect(new Date(v.currentPeriodStart)).toEqual(prevEnd);
          prevEnd = new Date(v.currentPeriodEnd);
        }
        const row = await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } });
        const current = periods[endsPassed.length];
        expect([row.currentPeriodStart, row.currentPeriodEnd]).toEqual([current.start, current.end]);
      }),
      { numRuns: Number(process.env.CALENDAR_PROPERTY_RUNS ?? 12), seed: process.env.CALENDAR_PROPERTY_SEED ? Number(process.env.CALENDAR_PROPERTY_SEED) : undefined },
    );
  }, 240_000);
});
