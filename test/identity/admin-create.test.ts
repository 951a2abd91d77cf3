// `npm run admin:create`: the first admin of a database without demo data, run as the real script
// (a child process) against this file's test database (embedded or PostgreSQL, whichever the run
// uses) and against a fresh embedded database under a DATA_DIR. The admin then signs in through
// the API and manages users.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { startEmbedded } from "../../src/db/embedded.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";
import { createUser, PASSWORD, signIn } from "../helpers/factories/identity.ts";

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, "../..");

/** Runs the script; resolves with its exit code and output (never rejects on a non-zero exit). */
async function adminCreate(args: string[], env: Record<string, string | undefined>) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "development", LOG_LEVEL: "silent", ADMIN_PASSWORD: undefined, DATABASE_URL: undefined, ...env };
  for (const k of Object.keys(childEnv)) if (childEnv[k] === undefined) delete childEnv[k];
  try {
    const r = await run(process.execPath, ["--import", "tsx", "scripts/admin-create.ts", ...args], { cwd: ROOT, env: childEnv, timeout: 180_000 });
    return { code: 0, out: r.stdout + r.stderr };
  } catch (e: any) {
    return { code: e.code as number, out: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

const ADMIN_QUERY = `{ viewer { roles emailVerified } users(first: 10) { totalCount edges { node { email roles } } } }`;

describe("npm run admin:create", () => {
  let database: TestDatabase;
  let app: TestApp | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await app?.close();
    await database.drop();
  });

  it("creates the first admin on an empty database, refuses weak or missing passwords, and is idempotent", async () => {
    const db = { DATABASE_URL: database.url };
    const missing = await adminCreate(["--email", "Owner@Example.test"], db);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain("Set ADMIN_PASSWORD");
    const weak = await adminCreate(["--email", "owner@example.test"], { ...db, ADMIN_PASSWORD: "short1" });
    expect(weak.code).toBe(1);
    expect(weak.out).toContain("password: must be at least 10 characters");
    expect((await adminCreate([], db)).out).toContain("Usage: npm run admin:create");

    const created = await adminCreate(["--email", "Owner@Example.test", "--name", "The Owner"], { ...db, ADMIN_PASSWORD: "First-admin-pass-1" });
    expect(created.out).toContain("Created the admin owner@example.test");
    expect(created.code).toBe(0);
    const again = await adminCreate(["--email", "owner@example.test"], { ...db, ADMIN_PASSWORD: "Another-pass-2" });
    expect(again.code).toBe(0);
    expect(again.out).toContain("already an admin");

    app = await createTestApp({ database });
    // No demo data: the new admin is the only account, signs in with the password (hashed as at sign-up) and manages users.
    const s = await signIn(app, "owner@example.test", "First-admin-pass-1");
    const r = await app.ok(ADMIN_QUERY, {}, { token: s.accessToken });
    expect(r.viewer).toEqual({ roles: ["ADMIN", "MEMBER"], emailVerified: true });
    expect(r.users.totalCount).toBe(1);
    const user = await app.prisma.user.findUniqueOrThrow({ where: { email: "owner@example.test" }, include: { profile: true } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.profile?.displayName).toBe("The Owner");
    expect(await app.prisma.auditLog.count({ where: { action: "user.admin_create", entityId: user.id } })).toBe(1);
  }, 300_000);

  it("grants ADMIN to an existing account without touching its password", async () => {
    const member = await createUser(app!, { email: "future-admin@example.test" });
    const r = await adminCreate(["--email", member.email], { DATABASE_URL: database.url, ADMIN_PASSWORD: "Ignored-password-9" });
    expect(r.code).toBe(0);
    expect(r.out).toContain("granted ADMIN");
    const s = await signIn(app!, member.email, PASSWORD); // the old password still works
    expect((await app!.ok(ADMIN_QUERY, {}, { token: s.accessToken })).viewer.roles).toContain("ADMIN");
    expect(await app!.prisma.auditLog.count({ where: { action: "role.grant", newValues: { path: ["via"], equals: "admin:create" } } })).toBe(1);
  }, 300_000);

  it("works on the embedded database under DATA_DIR when DATABASE_URL is unset (migrating it first)", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "admin-create-"));
    try {
      const r = await adminCreate(["--email", "solo@example.test"], { DATA_DIR: dataDir, ADMIN_PASSWORD: "Embedded-admin-1" });
      expect(r.out).toContain(`Created the admin solo@example.test in the embedded database in ${dataDir}`);
      expect(r.code).toBe(0);
      const embedded = await startEmbedded({ dataDir: path.join(dataDir, "pgdata") });
      const local = await createTestApp({ database: { url: embedded.url, kind: "embedded", poolMax: 1, drop: () => embedded.close() } });
      try {
        const s = await signIn(local, "solo@example.test", "Embedded-admin-1");
        expect((await local.ok(ADMIN_QUERY, {}, { token: s.accessToken })).users.totalCount).toBe(1);
      } finally {
        await local.close();
        await embedded.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 300_000);
});
