// Navigation: a tree of nav items. The site reads the whole visible tree with ONE statement
// (every visible item, ordered) and builds the tree in memory; an item whose parent is hidden is
// hidden with it. Admins create, edit, move, delete (with the subtree) and reorder items.
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import { z } from "zod";
import { transaction, type Tx } from "../../core/tx.ts";
import type { NavItem, Role } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";
import { changedValues } from "../../core/audit.ts";
import { navItemWhereFor } from "./visibility.ts";
import { applyOrder, insertAt, reorderList } from "../../core/ordering.ts";
import { httpUrl, internalPath } from "../../core/validation.ts";

/** Children computed in memory by buildNavTree; absent on items loaded one by one. */
export const NAV_CHILDREN = Symbol("navChildren");
export type NavRow = NavItem & { [NAV_CHILDREN]?: NavRow[] };

const ORDER = [{ position: "asc" as const }, { createdAt: "asc" as const }, { id: "asc" as const }];

export function buildNavTree(rows: NavItem[]): NavRow[] {
  const byId = new Map<string, NavRow>(rows.map((r) => [r.id, { ...r, [NAV_CHILDREN]: [] }]));
  const roots: NavRow[] = [];
  for (const row of byId.values()) {
    if (row.parentId === null) roots.push(row);
    else byId.get(row.parentId)?.[NAV_CHILDREN]!.push(row); // parent hidden → the subtree is hidden
  }
  return roots;
}

/** The whole tree the viewer may see, in one SQL statement. */
export async function navigationTree(ctx: Context, mode: "site" | "manage"): Promise<NavRow[]> {
  const rows = await ctx.prisma.navItem.findMany({ where: navItemWhereFor(ctx.viewer, mode), orderBy: ORDER });
  return buildNavTree(rows);
}

/** Children of items that were loaded on their own (node(id), mutation payloads): batched per level. */
const childrenLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, NavItem[]>(async (parentIds) => {
      const rows = await ctx.prisma.navItem.findMany({
        where: { parentId: { in: [...parentIds] }, ...navItemWhereFor(ctx.viewer, "manage") },
        orderBy: ORDER,
      });
      return parentIds.map((id) => rows.filter((r) => r.parentId === id));
    }),
);

export function navChildren(ctx: Context, item: NavRow): NavRow[] | Promise<NavRow[]> {
  return item[NAV_CHILDREN] ?? childrenLoader(ctx).load(item.id);
}

// ---------------------------------------------------------------------------------------------
// Admin writes
// ---------------------------------------------------------------------------------------------

const ROLES = ["ADMIN", "MODERATOR", "CREATOR", "MEMBER"] as const;

const navFields = {
  label: z.string().trim().min(1, "must not be empty").max(100),
  url: z.string().trim().min(1, "must not be empty").max(2000),
  isExternal: z.boolean(),
  icon: z.string().trim().max(100).nullish(),
  visibleToRoles: z.array(z.enum(ROLES)).max(4),
  requiresAuth: z.boolean(),
  isActive: z.boolean(),
  position: z.number().int().min(0, "must be 0 or more"),
  parentId: z.string().uuid().nullable(),
};

function checkUrl(url: string, isExternal: boolean) {
  const r = (isExternal ? httpUrl : internalPath).safeParse(url);
  if (!r.success) throw errors.badInput("url", isExternal ? "must be an absolute http(s) URL for an external link" : "must be a path starting with / for an internal link");
}

const createSchema = z.object({
  ...navFields,
  isExternal: navFields.isExternal.default(false),
  visibleToRoles: navFields.visibleToRoles.default([]),
  requiresAuth: navFields.requiresAuth.default(false),
  isActive: navFields.isActive.default(true),
  position: navFields.position.optional(),
  parentId: navFields.parentId.optional(),
});
const updateSchema = z.object(navFields).partial();

export type CreateNavItemInput = z.input<typeof createSchema>;
export type UpdateNavItemInput = z.input<typeof updateSchema>;

async function siblingIds(tx: Tx, parentId: string | null, except?: string): Promise<string[]> {
  const rows = await tx.navItem.findMany({ where: { parentId, ...(except ? { id: { not: except } } : {}) }, orderBy: ORDER, select: { id: true } });
  return rows.map((r) => r.id);
}

function snapshot(item: NavItem) {
  const { id: _id, createdAt: _c, updatedAt: _u, ...rest } = item;
  return rest;
}

