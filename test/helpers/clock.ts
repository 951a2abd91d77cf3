// The test clock (re-exported by app.ts); a module of its own so that checks of the clock load
// nothing of the app.

/**
 * Where every test clock starts unless the file picks its own instant (createTestApp({ clockStart }))
 * or the pinned-clock runs set TEST_CLOCK_START (jest.config.ts): a fixed instant, never the wall
 * clock, so no test depends on the day it runs.
 */
export const DEFAULT_TEST_CLOCK_START = new Date("2027-03-10T09:30:00.000Z");

export function testClockStart(fallback: Date = DEFAULT_TEST_CLOCK_START): Date {
  const pinned = process.env.TEST_CLOCK_START;
  if (!pinned) return fallback;
  const d = new Date(pinned);
  if (Number.isNaN(d.getTime())) throw new Error(`TEST_CLOCK_START is not an instant: ${pinned}`);
  return d;
}

/**
 * A clock tests can move: services read time from it, never from Date directly. It starts at a
 * fixed instant and then runs forward at the pace of real time (so consecutive writes still get
 * increasing timestamps); advance/set jump it, reset goes back to where the file started it.
 */
export class TestClock {
  private base: number;
  private readonly origin: number;
  private readonly startedAt = performance.now();
  constructor(start: Date = testClockStart()) {
    this.origin = start.getTime();
    this.base = this.origin;
  }
  private elapsed(): number {
    return Math.floor(performance.now() - this.startedAt);
  }
  now = (): Date => new Date(this.base + this.elapsed());
  advance(ms: number) {
    this.base += ms;
  }
  set(date: Date) {
    this.base = date.getTime() - this.elapsed();
  }
  /** Back to the file's starting instant (plus the real time elapsed since the app was created). */
  reset() {
    this.base = this.origin;
  }
}
