import fs from "node:fs";
import pg from "pg";

export default async function globalTeardown(): Promise<void> {
  if (process.env.TEST_PGLITE_TEMPLATE) fs.rmSync(process.env.TEST_PGLITE_TEMPLATE, { force: true });
  const template = process.env.TEST_PG_TEMPLATE;
  const url = process.env.TEST_PG_ADMIN_URL;
  if (template && url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
