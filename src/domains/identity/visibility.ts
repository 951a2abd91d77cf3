// Which users a viewer may load: every live account's public card; admins also deleted ones.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../server/context.ts";

export function userWhereFor(viewer: Viewer | null): Prisma.UserWhereInput {
  return isAdmin(viewer) ? {} : { deletedAt: null };
}
