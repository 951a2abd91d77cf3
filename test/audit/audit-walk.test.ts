// THE AUDIT WALK. For every Mutation field of the schema there must be a scenario in
// test/audit-scenarios/*.ts (contract: test/helpers/audit.ts). Each scenario runs on a fresh
// app over an emptied database (every table truncated; one database for the whole walk, which
// keeps it fast on the embedded database) in which a trigger on every table (except audit_log and cache_store) records
// each row actually inserted, updated (ignoring updated_at-only updates) or deleted, and each
// TRUNCATE. The recorder is reset after the scenario prepared its rows, so only the mutation's own
// changes count. Triggers fire inside the mutation's transaction, so a rolled-back change leaves
// no record and a committed one always does. The walk fails when:
//  - a mutation has no scenario (or a scenario names a field that is not a mutation),
//  - the scenario's request returns errors (it must perform the mutation successfully),
//  - the mutation changed data and wrote no audit_log row,
//  - the mutation changed nothing although its scenario did not declare expectNoChange.
import fs from "node:fs";
import path from "node:path";
import { getRawSchema } from "../../src/app/schema.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";
import type { AuditScenario, AuditScenarios } from "../helpers/audit.ts";

const SCENARIO_DIR = path.resolve(__dirname, "../audit-scenarios");
const UNTRACKED = ["audit_log", "cache_store", "_prisma_migrations", "audit_walk_changes"];

interface Loaded {
  byField: Map<string, { file: string; run: AuditScenario }>;
  duplicates: string[];
}

function loadScenarios(): Loaded {
  const byField = new Map<string, { file: string; run: AuditScenario }>();
  const duplicates: string[] = [];
  for (const file of fs.readdirSync(SCENARIO_DIR).filter((f) => f.endsWith(".ts")).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path.join(SCENARIO_DIR, file)) as { scenarios?: AuditScenarios };
    if (!mod.scenarios) throw new Error(`test/audit-scenarios/${file} must export \`scenarios\``);
    for (const [field, run] of Object.entries(mod.scenarios)) {
      const seen = byField.get(field);
      if (seen) duplicates.push(`${field} (${seen.file} and ${file})`);
      else byField.set(field, { file, run });
    }
  }
  return { byField, duplicates };
}

/** Statements, one per call (the pg driver runs each as a single statement). */
const TRACKING_SQL = [
  `CREATE TABLE audit_walk_changes (id bigserial PRIMARY KEY, tbl text NOT NULL, op text NOT NULL)`,
  `CREATE OR REPLACE FUNCTION audit_walk_track() RETURNS trigger LANGUAGE plpgsql AS $fn$
   BEGIN
     IF TG_LEVEL = 'ROW' AND TG_OP = 'UPDATE' AND (to_jsonb(OLD) - 'updated_at') = (to_jsonb(NEW) - 'updated_at') THEN
       RETURN NULL; -- nothing but the timestamp changed
     END IF;
     INSERT INTO audit_walk_changes (tbl, op) VALUES (TG_TABLE_NAME, TG_OP);
     RETURN NULL;
   END $fn$`,
  `DO $do$
   DECLARE t text;
   BEGIN
     FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> ALL (ARRAY[${UNTRACKED.map((n) => `'${n}'`).join(", ")}]) LOOP
       EXECUTE format('CREATE TRIGGER audit_walk_row AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_walk_track()', t);
       EXECUTE format('CREATE TRIGGER audit_walk_truncate AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_walk_track()', t);
     END LOOP;
   END $do$`,
];

