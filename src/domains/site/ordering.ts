// Ordering shared by the admin lists of the site (nav items, resource cards and steps, timeline
// items): a reorder names every sibling exactly once, and the new positions (0..n-1) are written
// with one UPDATE. Also the small input schemas those admin forms share.
import { z } from "zod";
import type { Tx } from "../../db/tx.ts";
import { errors } from "../../server/errors.ts";

const ORDERED_TABLES = ["nav_items", "resource_cards", "resource_steps", "timeline_items"] as const;
export type OrderedTable = (typeof ORDERED_TABLES)[number];

/** BAD_USER_INPUT unless `ids` is a permutation of `current` (no missing, extra or repeated id). */
export function assertPermutation(current: readonly string[], ids: readonly string[], field = "ids"): void {
  const known = new Set(current);
  const seen = new Set<string>();
  for (const id of ids) {
    if (!known.has(id)) throw errors.badInput(field, `contains an id that is not one of the items being ordered`);
    if (seen.has(id)) throw errors.badInput(field, "names an item twice");
    seen.add(id);
  }
  if (seen.size !== known.size) throw errors.badInput(field, `must name every item being ordered (${known.size}), got ${seen.size}`);
}

/** position = index in `ids`, in one statement. The table name comes from the constant list above. */
export async function applyOrder(tx: Tx, table: OrderedTable, ids: readonly string[], now: Date): Promise<void> {
  if (!ORDERED_TABLES.includes(table)) throw new Error(`not an ordered table: ${table}`);
  if (ids.length === 0) return;
  await tx.$executeRawUnsafe(
    `UPDATE "${table}" AS t SET position = (o.ord - 1)::int, updated_at = $2
       FROM unnest($1::uuid[]) WITH ORDINALITY AS o(id, ord)
      WHERE t.id = o.id AND t.position IS DISTINCT FROM (o.ord - 1)::int`,
    ids,
    now,
  );
}

export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url("must be an absolute URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

/** A link inside the site: a path ("/pricing", "/docs#start"), never a protocol-relative URL. */
export const internalPath = z
  .string()
  .trim()
  .max(2000)
  .regex(/^\/(?!\/)[^\s]*$/, "must be a path starting with /");

export const optionalText = (max: number) => z.string().trim().max(max).nullish();
