// `npm run jobs`: runs every registered job once against DATABASE_URL (or the embedded database)
// and exits. Jobs are idempotent, so running this twice is safe.
import path from "node:path";
import { loadConfig } from "../src/core/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { jobs } from "../src/app/domains.ts";
import { runJobsOnce } from "../src/app/jobs-runner.ts";
import { createApp } from "../src/app/app.ts";
import { createLogger } from "../src/core/logger.ts";

async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);
  const database = await openDatabase({ ...config, DATA_DIR: path.resolve(config.DATA_DIR) }, log);
  try {
    const { runtime } = createApp({ config, db: database.db, log, databaseKind: database.kind });
    const results = await runJobsOnce(runtime, jobs);
    console.log(JSON.stringify(results, null, 2));
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
