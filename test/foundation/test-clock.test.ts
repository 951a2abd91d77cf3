// The test clock itself: it starts at a fixed instant (never the wall clock), the pinned-clock
// projects of jest.config.ts really move it, and reset() returns to the file's start.
import { DEFAULT_TEST_CLOCK_START, TestClock, testClockStart } from "../helpers/clock.ts";

describe("the test clock", () => {
  it("starts at TEST_CLOCK_START when the run pins it, else at the fixed default", () => {
    const pinned = process.env.TEST_CLOCK_START;
    const expected = pinned ? new Date(pinned) : DEFAULT_TEST_CLOCK_START;
    expect(testClockStart()).toEqual(expected);
    const clock = new TestClock();
    expect(Math.abs(clock.now().getTime() - expected.getTime())).toBeLessThan(5_000);
    expect(Math.abs(clock.now().getTime() - Date.now())).toBeGreaterThan(60_000); // not the wall clock (unless pinned to today)
  });

  it("in a pinned project, the pin wins over a file's own start", () => {
    const own = new Date("2031-05-05T05:05:05Z");
    const clock = new TestClock(testClockStart(own));
    const expected = process.env.TEST_CLOCK_START ? new Date(process.env.TEST_CLOCK_START) : own;
    expect(Math.abs(clock.now().getTime() - expected.getTime())).toBeLessThan(5_000);
  });

  it("advances, jumps and resets to its start", () => {
    const start = new Date("2027-02-28T23:30:00Z");
    const clock = new TestClock(start);
    clock.advance(3_600_000);
    expect(clock.now().getTime() - start.getTime()).toBeGreaterThanOrEqual(3_600_000);
    clock.set(new Date("2030-01-01T00:00:00Z"));
    expect(Math.abs(clock.now().getTime() - Date.UTC(2030, 0, 1))).toBeLessThan(1_000);
    clock.reset();
    expect(Math.abs(clock.now().getTime() - start.getTime())).toBeLessThan(1_000);
  });

  it("rejects a TEST_CLOCK_START that is not an instant", () => {
    const saved = process.env.TEST_CLOCK_START;
    process.env.TEST_CLOCK_START = "someday";
    try {
      expect(() => testClockStart()).toThrow(/not an instant/);
    } finally {
      if (saved === undefined) delete process.env.TEST_CLOCK_START;
      else process.env.TEST_CLOCK_START = saved;
    }
  });
});
