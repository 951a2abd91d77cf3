// Migrations: a fresh database comes up to date, re-running is a no-op, `_prisma_migrations`
// matches Prisma's format, a failing file rolls back and is named, and the hand-written CHECK
// constraints reject bad rows.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrate, MigrationError, pendingMigrations, readMigrations } from "../../src/db/migrate.ts";
import { startEmbedded, type EmbeddedDatabase } from "../../src/db/embedded.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";

describe("migration runner", () => {
  let embedded: EmbeddedDatabase;
  let client: pg.Client;

  beforeAll(async () => {
    embedded = await startEmbedded();
    client = new pg.Client({ connectionString: embedded.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await embedded.close();
  });

  it("brings a fresh database up to date, then is a no-op", async () => {
    const files = readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(await pendingMigrations(client)).toEqual(files.map((f) => f.name));

    const first = await migrate(client);
    expect(first.applied).toEqual(files.map((f) => f.name));
    expect(await pendingMigrations(client)).toEqual([]);

    const second = await migrate(client);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(files.length);

    const { rows } = await client.query(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(files[i].checksum);
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }
  });

  it("rolls a failing migration back entirely and names its file", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-mig-"));
    fs.mkdirSync(path.join(dir, "29990101000000_broken"));
    fs.writeFileSync(
      path.join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE half_written (id int);\nINSERT INTO half_written VALUES (1);\nSELECT * FROM no_such_table;\n`,
    );
    const files = [...readMigrations(), ...readMigrations(dir)];
    const error = await migrate(client, files).catch((e) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain("29990101000000_broken");
    expect(error.message).toContain("no_such_table");
    const t = await client.query(`SELECT to_regclass('half_written') AS t`);
    expect(t.rows[0].t).toBeNull();
    const h = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29990101000000_broken'`);
    expect(h.rows[0].n).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("CHECK constraints from the seeds", () => {
  let db: TestDatabase;
  let client: pg.Client;
  const userId = "00000000-0000-4000-8000-000000000001";

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO users (id, email, updated_at) VALUES ($1, 'check@example.test', now())`, [userId]);
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const rejects = async (sql: string, params: unknown[] = []) => {
    await client.query("SAVEPOINT s").catch(() => undefined);
    const err = await client.query(sql, params).then(
      () => null,
      (e) => e,
    );
    expect(err).not.toBeNull();
    expect(err.code).toBe("23514"); // check_violation
  };

  it("rejects a non-positive voice pack price", async () => {
    await rejects(`INSERT INTO voice_packs (id, name, price, voice_ids, updated_at) VALUES (gen_random_uuid(), 'x', 0, '{a}', now())`);
    await client.query(`INSERT INTO voice_packs (id, name, price, voice_ids, updated_at) VALUES (gen_random_uuid(), 'ok', 1.99, '{a}', now())`);
  });

  it("rejects a reading level outside 1-5", async () => {
    await rejects(`INSERT INTO user_profiles (id, user_id, preferences, updated_at) VALUES (gen_random_uuid(), $1, '{"readingLevel": 9}', now())`, [userId]);
    await client.query(`INSERT INTO user_profiles (id, user_id, preferences, updated_at) VALUES (gen_random_uuid(), $1, '{"readingLevel": 5}', now())`, [userId]);
  });

  it("rejects a negative credit balance", async () => {
    await rejects(`INSERT INTO credit_balances (id, user_id, current_balance, updated_at) VALUES (gen_random_uuid(), $1, -1, now())`, [userId]);
  });

  it("rejects a non-positive highlight duration", async () => {
    const story = await client.query(`INSERT INTO stories (id, creator_id, title, updated_at) VALUES (gen_random_uuid(), $1, 's', now()) RETURNING id`, [userId]);
    await rejects(`INSERT INTO story_highlights (id, story_id, user_id, title, duration_seconds, updated_at) VALUES (gen_random_uuid(), $1, $2, 'h', 0, now())`, [story.rows[0].id, userId]);
  });
});
