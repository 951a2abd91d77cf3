// Opaque Relay global ids: base64url("Type:uuid"). Decoding validates the shape so a malformed
// id is a BAD_USER_INPUT error, not an unexpected error or a silent null.
import { errors } from "./errors.ts";

/** A UUID (any version), case-insensitive: the key shape of every row id. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPENAME_RE = /^[A-Z][A-Za-z0-9]*$/;

export function encodeGlobalId(typename: string, id: bigint | number | string): string {
  return Buffer.from(`${typename}:${String(id)}`, "utf8").toString("base64url");
}

export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  const bad = () => errors.badInput("id", "is not a valid global id");
  if (typeof globalId !== "string" || globalId.length === 0 || globalId.length > 200 || !/^[A-Za-z0-9_-]+=*$/.test(globalId)) throw bad();
  const decoded = Buffer.from(globalId, "base64url").toString("utf8");
  const sep = decoded.indexOf(":");
  if (sep <= 0) throw bad();
  const typename = decoded.slice(0, sep);
  const id = decoded.slice(sep + 1);
  // Keys are UUIDs everywhere except a few natural keys (cache entries, settings keys).
  if (!TYPENAME_RE.test(typename) || !(UUID_RE.test(id) || /^[A-Za-z0-9_.:-]{1,120}$/.test(id))) throw bad();
  return { typename, id };
}
