// Access is the single source of truth for "may read the protected fields" (media URLs, body).
// A viewer may read them when the content is public, they created it, they are an admin, or they
// hold a live grant (content_access: purchased, complimentary, subscription, preview — for the
// item or its series). Higher domains add sources with registerAccessSource() from their index
// (the subscription domain adds members-only and tier-category entitlements), so content imports
// no domain above it. The same where-clause serves single reads, the
// per-request DataLoader below, and list filters like "my library".
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Context, type Viewer } from "../../core/context.ts";

/** What an access source may depend on besides the viewer and the time. */
export interface AccessOptions {
  /** SUBSCRIPTION_GRACE_DAYS: how long a PAST_DUE subscription keeps its entitlements. */
  graceDays: number;
}

export type AccessSource = (viewer: Viewer, now: Date, opts: AccessOptions) => Prisma.ContentWhereInput;

export function liveGrant(userId: string, now: Date): Prisma.ContentAccessWhereInput {
  return { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

export const ACCESS_SOURCES: AccessSource[] = [
  (viewer) => ({ creatorId: viewer.id }),
  (viewer, now) => ({ access: { some: liveGrant(viewer.id, now) } }),
  (viewer, now) => ({ series: { access: { some: liveGrant(viewer.id, now) } } }),
];

/**
 * Prerequisites (seed 003 prerequisite_content_ids): the protected fields of an item with
 * prerequisites open only once the viewer's playback of every prerequisite is completed (the
 * creator is exempt). Nobody anonymous has completed anything.
 */
function prerequisitesMet(viewer: Viewer | null): Prisma.ContentWhereInput {
  if (!viewer) return { prerequisites: { none: {} } };
  return { OR: [{ creatorId: viewer.id }, { prerequisites: { every: { prerequisite: { playback: { some: { userId: viewer.id, completed: true } } } } } }] };
}

/** Adds a way to be entitled to content (called once by a higher domain's index.ts; idempotent). */
export function registerAccessSource(source: AccessSource): void {
  if (!ACCESS_SOURCES.includes(source)) ACCESS_SOURCES.push(source);
}

/** Content whose protected fields the viewer may read. */
export function protectedAccessWhere(viewer: Viewer | null, now: Date, opts: AccessOptions): Prisma.ContentWhereInput {
  if (isAdmin(viewer)) return {};
  const open: Prisma.ContentWhereInput = { visibility: "PUBLIC" };
  if (!viewer) return { AND: [open, prerequisitesMet(null)] };
  return { AND: [{ OR: [open, ...ACCESS_SOURCES.map((source) => source(viewer, now, opts))] }, prerequisitesMet(viewer)] };
}

/** Per-request batch: which of these content ids may the viewer read the protected fields of. */
export const contentAccessLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, boolean>(async (ids) => {
      const rows = await ctx.prisma.content.findMany({
        where: { id: { in: [...ids] }, ...protectedAccessWhere(ctx.viewer, ctx.services.clock(), { graceDays: ctx.config.SUBSCRIPTION_GRACE_DAYS }) },
        select: { id: true },
      });
      const allowed = new Set(rows.map((r) => r.id));
      return ids.map((id) => allowed.has(id));
    }),
);

export async function canReadProtected(ctx: Context, contentId: string): Promise<boolean> {
  return contentAccessLoader(ctx).load(contentId);
}
