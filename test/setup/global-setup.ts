// Runs once per `npm test`: prepares a migrated template that every test file clones, so each
// file gets its own fresh, isolated database in milliseconds.
//  - DATABASE_URL set: a template database on that server (CREATE DATABASE … TEMPLATE).
//  - Otherwise: an in-memory PGlite, migrated, dumped to a tarball that test files load.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbedded } from "../../src/db/embedded.ts";
import { migrate } from "../../src/db/migrate.ts";

export default async function globalSetup(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `gw_tpl_${process.pid}_${Date.now().toString(36)}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE "${template}"`);
    } finally {
      await admin.end();
    }
    const u = new URL(url);
    u.pathname = `/${template}`;
    await migrate(u.toString());
    process.env.TEST_PG_TEMPLATE = template;
    process.env.TEST_PG_ADMIN_URL = url;
  } else {
    const embedded = await startEmbedded();
    try {
      await migrate(embedded.url);
      const dump = await embedded.db.dumpDataDir("none");
      const file = path.join(os.tmpdir(), `gw-pglite-template-${process.pid}.tar`);
      fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
      process.env.TEST_PGLITE_TEMPLATE = file;
    } finally {
      await embedded.close();
    }
  }
}
