// The migration runner. Prisma's own `migrate deploy` cannot run here (no native engine; the
// WASM path fails on real Postgres and splits plpgsql bodies), so we apply Prisma's migration
// folders ourselves and keep Prisma's `_prisma_migrations` history table with the same columns
// and checksums, so `prisma migrate status` (and `migrate deploy` where the engine exists) agree.
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";

export const MIGRATIONS_DIR = path.resolve(__dirname, "../../prisma/migrations");
const ADVISORY_LOCK_ID = 72707369; // the key Prisma's own migrate uses

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    override readonly cause: unknown,
  ) {
    super(`Migration ${migration} (prisma/migrations/${migration}/migration.sql) failed: ${(cause as Error)?.message ?? cause}`);
  }
}

export function readMigrations(dir = MIGRATIONS_DIR): MigrationFile[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const HISTORY_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
  checksumMismatches: string[];
}

type Queryable = Pick<pg.Client, "query">;

/**
 * Applies every pending migration, each in its own transaction over the simple-query protocol
 * (so plpgsql bodies and multi-statement files work). Re-running is a no-op. A failing file is
 * rolled back entirely, recorded nowhere, and reported by name.
 */
export async function migrate(connection: string | Queryable, files = readMigrations()): Promise<MigrateResult> {
  const own = typeof connection === "string" ? new pg.Client({ connectionString: connection }) : null;
  const client: Queryable = own ?? (connection as Queryable);
  if (own) await own.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${ADVISORY_LOCK_ID})`);
    try {
      await client.query(HISTORY_DDL);
      const { rows } = await client.query<{ migration_name: string; checksum: string }>(
        `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
      );
      const done = new Map(rows.map((r) => [r.migration_name, r.checksum]));
      const result: MigrateResult = { applied: [], alreadyApplied: 0, checksumMismatches: [] };
      for (const file of files) {
        const previous = done.get(file.name);
        if (previous !== undefined) {
          result.alreadyApplied++;
          if (previous !== file.checksum) result.checksumMismatches.push(file.name);
          continue;
        }
        try {
          await client.query("BEGIN");
          await client.query(file.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, started_at, applied_steps_count)
             VALUES ($1, $2, now(), $3, NULL, now(), 1)`,
            [randomUUID(), file.checksum, file.name],
          );
          await client.query("COMMIT");
          result.applied.push(file.name);
        } catch (e) {
          await client.query("ROLLBACK").catch(() => undefined);
          throw new MigrationError(file.name, e);
        }
      }
      return result;
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${ADVISORY_LOCK_ID})`).catch(() => undefined);
    }
  } finally {
    if (own) await own.end();
  }
}

/** Names of migration files not yet applied (used by /readyz). */
export async function pendingMigrations(client: Queryable, files = readMigrations()): Promise<string[]> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS t`);
  if (!exists.rows[0]?.t) return files.map((f) => f.name);
  const { rows } = await client.query<{ migration_name: string }>(
    `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return files.filter((f) => !done.has(f.name)).map((f) => f.name);
}