async function installTracking(app: TestApp): Promise<number> {
  for (const sql of TRACKING_SQL) await app.prisma.$executeRawUnsafe(sql);
  const [{ n }] = await app.prisma.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'audit_walk_row'`,
  );
  return n;
}

async function changes(app: TestApp): Promise<{ tbl: string; op: string; n: number }[]> {
  return app.prisma.$queryRawUnsafe(`SELECT tbl, op, count(*)::int AS n FROM audit_walk_changes GROUP BY tbl, op ORDER BY tbl, op`);
}

async function auditRows(app: TestApp): Promise<number> {
  return app.prisma.auditLog.count();
}

const { byField, duplicates } = loadScenarios();
const mutationFields = Object.keys(getRawSchema().getMutationType()?.getFields() ?? {}).sort();

describe("audit walk: scenarios", () => {
  it("name each mutation once, and only fields of the Mutation type", () => {
    expect(duplicates).toEqual([]);
    expect([...byField.keys()].filter((f) => !mutationFields.includes(f)).sort()).toEqual([]);
  });

  it("the change recorder sees a plain write and ignores timestamp-only updates", async () => {
    const app = await createTestApp();
    try {
      const tables = await installTracking(app);
      expect(tables).toBeGreaterThan(50);
      const u = await app.prisma.user.create({ data: { email: "walk-self-test@example.test" } });
      await app.prisma.user.update({ where: { id: u.id }, data: { updatedAt: new Date(app.clock.now().getTime() + 1000) } });
      expect(await changes(app)).toEqual([{ tbl: "users", op: "INSERT", n: 1 }]);
      await app.prisma.$executeRawUnsafe(`DELETE FROM audit_walk_changes`);
      await app.prisma.$transaction(async (tx) => {
        await tx.user.update({ where: { id: u.id }, data: { fullName: "Rolled back" } });
        throw new Error("rollback");
      }).catch(() => undefined);
      expect(await changes(app)).toEqual([]);
      await app.prisma.cacheEntry.create({ data: { key: "walk:k", value: 1 } });
      expect(await changes(app)).toEqual([]);
    } finally {
      await app.close();
    }
  });
});

/** Empties every application table (not the migration history or the recorder itself). */
async function emptyDatabase(app: TestApp): Promise<void> {
  const tables = await app.prisma.$queryRawUnsafe<{ t: string }[]>(
    `SELECT quote_ident(tablename) AS t FROM pg_tables WHERE schemaname = current_schema() AND tablename NOT IN ('_prisma_migrations', 'audit_walk_changes')`,
  );
  await app.prisma.$executeRawUnsafe(`TRUNCATE ${tables.map((r) => r.t).join(", ")} CASCADE`);
  await app.prisma.$executeRawUnsafe(`DELETE FROM audit_walk_changes`);
}

describe("audit walk: every mutation that changes data writes an audit row", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const setup = await createTestApp({ database });
    try {
      await installTracking(setup);
    } finally {
      await setup.close();
    }
  });
  afterAll(() => database.drop());

  it.each(mutationFields)("Mutation.%s", async (field) => {
    const scenario = byField.get(field);
    if (!scenario) throw new Error(`No audit scenario for Mutation.${field}: add one to test/audit-scenarios/<domain>.ts (see test/helpers/audit.ts)`);
    // A fresh app (clock, services, caches) over the emptied shared database.
    const app = await createTestApp({ database });
    try {
      await emptyDatabase(app);
      const run = await scenario.run(app);
      await app.prisma.$executeRawUnsafe(`DELETE FROM audit_walk_changes`);
      const auditBefore = await auditRows(app);

      const result = await app.gql(run.query, run.variables, { token: run.token ?? undefined });
      if (result.errors?.length) {
        throw new Error(`Scenario for Mutation.${field} (${scenario.file}) must succeed, got: ${JSON.stringify(result.errors.map((e) => [e.extensions?.code, e.message]))}`);
      }
      expect(Object.keys(result.data ?? {})).toContain(field);

      const changed = await changes(app);
      const audited = (await auditRows(app)) - auditBefore;
      const summary = changed.map((c) => `${c.op} ${c.tbl} ×${c.n}`).join(", ");
      if (changed.length && audited === 0) throw new Error(`Mutation.${field} changed data (${summary}) without writing an audit row`);
      if (!changed.length && !run.expectNoChange) {
        throw new Error(`Mutation.${field} changed nothing in its scenario (${scenario.file}); make it perform a real change, or set expectNoChange: true if that is the point`);
      }
    } finally {
      await app.close();
    }
  });
});
