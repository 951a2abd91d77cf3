// `npm run db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded database
// in DATA_DIR when DATABASE_URL is not set. Re-running is a no-op.
import path from "node:path";
import { ConfigError, loadConfig } from "../src/core/config.ts";
import { startEmbedded } from "../src/db/embedded.ts";
import { migrate, MigrationError } from "../src/db/migrate.ts";

async function main() {
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbedded({ dataDir: path.resolve(config.DATA_DIR, "pgdata") });
  try {
    const result = await migrate(config.DATABASE_URL ?? embedded!.url);
    const where = embedded ? `embedded database in ${config.DATA_DIR}` : "DATABASE_URL";
    if (result.applied.length) console.log(`Applied ${result.applied.length} migration(s) to the ${where}:\n  ${result.applied.join("\n  ")}`);
    else console.log(`Database schema is up to date (${result.alreadyApplied} migration(s), ${where}).`);
    if (result.checksumMismatches.length) console.warn(`Warning: applied migrations differ from the files: ${result.checksumMismatches.join(", ")}`);
  } finally {
    await embedded?.close();
  }
}

main().catch((e) => {
  console.error(e instanceof MigrationError || e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
