// The audit-trail contract for tests: every Mutation field of the schema has a scenario that
// performs it successfully once. test/audit/audit-walk.test.ts runs them all and fails when a
// mutation changed data but wrote no audit row, or when a mutation has no scenario.
import type { TestApp } from "./app.ts";

export interface AuditScenarioRun {
  query: string;
  variables?: Record<string, unknown>;
  token?: string | null;
  /** Set true for mutations that legitimately change nothing in this scenario (e.g. a no-op). */
  expectNoChange?: boolean;
}

/** Prepares whatever rows the mutation needs (with app.prisma) and returns the request to send. */
export type AuditScenario = (app: TestApp) => Promise<AuditScenarioRun>;

export type AuditScenarios = Record<string, AuditScenario>;
