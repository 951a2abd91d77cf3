// SEO where-clauses: search engines are a public lookup (active ones; admins all); a search
// engine connection and its submissions are private to their owner (admins see all).
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

export function searchEngineWhereFor(viewer: Viewer | null): Prisma.SearchEngineWhereInput {
  return isAdmin(viewer) ? {} : { isActive: true };
}

export function seoConnectionWhereFor(viewer: Viewer | null): Prisma.SeoConnectionWhereInput {
  if (isAdmin(viewer)) return {};
  return viewer ? { userId: viewer.id } : { id: { in: [] } };
}

export function seoSubmissionWhereFor(viewer: Viewer | null): Prisma.SeoSubmissionWhereInput {
  return isAdmin(viewer) ? {} : { connection: seoConnectionWhereFor(viewer) };
}
