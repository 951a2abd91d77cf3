// The audit trail and the cache store are admin-only.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

export function auditLogWhereFor(viewer: Viewer | null): Prisma.AuditLogWhereInput {
  return isAdmin(viewer) ? {} : { id: { in: [] } };
}

export function cacheEntryWhereFor(viewer: Viewer | null): Prisma.CacheEntryWhereInput {
  return isAdmin(viewer) ? {} : { key: { in: [] } };
}
