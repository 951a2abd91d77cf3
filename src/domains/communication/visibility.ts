// One where-clause per model of the communication domain.
import type { Prisma } from "../../generated/prisma/client.ts";
import { isAdmin, type Viewer } from "../../core/context.ts";

const NOTHING = { id: { in: [] as string[] } };

/**
 * Private messages: only their sender and their recipient read them, each until they delete
 * their own copy. Deliberately NOT widened for admins: correspondence stays private.
 */
export function emailMessageWhereFor(viewer: Viewer | null): Prisma.EmailMessageWhereInput {
  if (!viewer) return NOTHING;
  return {
    OR: [
      { senderId: viewer.id, deletedBySenderAt: null },
      { recipientId: viewer.id, deletedByRecipientAt: null },
    ],
  };
}

/**
 * A user's own notifications that have not expired. Personal inbox state, so admins get the same
 * rule (an expired notification is gone for everyone; the purge job deletes it).
 */
export function notificationWhereFor(viewer: Viewer | null, now: Date): Prisma.NotificationWhereInput {
  if (!viewer) return NOTHING;
  return { userId: viewer.id, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] };
}

/** Templates and the outbox log are for admins only. */
export function emailTemplateWhereFor(viewer: Viewer | null): Prisma.EmailTemplateWhereInput {
  return isAdmin(viewer) ? {} : NOTHING;
}

export function emailLogWhereFor(viewer: Viewer | null): Prisma.EmailLogWhereInput {
  return isAdmin(viewer) ? {} : NOTHING;
}
