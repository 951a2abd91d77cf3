// `npm run admin:create -- --email you@example.com [--name "Your Name"]`: the first admin of a
// database without demo data. Works on DATABASE_URL, or on the embedded database in DATA_DIR when
// DATABASE_URL is not set; applies pending migrations first (the same runner as db:migrate).
// Password: ADMIN_PASSWORD, or asked for (twice, not echoed) when the terminal is interactive.
// Same password policy and argon2id hashing as signUp. An existing account keeps its password and
// is granted ADMIN; running it again changes nothing.
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../src/core/config.ts";
import { isAppError } from "../src/core/errors.ts";
import { createDb } from "../src/db/client.ts";
import { startEmbedded } from "../src/db/embedded.ts";
import { migrate, MigrationError } from "../src/db/migrate.ts";
import { accountExists, ensureAdmin } from "../src/domains/identity/first-admin.ts";

const USAGE = 'Usage: npm run admin:create -- --email you@example.com [--name "Your Name"]  (password: ADMIN_PASSWORD or a prompt)';

class UsageError extends Error {}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Echo the question, not the typed characters.
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
      if (s.startsWith(question) || s === "\r\n" || s === "\n") process.stdout.write(s);
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function password(): Promise<string> {
  if (process.env.ADMIN_PASSWORD) return process.env.ADMIN_PASSWORD;
  if (!process.stdin.isTTY) throw new UsageError("Set ADMIN_PASSWORD (no terminal to ask for a password).");
  const first = await askHidden("Password for the new admin: ");
  const again = await askHidden("Repeat the password: ");
  if (first !== again) throw new UsageError("The passwords differ.");
  return first;
}

async function main() {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" }, help: { type: "boolean" } }, allowPositionals: false });
  if (values.help) return console.log(USAGE);
  if (!values.email) throw new UsageError(USAGE);
  const config = loadConfig();
  const embedded = config.DATABASE_URL ? null : await startEmbedded({ dataDir: path.resolve(config.DATA_DIR, "pgdata") });
  const url = config.DATABASE_URL ?? embedded!.url;
  const where = embedded ? `the embedded database in ${path.resolve(config.DATA_DIR)}` : "DATABASE_URL";
  try {
    const m = await migrate(url);
    if (m.applied.length) console.log(`Applied ${m.applied.length} migration(s) to ${where}.`);
    const db = createDb({ url, poolMax: 1 });
    try {
      const exists = await accountExists(db.prisma, values.email);
      const result = await ensureAdmin(db.prisma, { email: values.email, password: exists ? null : await password(), displayName: values.name }, new Date());
      const said = {
        created: `Created the admin ${result.email} in ${where}. Sign in with signIn(email, password).`,
        granted: `${result.email} already had an account (password unchanged): granted ADMIN in ${where}.`,
        "already-admin": `${result.email} is already an admin in ${where}; nothing changed.`,
      };
      console.log(said[result.outcome]);
    } finally {
      await db.close();
    }
  } finally {
    await embedded?.close();
  }
}

main().catch((e) => {
  if (e instanceof UsageError || e instanceof ConfigError || e instanceof MigrationError) console.error(e.message);
  else if (isAppError(e)) console.error(`Refused: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
