// The demo connections' vault entries. The seed writes only the entry NAME into the database
// (platform_connection.vault_secret_name, seo_connection.vault_secret_name: a valid secrets-store
// name, `<kind>/<row id>`); this module puts the matching demo credentials into the secrets store
// so that verifyPlatformConnection, syncSocialAccount and the integrations.auto-sync job work on
// the demo data. The platform tokens are fixture tokens: the fixture platform client answers
// `demo-<connection key>` from fixtures/platforms/<slug>/tokens/<token>/. None of them is a real
// credential. Idempotent: an entry that exists is left alone (a reconnect may have replaced it).
import type { DbClient } from "../../src/db/client.ts";
import type { SecretStore } from "../../src/core/ports.ts";
import { demoSecretName, seedHex } from "./ids.ts";
import { CONNECTIONS, connectionId, SEO_CONNECTIONS, seoConnectionId } from "./integrations.ts";

/** The fixture token of a seeded platform connection (its fixture set is tokens/<token>/). */
export function demoPlatformToken(key: string): string {
  return `demo-${key}`;
}

/** Every demo vault entry: active platform connections' tokens and the SEO connections' IndexNow keys. */
export function demoSecrets(): Array<{ name: string; value: string }> {
  const platform = CONNECTIONS.filter((c) => c.active).map((c) => ({
    name: demoSecretName("platform-connection", connectionId(c.key)),
    value: JSON.stringify({ accessToken: demoPlatformToken(c.key), refreshToken: null }),
  }));
  const seo = SEO_CONNECTIONS.map((c) => ({ name: demoSecretName("seo-connection", seoConnectionId(c.key)), value: seedHex(`indexnow-key:${c.key}`, 32) }));
  return [...platform, ...seo];
}

/**
 * Writes the demo entries that are missing and that a row of this database references (so a
 * database without the demo data gets nothing); returns how many it wrote.
 */
export async function seedDemoSecrets(prisma: DbClient, secrets: SecretStore): Promise<number> {
  const wanted = demoSecrets();
  const names = wanted.map((w) => w.name);
  const [platform, seo] = await Promise.all([
    prisma.platformConnection.findMany({ where: { vaultSecretName: { in: names } }, select: { vaultSecretName: true } }),
    prisma.seoConnection.findMany({ where: { vaultSecretName: { in: names } }, select: { vaultSecretName: true } }),
  ]);
  const referenced = new Set([...platform, ...seo].map((r) => r.vaultSecretName));
  let written = 0;
  for (const { name, value } of wanted.filter((w) => referenced.has(w.name))) {
    if ((await secrets.get(name)) !== null) continue;
    await secrets.put(name, value);
    written++;
  }
  return written;
}
