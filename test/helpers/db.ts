// A fresh migrated database for one test file: a clone of the run's template.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import pg from "pg";
import { EMBEDDED_MAX_CONNECTIONS, startEmbedded } from "../../src/db/embedded.ts";

export interface TestDatabase {
  url: string;
  kind: "embedded" | "postgres";
  poolMax: number;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env.TEST_PG_TEMPLATE;
  const adminUrl = process.env.TEST_PG_ADMIN_URL;
  if (template && adminUrl) {
    const name = `gw_test_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
    } finally {
      await admin.end();
    }
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    return {
      url: u.toString(),
      kind: "postgres",
      poolMax: 10,
      async drop() {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  const file = process.env.TEST_PGLITE_TEMPLATE;
  if (!file) throw new Error("test/setup/global-setup.ts did not run (no template database)");
  const embedded = await startEmbedded({ loadDataDir: new Blob([fs.readFileSync(file)]) });
  return { url: embedded.url, kind: "embedded", poolMax: EMBEDDED_MAX_CONNECTIONS, drop: () => embedded.close() };
}
