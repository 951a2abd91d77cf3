// Ordering shared by the admin lists of the site (nav items, resource cards and steps, timeline
// items): a reorder names every sibling exactly once, and the new positions (0..n-1) are written
// with one UPDATE.
import { transaction, type Tx } from "./tx.ts";
import type { Context } from "./context.ts";
import { errors } from "./errors.ts";
import { recordAudit } from "./audit.ts";

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

/** `ids` with `id` moved (or inserted) at `position`; at the end when position is undefined. */
export function insertAt(ids: readonly string[], id: string, position: number | undefined): string[] {
  const rest = ids.filter((x) => x !== id);
  const at = position === undefined ? rest.length : Math.min(position, rest.length);
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/** Rows loaded with `where: { id: { in: ids } }`, returned in the order of `ids`. */
export function inOrder<T extends { id: string }>(ids: readonly string[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * The admin "reorder" mutation of a list: `ids` must name every sibling once; positions become
 * 0..n-1 and one audit row records the old and new order.
 */
export async function reorderList(
  ctx: Context,
  list: { table: OrderedTable; entityType: string; action: string; parentId?: string | null; siblings: (tx: Tx) => Promise<string[]> },
  ids: string[],
): Promise<string[]> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const current = await list.siblings(tx);
    assertPermutation(current, ids);
    await applyOrder(tx, list.table, ids, now);
    const scope = list.parentId !== undefined ? { parentId: list.parentId } : {};
    await recordAudit(tx, ctx, { action: list.action, entityType: list.entityType, entityId: list.parentId ?? null, oldValues: { ...scope, order: current }, newValues: { ...scope, order: ids } });
    return ids;
  });
}
