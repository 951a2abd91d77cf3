import type { Config } from "jest";

// Integration tests run GraphQL through yoga.fetch against a migrated database: an embedded
// PGlite per test file by default, or a fresh database cloned from a migrated template on the
// server named by DATABASE_URL (see test/setup/global-setup.ts).
//
// Two kinds of projects share one globalSetup/globalTeardown (root options: jest runs them once):
//  - "default": every test file, each test clock starting at its file's fixed instant
//    (DEFAULT_TEST_CLOCK_START in test/helpers/app.ts, or createTestApp({ clockStart })).
//  - "pinned <instant>": the pinned-clock check. The time-sensitive files again, with every test
//    clock starting at an instant where calendars go wrong (month ends, leap day, DST, year end),
//    so no test passes only because of the day it runs. Each instant runs the files whose
//    behaviour reads that part of the calendar (PINNED below), to keep the extra time bounded.
// Only the default project: `npm test -- test/<dir> --selectProjects default` (after the paths).
const project: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  transform: {
    // Type-checking is `npm run typecheck`; jest only transpiles (much faster on the Pothos graph).
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
};

const LIFECYCLE = "subscriptions/lifecycle.test.ts";
const ENTITLEMENTS = "subscriptions/entitlements.test.ts";
const QUOTA = "subscriptions/quota.test.ts";
const OFFERINGS = "offerings/offerings.test.ts";
const BOOKINGS = "offerings/stripe-bookings.test.ts";
const SESSIONS = "identity/sessions.test.ts";
const NOTIFICATIONS = "communication/notifications.test.ts";
/** Proves each pinned project really moves the test clock (milliseconds). */
const PIN_CHECK = "foundation/test-clock.test.ts";

/** Instant → the time-sensitive files run with the clock pinned there. */
export const PINNED: Record<string, string[]> = {
  // A 28-day February's last hour (UTC): monthly anchors clamp, the UTC date turns soon.
  "2027-02-28T23:30:00Z": [LIFECYCLE, QUOTA],
  // A leap day: anchors on the 29th, grace periods across Feb 29 → Mar 1.
  "2028-02-29T12:00:00Z": [LIFECYCLE, ENTITLEMENTS],
  // A 31-day month's last minute: Jan 31 → Feb 28, the UTC date turns within the run.
  "2027-01-31T23:59:00Z": [LIFECYCLE, BOOKINGS],
  // Half an hour before Europe springs forward (01:00Z): Europe/Berlin schedules, local days.
  "2027-03-28T00:30:00Z": [OFFERINGS],
  // The last hour of a year: periods, trials, sessions and notification expiry cross into the next year.
  "2029-12-31T23:00:00Z": [LIFECYCLE, SESSIONS, NOTIFICATIONS],
};

const escape = (s: string) => s.replace(/[.]/g, "\\.");

const config: Config = {
  globalSetup: "<rootDir>/test/setup/global-setup.ts",
  globalTeardown: "<rootDir>/test/setup/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 1,
  projects: [
    { ...project, displayName: "default", testMatch: ["**/*.test.ts"] },
    ...Object.entries(PINNED).map(([instant, files]): Config => ({
      ...project,
      displayName: `pinned ${instant}`,
      testRegex: [`/test/(${[PIN_CHECK, ...files].map(escape).join("|")})$`],
      globals: { TEST_CLOCK_START: instant },
      setupFiles: ["<rootDir>/test/setup/pin-clock.ts"],
    })),
  ],
};

export default config;
