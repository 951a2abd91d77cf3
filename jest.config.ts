import type { Config } from "jest";

// Integration tests run GraphQL through yoga.fetch against a migrated database: an embedded
// PGlite per test file by default, or a fresh database cloned from a migrated template on the
// server named by DATABASE_URL (see test/setup/global-setup.ts).
const config: Config = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type-checking is `npm run typecheck`; jest only transpiles (much faster on the Pothos graph).
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  moduleFileExtensions: ["ts", "js", "json"],
  globalSetup: "<rootDir>/test/setup/global-setup.ts",
  globalTeardown: "<rootDir>/test/setup/global-teardown.ts",
  testTimeout: 60_000,
  maxWorkers: 1,
};

export default config;
