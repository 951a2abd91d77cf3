// Deterministic identifiers for the demo data: every row the seed writes has an id derived from a
// stable name, so a second run targets the same rows (and `skipDuplicates` adds nothing).
import { createHash } from "node:crypto";

/**
 * A UUID derived from a name: the first 16 bytes of sha256(name) with the version nibble set to 5
 * and the RFC 4122 variant bits, e.g. seedId("story:lighthouse"). (Shaped like a v5 UUID; the hash is
 * sha256 over a fixed namespace prefix rather than SHA-1.)
 */
export function seedId(name: string): string {
  const b = createHash("sha256").update(`creator-gateway-seed:${name}`).digest().subarray(0, 16);
  b[6] = (b[6] & 0x0f) | 0x50;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** seedId of "kind:part1:part2…", the naming convention of every seeded row. */
export function sid(kind: string, ...parts: Array<string | number>): string {
  return seedId([kind, ...parts].join(":"));
}

/** A short deterministic hex token derived from a name (fake provider ids such as pi_demo_…). */
export function seedHex(name: string, length = 16): string {
  return createHash("sha256").update(`creator-gateway-seed-hex:${name}`).digest("hex").slice(0, length);
}

/** mulberry32: a small deterministic PRNG, seeded from a string. */
export function prng(seed: string): () => number {
  let a = createHash("sha256").update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The vault entry name of a seeded connection: `<kind>/<row id>` (a valid secrets-store name). */
export function demoSecretName(kind: "platform-connection" | "seo-connection", rowId: string): string {
  return `${kind}/${rowId}`;
}
