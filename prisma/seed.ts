// `npm run db:seed`: migrates, then writes the demo data to DATABASE_URL, or to the embedded
// database in DATA_DIR when DATABASE_URL is not set. Idempotent: a second run inserts nothing.
import path from "node:path";
import { ConfigError, loadConfig } from "../src/core/config.ts";
import { createDb } from "../src/db/client.ts";
import { startEmbedded } from "../src/db/embedded.ts";
import { migrate, MigrationError } from "../src/db/migrate.ts";
import { createFileSecretStore } from "../src/adapters/secrets-file.ts";
import { DEMO_ACCOUNTS, formatSummary, runSeed } from "./seed/index.ts";
import { seedDemoSecrets } from "./seed/secrets.ts";

async function main() {
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbedded({ dataDir: path.resolve(config.DATA_DIR, "pgdata") });
  const url = config.DATABASE_URL ?? embedded!.url;
  const where = embedded ? `embedded database in ${path.resolve(config.DATA_DIR)}` : "DATABASE_URL";
  try {
    const result = await migrate(url);
    if (result.applied.length) console.log(`Applied ${result.applied.length} migration(s) to the ${where}.`);
    const db = createDb({ url, poolMax: 1 });
    try {
      console.log(`Seeding demo data into the ${where}…`);
      const summary = await runSeed(db.prisma);
      console.log(formatSummary(summary));
      const secrets = await seedDemoSecrets(db.prisma, createFileSecretStore(config.SECRETS_DIR));
      console.log(`Demo connection credentials: ${secrets} written to the secrets store (${config.SECRETS_DIR}).`);
      console.log("\nDemo accounts:");
      const width = Math.max(...DEMO_ACCOUNTS.map((a) => a.email.length));
      for (const a of DEMO_ACCOUNTS) {
        console.log(`  ${a.email.padEnd(width)}  ${a.password.padEnd(17)}  ${a.roles.join(", ").padEnd(16)}  ${a.description}`);
      }
    } finally {
      await db.close();
    }
  } finally {
    await embedded?.close();
  }
}

main().catch((e) => {
  console.error(e instanceof MigrationError || e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
