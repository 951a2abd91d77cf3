// Which fields of synced items were last changed here (by hand, in bulk or by an applied AI
// suggestion) rather than by a sync. A sync keeps those: it would otherwise put the platform's
// value back over the creator's edit at every run. The latest revision of a field decides, so the
// rule needs no extra column: a sync never writes a revision for a field it kept.
import type { ChangeSource } from "../../generated/prisma/client.ts";
import type { Tx } from "../../core/tx.ts";

export const LOCAL_SOURCES: ChangeSource[] = ["MANUAL", "BULK_EDIT", "AI_SUGGESTION"];

/** itemId → the fields whose newest revision is a local edit. One statement for all items. */
export async function locallyEditedFields(tx: Tx, itemIds: string[]): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  if (itemIds.length === 0) return out;
  const rows = await tx.$queryRaw<{ content_item_id: string; field_name: string }[]>`
    SELECT content_item_id, field_name FROM (
      SELECT DISTINCT ON (content_item_id, field_name) content_item_id, field_name, change_source
        FROM content_revision
       WHERE content_item_id = ANY(${itemIds}::uuid[])
       ORDER BY content_item_id, field_name, created_at DESC, id DESC) latest
     WHERE change_source::text = ANY(${LOCAL_SOURCES}::text[])`;
  for (const r of rows) {
    let set = out.get(r.content_item_id);
    if (!set) out.set(r.content_item_id, (set = new Set()));
    set.add(r.field_name);
  }
  return out;
}
