// Opaque Relay global ids: base64url("Type:uuid"). Decoding validates the shape so a malformed
// id is a BAD_USER_INPUT error, not an unexpected error or a silent null.
import { errors } from "./errors.ts";

/** A UUID (any version), case-insensitive: the key shape of every row id. */
export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TYPENAME_RE = /^[A-Z][A-Za-z0-9]*$/;
/** Node types whose id is a natural key rather than a uuid (CacheEntry: its `key`). */
const NATURAL_KEY_TYPES = new Set(["CacheEntry"]);

let nodeTypes: ReadonlySet<string> | null = null;

/** The schema's Node types (set once the schema is built); other type names are refused. */
export function setNodeTypes(names: string[]): void {
  nodeTypes = new Set(names);
}

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
  // Keys are UUIDs everywhere except the natural-key node types: a non-uuid key of any other
  // type would reach a `uuid` column and fail there as an unexpected error.
  if (!TYPENAME_RE.test(typename) || (nodeTypes && !nodeTypes.has(typename))) throw bad();
  if (!(NATURAL_KEY_TYPES.has(typename) ? /^[A-Za-z0-9_.:-]{1,120}$/.test(id) : UUID_RE.test(id))) throw bad();
  return { typename, id };
}

export const isUuid = (v: unknown): v is string => typeof v === "string" && UUID_RE.test(v);
