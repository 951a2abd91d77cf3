// Creators author their catalogue: content items of every ContentMediaType (AUDIO, VIDEO,
// WRITTEN; a course or a serial is a series of items, a lesson an item in it) and series.
//  - Items start as DRAFT; update, price (Decimal + currency; the database CHECKs price > 0, null
//    is free), visibility, tags, prerequisites, preview (a free excerpt and/or preview media).
//  - publish validates completeness and answers BAD_USER_INPUT naming EVERY missing field
//    (issues[]): title, media (AUDIO/VIDEO) or body (WRITTEN), price when sold (PURCHASED_ONLY).
//  - unpublish → DRAFT, archive → ARCHIVED (off the listings, kept for buyers), soft delete by the
//    owner, restore by admins.
//  - Series: create, update (bundle price), add / remove / reorder items, publish / unpublish.
// Only the owner (or an admin) may change a row (visibility.ts canUpdateContent /
// canUpdateSeries); anyone else gets NOT_FOUND. Every change is
// one transaction with its audit row.
import { z } from "zod";
import { isUniqueViolation, transaction, type Tx } from "../../core/tx.ts";
import type { Content, ContentMediaType, ContentSeries, Prisma, Visibility } from "../../generated/prisma/client.ts";
import { requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { canUpdateContent, canUpdateSeries } from "./visibility.ts";

type Ctx = Pick<Context, "prisma" | "services" | "viewer" | "ip" | "userAgent" | "requestId">;

const MEDIA_TYPES = ["AUDIO", "VIDEO", "WRITTEN"] as const satisfies readonly ContentMediaType[];
const VISIBILITIES = ["PUBLIC", "UNLISTED", "PRIVATE", "MEMBERS_ONLY", "PURCHASED_ONLY"] as const satisfies readonly Visibility[];

const slug = z.string().trim().toLowerCase().min(1).max(200, "must be at most 200 characters").regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "may only contain a-z, 0-9 and single dashes");
const url = z.string().trim().max(2000).regex(/^(https?:\/\/|media:\/\/)[^\s]+$/i, "must be an http(s) URL or an uploaded media reference");
/** A positive amount with at most two decimals; null = free. */
const price = z
  .string()
  .trim()
  .regex(/^\d{1,10}(\.\d{1,2})?$/, "must be a positive amount like \"4.99\"")
  .refine((v) => Number(v) > 0, "must be greater than 0 (leave it empty for free)");
const currency = z.string().trim().toUpperCase().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code");
const tags = z.array(z.string().trim().toLowerCase().min(1, "must not be empty").max(50)).max(30, "at most 30 tags").transform((t) => [...new Set(t)]);

const contentFields = {
  title: z.string().trim().min(1, "must not be empty").max(500),
  slug: slug.nullish(),
  description: z.string().trim().max(10_000).nullish(),
  body: z.string().max(500_000).nullish(),
  mediaUrl: url.nullish(),
  streamUrl: url.nullish(),
  thumbnailUrl: url.nullish(),
  durationSeconds: z.number().int().positive().max(1_000_000).nullish(),
  category: z.string().trim().max(100).nullish(),
  tags: tags.nullish(),
  visibility: z.enum(VISIBILITIES).nullish(),
  price: price.nullish(),
  currency: currency.nullish(),
  previewText: z.string().max(20_000).nullish(),
  previewMediaUrl: url.nullish(),
  prerequisiteIds: z.array(z.string().uuid()).max(20, "at most 20 prerequisites").nullish(),
};
const createContentSchema = z.object({ ...contentFields, mediaType: z.enum(MEDIA_TYPES) });
const updateContentSchema = z.object({ ...contentFields, title: contentFields.title.nullish(), mediaType: z.enum(MEDIA_TYPES).nullish() });
export type CreateContentInput = z.input<typeof createContentSchema>;
export type UpdateContentInput = z.input<typeof updateContentSchema>;

const seriesFields = {
  title: z.string().trim().min(1, "must not be empty").max(500),
  slug: slug.nullish(),
  description: z.string().trim().max(10_000).nullish(),
  thumbnailUrl: url.nullish(),
  price: price.nullish(),
  currency: currency.nullish(),
};
const createSeriesSchema = z.object(seriesFields);
const updateSeriesSchema = z.object({ ...seriesFields, title: seriesFields.title.nullish() });
export type CreateSeriesInput = z.input<typeof createSeriesSchema>;
export type UpdateSeriesInput = z.input<typeof updateSeriesSchema>;