export async function createNavItem(ctx: Context, input: CreateNavItemInput): Promise<string> {
  const d = parseInput(createSchema, input);
  checkUrl(d.url, d.isExternal);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const parentId = d.parentId ?? null;
    if (parentId && !(await tx.navItem.findUnique({ where: { id: parentId }, select: { id: true } }))) throw errors.notFound("Parent nav item");
    const siblings = await siblingIds(tx, parentId);
    const item = await tx.navItem.create({
      data: {
        parentId,
        label: d.label,
        url: d.url,
        isExternal: d.isExternal,
        icon: d.icon ?? null,
        visibleToRoles: d.visibleToRoles as Role[],
        requiresAuth: d.requiresAuth,
        isActive: d.isActive,
        position: siblings.length,
      },
    });
    await applyOrder(tx, "nav_items", insertAt(siblings, item.id, d.position), now);
    await recordAudit(tx, ctx, { action: "nav_item.create", entityType: "NavItem", entityId: item.id, newValues: { ...snapshot(item), position: d.position ?? siblings.length } });
    return item.id;
  });
}

/** Ancestors of `startId` (itself included), walked in memory from one read of the parent links. */
async function ancestorsOf(tx: Tx, startId: string): Promise<Set<string>> {
  const links = new Map((await tx.navItem.findMany({ select: { id: true, parentId: true } })).map((r) => [r.id, r.parentId]));
  const seen = new Set<string>();
  for (let cur: string | null | undefined = startId; cur && !seen.has(cur); cur = links.get(cur)) seen.add(cur);
  return seen;
}

export async function updateNavItem(ctx: Context, id: string, input: UpdateNavItemInput): Promise<string> {
  const d = parseInput(updateSchema, input);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.navItem.findUnique({ where: { id } });
    if (!before) throw errors.notFound("Nav item", id);
    checkUrl(d.url ?? before.url, d.isExternal ?? before.isExternal);
    const moving = d.parentId !== undefined && d.parentId !== before.parentId;
    if (moving && d.parentId) {
      if (!(await tx.navItem.findUnique({ where: { id: d.parentId }, select: { id: true } }))) throw errors.notFound("Parent nav item");
      if ((await ancestorsOf(tx, d.parentId)).has(id)) throw errors.badInput("parentId", "would put the item inside its own subtree");
    }
    const { position, parentId, ...fields } = d;
    await tx.navItem.update({
      where: { id },
      data: { ...fields, visibleToRoles: fields.visibleToRoles as Role[] | undefined, ...(moving ? { parentId: parentId ?? null } : {}) },
    });
    if (moving) await applyOrder(tx, "nav_items", await siblingIds(tx, before.parentId, id), now);
    if (moving || position !== undefined) {
      const targetParent = moving ? parentId ?? null : before.parentId;
      const others = await siblingIds(tx, targetParent, id);
      await applyOrder(tx, "nav_items", insertAt(others, id, position ?? (moving ? undefined : before.position)), now);
    }
    const final = await tx.navItem.findUniqueOrThrow({ where: { id } });
    await recordAudit(tx, ctx, { action: "nav_item.update", entityType: "NavItem", entityId: id, ...changedValues(before, snapshot(final)) });
    return id;
  });
}

export async function deleteNavItem(ctx: Context, id: string): Promise<string> {
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.navItem.findUnique({ where: { id } });
    if (!before) throw errors.notFound("Nav item", id);
    const links = await tx.navItem.findMany({ select: { id: true, parentId: true } });
    const subtree = new Set([id]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const l of links) if (l.parentId && subtree.has(l.parentId) && !subtree.has(l.id)) (subtree.add(l.id), (grew = true));
    }
    await tx.navItem.delete({ where: { id } }); // children cascade
    await applyOrder(tx, "nav_items", await siblingIds(tx, before.parentId), now);
    await recordAudit(tx, ctx, {
      action: "nav_item.delete",
      entityType: "NavItem",
      entityId: id,
      oldValues: { ...snapshot(before), deletedDescendantIds: [...subtree].filter((x) => x !== id) },
    });
    return id;
  });
}

export async function reorderNavItems(ctx: Context, parentId: string | null, ids: string[]): Promise<string[]> {
  if (parentId && !(await ctx.prisma.navItem.findUnique({ where: { id: parentId }, select: { id: true } }))) throw errors.notFound("Parent nav item");
  return reorderList(ctx, { table: "nav_items", entityType: "NavItem", action: "nav_item.reorder", parentId, siblings: (tx) => siblingIds(tx, parentId) }, ids);
}
