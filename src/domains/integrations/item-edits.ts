// Synced items are editable (seed 004 content_revision: manual and bulk_edit). The creator who
// owns an item's social account edits its metadata by hand (one ContentRevision per changed field,
// MANUAL) or many items at once (BULK_EDIT), each an audited transaction. A bulk edit is bounded
// (BULK_EDIT_MAX items) and all-or-nothing: one item that is not the viewer's → NOT_FOUND and
// nothing changes. Fields edited here are kept by later syncs (local-edits.ts).
import { z } from "zod";
import type { ContentItem, Prisma, Visibility } from "../../generated/prisma/client.ts";
import { recordAudit } from "../../core/audit.ts";
import { requireViewer, type ServiceCtx } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { transaction, type Tx } from "../../core/tx.ts";
import { httpUrl, parseInput } from "../../core/validation.ts";
import { revisionValue } from "./service.ts";

export const BULK_EDIT_MAX = 100;
export const EDITABLE_FIELDS = ["title", "description", "tags", "hashtags", "category", "language", "thumbnailUrl", "visibility"] as const;
type EditableField = (typeof EDITABLE_FIELDS)[number];
type Edit = Partial<Pick<ContentItem, EditableField>>;

const tag = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");
const tagList = z.array(tag).max(50, "at most 50 entries");
const VISIBILITIES = ["PUBLIC", "PRIVATE", "UNLISTED"] as const satisfies readonly Visibility[];

const editSchema = z.object({
  title: z.string().trim().min(1, "must not be empty").max(500, "must be at most 500 characters").nullish(),
  description: z.string().trim().max(10_000, "must be at most 10000 characters").nullish(),
  tags: tagList.optional(),
  hashtags: tagList.optional(),
  category: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters").nullish(),
  language: z.string().trim().min(2, "must be a language tag like en or pt-BR").max(35).nullish(),
  thumbnailUrl: httpUrl.nullish(),
  visibility: z.enum(VISIBILITIES).optional(),
  reason: z.string().trim().max(500, "must be at most 500 characters").nullish(),
});

export type ContentItemEdit = z.input<typeof editSchema>;

const bulkSchema = z.object({
  ids: z.array(z.string()).min(1, "must name at least one item").max(BULK_EDIT_MAX, `at most ${BULK_EDIT_MAX} items per bulk edit`),
  addTags: tagList.optional(),
  removeTags: tagList.optional(),
});

/** Drop unset keys and duplicate tags (order kept). */
function normalise(e: z.output<typeof editSchema>): Edit {
  const out: Edit = {};
  for (const f of EDITABLE_FIELDS) {
    const v = e[f];
    if (v === undefined) continue;
    (out as Record<string, unknown>)[f] = Array.isArray(v) ? [...new Set(v)] : v;
  }
  return out;
}