export function slugify(title: string): string {
  const s = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 180)
    .replace(/-+$/g, "");
  return s || "untitled";
}

/** The first free slug among base, base-2, base-3… (checked under the row's unique index anyway). */
async function freeSlug(tx: Tx, model: "content" | "contentSeries", base: string): Promise<string> {
  const taken = new Set(
    model === "content"
      ? (await tx.content.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug)
      : (await tx.contentSeries.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

const slugTaken = () => errors.conflict("SLUG_TAKEN", "Another item already uses this slug.");

function audited(c: Pick<Content, "title" | "slug" | "status" | "visibility" | "price" | "currency" | "tags" | "mediaType" | "deletedAt" | "seriesId" | "seriesPosition">) {
  return { title: c.title, slug: c.slug, status: c.status, visibility: c.visibility, price: c.price?.toString() ?? null, currency: c.currency, tags: c.tags, mediaType: c.mediaType, deletedAt: c.deletedAt, seriesId: c.seriesId, seriesPosition: c.seriesPosition };
}

function auditedSeries(s: ContentSeries) {
  return { title: s.title, slug: s.slug, status: s.status, price: s.price?.toString() ?? null, currency: s.currency, deletedAt: s.deletedAt };
}

/**
 * The row a mutation changes, if the viewer may (canUpdateContent: their own; admins: any), else
 * NOT_FOUND — others' rows are not revealed. Deleted rows only for `includeDeleted` (admins).
 */
async function contentForAuthoring(tx: Tx, ctx: Ctx, id: string, opts: { includeDeleted?: boolean } = {}): Promise<Content> {
  const viewer = requireViewer(ctx);
  const row = await tx.content.findFirst({ where: { id, ...(opts.includeDeleted ? {} : { deletedAt: null }) } });
  if (!row || !canUpdateContent(viewer, row)) throw errors.notFound("Content", id);
  return row;
}

/** The series a mutation changes, if the viewer may (canUpdateSeries), else NOT_FOUND. */
async function seriesForAuthoring(tx: Tx, ctx: Ctx, id: string): Promise<ContentSeries> {
  const viewer = requireViewer(ctx);
  const row = await tx.contentSeries.findFirst({ where: { id, deletedAt: null } });
  if (!row || !canUpdateSeries(viewer, row)) throw errors.notFound("ContentSeries", id);
  return row;
}

async function setPrerequisites(tx: Tx, ctx: Ctx, content: Pick<Content, "id" | "creatorId">, ids: string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.includes(content.id)) throw errors.badInput("prerequisiteIds", "an item cannot be its own prerequisite");
  // Prerequisites are other items of the same creator (a course's earlier lessons).
  const found = await tx.content.findMany({ where: { id: { in: unique }, creatorId: content.creatorId, deletedAt: null }, select: { id: true } });
  const missing = unique.filter((id) => !found.some((f) => f.id === id));
  if (missing.length) throw errors.notFound("Content", missing[0]);
  // No cycles: none of the new prerequisites may (transitively) require this item.
  const cycle = await tx.$queryRaw<{ found: boolean }[]>`
    WITH RECURSIVE reach(id) AS (
      SELECT prerequisite_id FROM content_prerequisites WHERE content_id = ANY(${unique}::uuid[])
      UNION SELECT p.prerequisite_id FROM content_prerequisites p JOIN reach r ON p.content_id = r.id
    ) SELECT EXISTS (SELECT 1 FROM reach WHERE id = ${content.id}::uuid) AS found`;
  if (cycle[0]?.found) throw errors.badInput("prerequisiteIds", "would make a cycle of prerequisites");
  await tx.contentPrerequisite.deleteMany({ where: { contentId: content.id, prerequisiteId: { notIn: unique } } });
  await tx.contentPrerequisite.createMany({ data: unique.map((prerequisiteId) => ({ contentId: content.id, prerequisiteId })), skipDuplicates: true });
}

type ContentData = z.output<typeof updateContentSchema>;

function contentColumns(d: ContentData): Prisma.ContentUncheckedUpdateInput {
  const out: Prisma.ContentUncheckedUpdateInput = {};
  if (d.title) out.title = d.title;
  if (d.mediaType) out.mediaType = d.mediaType;
  if (d.description !== undefined) out.description = d.description ?? null;
  if (d.body !== undefined) out.contentBody = d.body ?? null;
  if (d.mediaUrl !== undefined) out.mediaUrl = d.mediaUrl ?? null;
  if (d.streamUrl !== undefined) out.streamUrl = d.streamUrl ?? null;
  if (d.thumbnailUrl !== undefined) out.thumbnailUrl = d.thumbnailUrl ?? null;
  if (d.durationSeconds !== undefined) out.mediaDurationSeconds = d.durationSeconds ?? null;
  if (d.category !== undefined) out.category = d.category ?? null;
  if (d.tags) out.tags = d.tags;
  if (d.visibility) out.visibility = d.visibility;
  if (d.price !== undefined) out.price = d.price ?? null;
  if (d.currency) out.currency = d.currency;
  if (d.previewText !== undefined) out.previewText = d.previewText ?? null;
  if (d.previewMediaUrl !== undefined) out.previewMediaUrl = d.previewMediaUrl ?? null;
  return out;
}

/** A new DRAFT item of the viewer (a creator). The slug comes from the title when not given. */
export async function createContent(ctx: Ctx, input: CreateContentInput): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const d = parseInput(createContentSchema, input);
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const s = d.slug ?? (await freeSlug(tx, "content", slugify(d.title)));
      const row = await tx.content.create({
        data: { ...(contentColumns(d) as Prisma.ContentUncheckedCreateInput), creatorId: viewer.id, title: d.title, mediaType: d.mediaType, slug: s, status: "DRAFT", visibility: d.visibility ?? "PRIVATE" },
      });
      if (d.prerequisiteIds?.length) await setPrerequisites(tx, ctx, row, d.prerequisiteIds);
      await recordAudit(tx, ctx, { action: "content.create", entityType: "Content", entityId: row.id, newValues: audited(row) });
      return { id: row.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

export async function updateContent(ctx: Ctx, id: string, input: UpdateContentInput): Promise<{ id: string }> {
  const d = parseInput(updateContentSchema, input);
  const columns = contentColumns(d);
  if (d.slug) columns.slug = d.slug;
  if (Object.keys(columns).length === 0 && d.prerequisiteIds == null) throw errors.badInput("input", "names nothing to change");
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const before = await contentForAuthoring(tx, ctx, id);
      const after = Object.keys(columns).length ? await tx.content.update({ where: { id }, data: columns }) : before;
      if (after.status === "PUBLISHED") assertComplete(after);
      if (d.prerequisiteIds) await setPrerequisites(tx, ctx, before, d.prerequisiteIds);
      await recordAudit(tx, ctx, {
        action: "content.update",
        entityType: "Content",
        entityId: id,
        oldValues: audited(before),
        newValues: { ...audited(after), ...(d.prerequisiteIds ? { prerequisiteIds: d.prerequisiteIds } : {}) },
      });
      return { id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

/** What a published item must have; every missing field is named (issues[]). */
export function missingForPublish(c: Pick<Content, "title" | "mediaType" | "mediaUrl" | "streamUrl" | "contentBody" | "visibility" | "price">): Array<{ field: string; message: string }> {
  const missing: Array<{ field: string; message: string }> = [];
  if (!c.title?.trim()) missing.push({ field: "title", message: "is required to publish" });
  if (c.mediaType === "WRITTEN" && !c.contentBody?.trim()) missing.push({ field: "body", message: "is required to publish written content" });
  if (c.mediaType !== "WRITTEN" && !c.mediaUrl && !c.streamUrl) missing.push({ field: "mediaUrl", message: `is required to publish ${c.mediaType.toLowerCase()} content (attach an upload)` });
  if (c.visibility === "PURCHASED_ONLY" && !c.price) missing.push({ field: "price", message: "is required to publish content sold by purchase" });
  return missing;
}

function assertComplete(c: Parameters<typeof missingForPublish>[0]): void {
  const missing = missingForPublish(c);
  if (missing.length) throw errors.badInput(missing[0].field, `${missing.map((m) => m.field).join(", ")} missing to publish`, missing);
}

type ContentStatusChange = "publish" | "unpublish" | "archive";

export async function changeContentStatus(ctx: Ctx, id: string, change: ContentStatusChange): Promise<{ id: string }> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await contentForAuthoring(tx, ctx, id);
    const status = change === "publish" ? "PUBLISHED" : change === "unpublish" ? "DRAFT" : "ARCHIVED";
    if (before.status === status) return { id };
    if (change === "publish") assertComplete(before);
    // A private draft published keeps its chosen visibility; PRIVATE stays private (owner only).
    const after = await tx.content.update({ where: { id }, data: { status, ...(change === "publish" ? { publishedAt: before.publishedAt ?? now } : {}) } });
    await recordAudit(tx, ctx, { action: `content.${change}`, entityType: "Content", entityId: id, oldValues: { status: before.status }, newValues: { status: after.status, publishedAt: after.publishedAt } });
    return { id };
  });
}

/** Soft delete (owner or admin): gone from every list and read; purchases and grants stay. */
export async function deleteContent(ctx: Ctx, id: string): Promise<{ id: string }> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await contentForAuthoring(tx, ctx, id);
    await tx.content.update({ where: { id }, data: { deletedAt: now } });
    await recordAudit(tx, ctx, { action: "content.delete", entityType: "Content", entityId: id, oldValues: { deletedAt: null }, newValues: { deletedAt: now } });
    return { id };
  });
}

