// One where-clause per model of the site content domain. Published cards, their steps and
// published timeline items are public; drafts and archived rows only for admins. Form
// submissions are admin-only (the public writes them, never reads them back).
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

export function resourceCardWhereFor(viewer: Viewer | null): Prisma.ResourceCardWhereInput {
  return isAdmin(viewer) ? {} : { status: "PUBLISHED" };
}

export function resourceStepWhereFor(viewer: Viewer | null): Prisma.ResourceStepWhereInput {
  return isAdmin(viewer) ? {} : { card: resourceCardWhereFor(viewer) };
}

export function timelineItemWhereFor(viewer: Viewer | null): Prisma.TimelineItemWhereInput {
  return isAdmin(viewer) ? {} : { status: "PUBLISHED" };
}

export function formSubmissionWhereFor(viewer: Viewer | null): Prisma.FormSubmissionWhereInput {
  return isAdmin(viewer) ? {} : { id: { in: [] } };
}