/** The viewer's own live items among `ids` (admins are no exception: an edit is the creator's). */
async function ownItems(tx: Tx, viewerId: string, ids: string[]) {
  const rows = await tx.contentItem.findMany({ where: { id: { in: ids }, deletedAt: null, socialAccount: { userId: viewerId, deletedAt: null } } });
  const found = new Set(rows.map((r) => r.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw errors.notFound("ContentItem", missing);
  return rows;
}

/** The revisions and the update for one item; nothing when no value differs. */
function diff(item: ContentItem, edit: Edit, viewerId: string, source: "MANUAL" | "BULK_EDIT", reason: string | null) {
  const revisions: Prisma.ContentRevisionCreateManyInput[] = [];
  const data: Record<string, unknown> = {};
  for (const f of EDITABLE_FIELDS) {
    if (!(f in edit)) continue;
    const next = edit[f];
    if (revisionValue(item[f]) === revisionValue(next)) continue;
    data[f] = next;
    revisions.push({ contentItemId: item.id, userId: viewerId, fieldName: f, oldValue: revisionValue(item[f]), newValue: revisionValue(next), changeSource: source, changeReason: reason });
  }
  return { revisions, data: data as Prisma.ContentItemUpdateInput };
}

/** The owner edits one synced item by hand. Unchanged values write nothing. */
export async function editContentItem(ctx: ServiceCtx, id: string, input: ContentItemEdit): Promise<{ id: string; revisionsRecorded: number }> {
  const viewer = requireViewer(ctx);
  const parsed = parseInput(editSchema, input);
  const edit = normalise(parsed);
  return transaction(ctx.prisma, async (tx) => {
    const [item] = await ownItems(tx, viewer.id, [id]);
    const { revisions, data } = diff(item, edit, viewer.id, "MANUAL", parsed.reason ?? null);
    if (revisions.length === 0) return { id: item.id, revisionsRecorded: 0 };
    await tx.contentItem.update({ where: { id: item.id }, data });
    await tx.contentRevision.createMany({ data: revisions });
    await recordAudit(tx, ctx, {
      action: "content_item.edit",
      entityType: "ContentItem",
      entityId: item.id,
      oldValues: Object.fromEntries(revisions.map((r) => [r.fieldName, item[r.fieldName as EditableField]])),
      newValues: { ...Object.fromEntries(revisions.map((r) => [r.fieldName, edit[r.fieldName as EditableField]])), reason: parsed.reason ?? null },
    });
    return { id: item.id, revisionsRecorded: revisions.length };
  });
}

export interface BulkEditResult {
  ids: string[];
  updated: number;
  unchanged: number;
  revisionsRecorded: number;
}

/**
 * The owner edits up to BULK_EDIT_MAX items at once: `set` values for every item, and/or tags
 * added and removed per item. One transaction; one audit row naming every changed item.
 */
export async function bulkEditContentItems(
  ctx: ServiceCtx,
  input: { ids: string[]; set?: ContentItemEdit | null; addTags?: string[] | null; removeTags?: string[] | null; reason?: string | null },
): Promise<BulkEditResult> {
  const viewer = requireViewer(ctx);
  const ids = [...new Set(input.ids)];
  const lists = parseInput(bulkSchema, { ids, addTags: input.addTags ?? undefined, removeTags: input.removeTags ?? undefined });
  const parsed = parseInput(editSchema, { ...(input.set ?? {}), reason: input.reason });
  const set = normalise(parsed);
  if (set.tags && (lists.addTags?.length || lists.removeTags?.length)) throw errors.badInput("addTags", "cannot be combined with set.tags");
  if (Object.keys(set).length === 0 && !lists.addTags?.length && !lists.removeTags?.length) throw errors.badInput("set", "name at least one field to change, or addTags / removeTags");
  const remove = new Set(lists.removeTags ?? []);
  return transaction(ctx.prisma, async (tx) => {
    const items = await ownItems(tx, viewer.id, ids);
    const revisions: Prisma.ContentRevisionCreateManyInput[] = [];
    const changedIds: string[] = [];
    for (const item of items) {
      const edit: Edit = { ...set };
      if (lists.addTags?.length || remove.size) edit.tags = [...new Set([...item.tags, ...(lists.addTags ?? [])])].filter((t) => !remove.has(t));
      const d = diff(item, edit, viewer.id, "BULK_EDIT", parsed.reason ?? null);
      if (d.revisions.length === 0) continue;
      await tx.contentItem.update({ where: { id: item.id }, data: d.data });
      revisions.push(...d.revisions);
      changedIds.push(item.id);
    }
    if (revisions.length) {
      await tx.contentRevision.createMany({ data: revisions });
      await recordAudit(tx, ctx, {
        action: "content_item.bulk_edit",
        entityType: "ContentItem",
        entityId: null,
        newValues: { itemIds: changedIds, set, addTags: lists.addTags ?? [], removeTags: lists.removeTags ?? [], reason: parsed.reason ?? null, revisionsRecorded: revisions.length },
      });
    }
    return { ids, updated: changedIds.length, unchanged: items.length - changedIds.length, revisionsRecorded: revisions.length };
  });
}
