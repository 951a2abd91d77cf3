// The shared secret store: AES-256-GCM rows in PostgreSQL that every instance reads, nothing
// readable in the table, tamper-evident, key rotation, and the store the app picks by default.
import { randomBytes } from "node:crypto";
import { createPgSecretStore, parseSecretKey } from "../../src/adapters/secrets-pg.ts";
import { loadConfig, ConfigError } from "../../src/core/config.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";

describe("database secret store", () => {
  let app: TestApp;
  const key = parseSecretKey(randomBytes(32).toString("hex"));
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("stores encrypted, reads back on another instance with the same key, deletes", async () => {
    const a = createPgSecretStore(app.prisma, { current: key }, {});
    const b = createPgSecretStore(app.prisma, { current: key }, {}); // a second instance: same DB, same key
    await a.put("platform-connection/abc", "token-Sup3r-secret");
    expect(await b.get("platform-connection/abc")).toBe("token-Sup3r-secret");
    const row = await app.prisma.secretEntry.findUniqueOrThrow({ where: { name: "platform-connection/abc" } });
    expect(Buffer.from(row.ciphertext).toString("utf8")).not.toContain("Sup3r");
    expect(row.keyId).toBe(key.id);
    await a.put("platform-connection/abc", "token-2");
    const again = await app.prisma.secretEntry.findUniqueOrThrow({ where: { name: "platform-connection/abc" } });
    expect(Buffer.from(again.iv).equals(Buffer.from(row.iv))).toBe(false); // a fresh IV per write
    expect(await b.get("platform-connection/abc")).toBe("token-2");
    await b.delete("platform-connection/abc");
    expect(await a.get("platform-connection/abc")).toBeNull();
    await a.delete("platform-connection/abc"); // deleting a missing entry is fine
  });

  it("refuses a wrong key, a tampered row and a row moved to another name — without revealing anything", async () => {
    const a = createPgSecretStore(app.prisma, { current: key }, {});
    await a.put("seo-connection/one", "key-one");
    const other = createPgSecretStore(app.prisma, { current: parseSecretKey(randomBytes(32).toString("base64")) }, {});
    await expect(other.get("seo-connection/one")).rejects.toThrow(/unknown key/);
    const row = await app.prisma.secretEntry.findUniqueOrThrow({ where: { name: "seo-connection/one" } });
    await app.prisma.secretEntry.create({ data: { ...row, name: "seo-connection/two" } });
    await expect(a.get("seo-connection/two")).rejects.toThrow("secret store: entry failed authentication");
    const flipped = Buffer.from(row.ciphertext);
    flipped[0] ^= 1;
    await app.prisma.secretEntry.update({ where: { name: "seo-connection/one" }, data: { ciphertext: flipped } });
    await expect(a.get("seo-connection/one")).rejects.toThrow("secret store: entry failed authentication");
  });

  it("reads entries sealed with a previous key after rotation, and re-seals on write", async () => {
    const old = parseSecretKey(randomBytes(32).toString("hex"));
    await createPgSecretStore(app.prisma, { current: old }, {}).put("platform-connection/rot", "v1");
    const rotated = createPgSecretStore(app.prisma, { current: key, previous: [old] }, {});
    expect(await rotated.get("platform-connection/rot")).toBe("v1");
    await rotated.put("platform-connection/rot", "v2");
    expect((await app.prisma.secretEntry.findUniqueOrThrow({ where: { name: "platform-connection/rot" } })).keyId).toBe(key.id);
  });

  it("falls back to VAULT_<NAME> for entries operations inject", async () => {
    const s = createPgSecretStore(app.prisma, { current: key }, { VAULT_SEO_CONNECTION_ENV: "from-env" });
    expect(await s.get("seo-connection/env")).toBe("from-env");
  });

  it("is the default on PostgreSQL, the file store on the embedded database; SECRETS_STORE overrides", async () => {
    expect(app.runtime.services.secrets.kind).toBe(app.kind === "postgres" ? "database" : "file");
    const forced = await createTestApp({ env: { SECRETS_STORE: "database", SECRETS_KEY: randomBytes(32).toString("hex") } });
    try {
      expect(forced.runtime.services.secrets.kind).toBe("database");
      await forced.runtime.services.secrets.put("platform-connection/x", "y");
      expect(await forced.runtime.services.secrets.get("platform-connection/x")).toBe("y");
    } finally {
      await forced.close();
    }
  });

  it("requires a proper SECRETS_KEY in production with DATABASE_URL", () => {
    const base = { NODE_ENV: "production", JWT_SECRET: "x".repeat(40), DATABASE_URL: "postgresql://h/db" };
    expect(() => loadConfig(base)).toThrow(new ConfigError("Invalid configuration: SECRETS_KEY is required in production with DATABASE_URL (the database secret store); or set SECRETS_STORE=file"));
    expect(() => loadConfig({ ...base, SECRETS_KEY: "short" })).toThrow(/SECRETS_KEY must be a 32-byte key/);
    expect(loadConfig({ ...base, SECRETS_KEY: "ab".repeat(32) }).SECRETS_KEY).toBe("ab".repeat(32));
    expect(loadConfig({ ...base, SECRETS_STORE: "file" }).SECRETS_STORE).toBe("file");
  });
});
