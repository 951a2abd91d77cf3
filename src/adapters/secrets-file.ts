// The secrets port: platform OAuth tokens and search-engine keys live in a vault; the database
// keeps only the entry's NAME (platform_connection.vault_secret_name, seo_connection.vault_secret_name).
// This file is the interface plus the implementation used here: one file per secret in a
// directory (SECRETS_DIR, created 0700, files 0600, written atomically), and, for secrets that
// operations inject, an environment fallback: the entry "platform-connection/1234" is also read
// from VAULT_PLATFORM_CONNECTION_1234. A real vault (Supabase Vault, HashiCorp, a cloud KMS) is
// another implementation of SecretStore.
// Secret VALUES never reach a log line, an error message, an audit row or the graph: callers get
// them from get(), hand them to a client, and drop them.
import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { type SecretStore } from "../core/ports.ts";


const NAME_RE = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

export function assertSecretName(name: string): void {
  if (name.length > 200 || !NAME_RE.test(name)) throw new Error("invalid secret name");
}


/** The environment variable that may hold an entry: VAULT_ + the name upper-cased, non-alphanumerics as _. */
export function envNameFor(name: string): string {
  return `VAULT_${name.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

export function createFileSecretStore(dir: string, env: NodeJS.ProcessEnv = process.env): SecretStore {
  const root = path.resolve(dir);
  const fileOf = (name: string) => {
    assertSecretName(name);
    return path.join(root, name.replace(/\//g, "__"));
  };
  return {
    kind: "file",
    async put(name, value) {
      const file = fileOf(name);
      await fs.mkdir(root, { recursive: true, mode: 0o700 });
      const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
      await fs.writeFile(tmp, value, { encoding: "utf8", mode: 0o600 });
      await fs.rename(tmp, file);
    },
    async get(name) {
      const file = fileOf(name);
      try {
        return await fs.readFile(file, "utf8");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw new Error("secret store unreadable");
      }
      const fromEnv = env[envNameFor(name)];
      return fromEnv === undefined || fromEnv === "" ? null : fromEnv;
    },
    async delete(name) {
      await fs.rm(fileOf(name), { force: true });
    },
  };
}