/** Admin: undoes a soft delete. */
export async function restoreContent(ctx: Ctx, id: string): Promise<{ id: string }> {
  return transaction(ctx.prisma, async (tx) => {
    const before = await contentForAuthoring(tx, ctx, id, { includeDeleted: true });
    if (!before.deletedAt) return { id };
    await tx.content.update({ where: { id }, data: { deletedAt: null } });
    await recordAudit(tx, ctx, { action: "content.restore", entityType: "Content", entityId: id, oldValues: { deletedAt: before.deletedAt }, newValues: { deletedAt: null } });
    return { id };
  });
}

// ---------------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------------

function seriesColumns(d: z.output<typeof updateSeriesSchema>): Prisma.ContentSeriesUncheckedUpdateInput {
  const out: Prisma.ContentSeriesUncheckedUpdateInput = {};
  if (d.title) out.title = d.title;
  if (d.slug) out.slug = d.slug;
  if (d.description !== undefined) out.description = d.description ?? null;
  if (d.thumbnailUrl !== undefined) out.thumbnailUrl = d.thumbnailUrl ?? null;
  if (d.price !== undefined) out.price = d.price ?? null;
  if (d.currency) out.currency = d.currency;
  return out;
}

export async function createSeries(ctx: Ctx, input: CreateSeriesInput): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const d = parseInput(createSeriesSchema, input);
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const s = d.slug ?? (await freeSlug(tx, "contentSeries", slugify(d.title)));
      const row = await tx.contentSeries.create({ data: { ...(seriesColumns(d) as Prisma.ContentSeriesUncheckedCreateInput), creatorId: viewer.id, title: d.title, slug: s, status: "DRAFT" } });
      await recordAudit(tx, ctx, { action: "series.create", entityType: "ContentSeries", entityId: row.id, newValues: auditedSeries(row) });
      return { id: row.id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

export async function updateSeries(ctx: Ctx, id: string, input: UpdateSeriesInput): Promise<{ id: string }> {
  const d = parseInput(updateSeriesSchema, input);
  const columns = seriesColumns(d);
  if (Object.keys(columns).length === 0) throw errors.badInput("input", "names nothing to change");
  try {
    return await transaction(ctx.prisma, async (tx) => {
      const before = await seriesForAuthoring(tx, ctx, id);
      const after = await tx.contentSeries.update({ where: { id }, data: columns });
      await recordAudit(tx, ctx, { action: "series.update", entityType: "ContentSeries", entityId: id, oldValues: auditedSeries(before), newValues: auditedSeries(after) });
      return { id };
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw slugTaken();
    throw e;
  }
}

/** Rewrites positions 0..n-1 in the given order (two passes: the (series, position) index is unique). */
async function writeOrder(tx: Tx, seriesId: string, ids: string[]): Promise<void> {
  await tx.content.updateMany({ where: { seriesId }, data: { seriesPosition: null } });
  for (const [i, id] of ids.entries()) await tx.content.update({ where: { id }, data: { seriesPosition: i } });
}

async function currentOrder(tx: Tx, seriesId: string): Promise<string[]> {
  const rows = await tx.content.findMany({ where: { seriesId }, orderBy: [{ seriesPosition: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }], select: { id: true } });
  return rows.map((r) => r.id);
}

/** Adds one of the owner's items to the series (at `position`, default last). An item is in one series at a time. */
export async function addSeriesItem(ctx: Ctx, seriesId: string, contentId: string, position?: number | null): Promise<{ id: string }> {
  return transaction(ctx.prisma, async (tx) => {
    const series = await seriesForAuthoring(tx, ctx, seriesId);
    const item = await contentForAuthoring(tx, ctx, contentId);
    if (item.creatorId !== series.creatorId) throw errors.notFound("Content", contentId);
    if (item.seriesId && item.seriesId !== seriesId) throw errors.conflict("IN_ANOTHER_SERIES", "This item is in another series; remove it there first.");
    const order = (await currentOrder(tx, seriesId)).filter((id) => id !== contentId);
    const at = position == null ? order.length : position;
    if (!Number.isInteger(at) || at < 0 || at > order.length) throw errors.badInput("position", `must be between 0 and ${order.length}`);
    order.splice(at, 0, contentId);
    await tx.content.update({ where: { id: contentId }, data: { seriesId } });
    await writeOrder(tx, seriesId, order);
    await recordAudit(tx, ctx, { action: "series.add_item", entityType: "ContentSeries", entityId: seriesId, oldValues: { seriesId: item.seriesId }, newValues: { contentId, position: at } });
    return { id: seriesId };
  });
}

export async function removeSeriesItem(ctx: Ctx, seriesId: string, contentId: string): Promise<{ id: string }> {
  return transaction(ctx.prisma, async (tx) => {
    await seriesForAuthoring(tx, ctx, seriesId);
    const item = await tx.content.findFirst({ where: { id: contentId, seriesId } });
    if (!item) throw errors.notFound("Content", contentId);
    await tx.content.update({ where: { id: contentId }, data: { seriesId: null, seriesPosition: null } });
    await writeOrder(tx, seriesId, (await currentOrder(tx, seriesId)).filter((id) => id !== contentId));
    await recordAudit(tx, ctx, { action: "series.remove_item", entityType: "ContentSeries", entityId: seriesId, oldValues: { contentId, position: item.seriesPosition }, newValues: { contentId, seriesId: null } });
    return { id: seriesId };
  });
}

/** Reorders the series: `contentIds` must name every item of the series exactly once. */
export async function reorderSeriesItems(ctx: Ctx, seriesId: string, contentIds: string[]): Promise<{ id: string }> {
  return transaction(ctx.prisma, async (tx) => {
    await seriesForAuthoring(tx, ctx, seriesId);
    const before = await currentOrder(tx, seriesId);
    const same = before.length === contentIds.length && new Set(contentIds).size === contentIds.length && contentIds.every((id) => before.includes(id));
    if (!same) throw errors.badInput("contentIds", "must list every item of the series exactly once");
    await writeOrder(tx, seriesId, contentIds);
    await recordAudit(tx, ctx, { action: "series.reorder", entityType: "ContentSeries", entityId: seriesId, oldValues: { order: before }, newValues: { order: contentIds } });
    return { id: seriesId };
  });
}

/** Publishes (needs a title and at least one published item) or unpublishes a series. */
export async function setSeriesPublished(ctx: Ctx, seriesId: string, published: boolean): Promise<{ id: string }> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await seriesForAuthoring(tx, ctx, seriesId);
    const status = published ? "PUBLISHED" : "DRAFT";
    if (before.status === status) return { id: seriesId };
    if (published && (await tx.content.count({ where: { seriesId, status: "PUBLISHED", deletedAt: null } })) === 0) {
      throw errors.badInput("items", "a series needs at least one published item to be published");
    }
    const after = await tx.contentSeries.update({ where: { id: seriesId }, data: { status, ...(published ? { publishedAt: before.publishedAt ?? now } : {}) } });
    await recordAudit(tx, ctx, { action: published ? "series.publish" : "series.unpublish", entityType: "ContentSeries", entityId: seriesId, oldValues: { status: before.status }, newValues: { status: after.status, publishedAt: after.publishedAt } });
    return { id: seriesId };
  });
}
