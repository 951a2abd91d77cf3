// The shared secret store: vault entries in PostgreSQL (table secret_store), encrypted at rest
// with AES-256-GCM (node:crypto) under SECRETS_KEY, so every instance reads what any instance
// stored and the database alone (a dump, a replica, a backup) reveals nothing. Each entry has a
// fresh 96-bit IV; the entry name is the additional authenticated data, so a ciphertext moved to
// another name fails to decrypt. key_id (a hash prefix of the key) lets SECRETS_PREVIOUS_KEYS
// still open entries sealed before a rotation; put() always re-seals with the current key.
// The VAULT_<NAME> environment fallback of the file store applies here too.
// Written here rather than taken from a library: node:crypto's GCM is the whole primitive, and
// an external vault (HashiCorp, a cloud KMS) is another SecretStore, not a dependency of this one.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/client.ts";
import { assertSecretName, envNameFor } from "./secrets-file.ts";
import type { SecretStore } from "../core/ports.ts";

export interface SecretKey {
  id: string;
  key: Buffer;
}

/** Parses a 32-byte key given as 64 hex characters or base64. */
export function parseSecretKey(text: string): SecretKey {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== 32) throw new Error("a secrets key must be 32 bytes (64 hex characters or base64)");
  return { id: createHash("sha256").update(key).digest("hex").slice(0, 16), key };
}

export function createPgSecretStore(
  prisma: PrismaClient,
  keys: { current: SecretKey; previous?: SecretKey[] },
  env: NodeJS.ProcessEnv = process.env,
): SecretStore {
  const byId = new Map([keys.current, ...(keys.previous ?? [])].map((k) => [k.id, k.key]));
  return {
    kind: "database",
    async put(name, value) {
      assertSecretName(name);
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", keys.current.key, iv);
      cipher.setAAD(Buffer.from(name, "utf8"));
      const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
      const row = { keyId: keys.current.id, iv, authTag: cipher.getAuthTag(), ciphertext };
      await prisma.secretEntry.upsert({ where: { name }, create: { name, ...row }, update: row });
    },
    async get(name) {
      assertSecretName(name);
      const row = await prisma.secretEntry.findUnique({ where: { name } });
      if (!row) {
        const fromEnv = env[envNameFor(name)];
        return fromEnv === undefined || fromEnv === "" ? null : fromEnv;
      }
      const key = byId.get(row.keyId);
      // Never the value, never the key: only that this entry cannot be opened with the keys given.
      if (!key) throw new Error("secret store: entry sealed with an unknown key (set SECRETS_PREVIOUS_KEYS)");
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(row.iv));
        decipher.setAAD(Buffer.from(name, "utf8"));
        decipher.setAuthTag(Buffer.from(row.authTag));
        return Buffer.concat([decipher.update(Buffer.from(row.ciphertext)), decipher.final()]).toString("utf8");
      } catch {
        throw new Error("secret store: entry failed authentication");
      }
    },
    async delete(name) {
      assertSecretName(name);
      await prisma.secretEntry.deleteMany({ where: { name } });
    },
  };
}
