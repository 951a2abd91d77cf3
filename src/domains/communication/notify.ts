// In-app notifications, created by the domains in their own transactions (comment reply,
// purchase receipt, booking reminder, credits expiring, subscription past due, …). A user who
// switched a type off for the in-app channel (user_settings.notification_preferences, e.g.
// { "COMMENT_REPLY": { "inApp": false } }) gets none of that type; SYSTEM notices always go out.
import type { Tx } from "../../core/tx.ts";
import type { NotificationType, Prisma } from "../../generated/prisma/client.ts";

export interface NewNotification {
  userId: string;
  type: NotificationType;
  title: string;
  message: string;
  actionUrl?: string | null;
  actionLabel?: string | null;
  relatedEntityType?: string | null;
  relatedEntityId?: string | null;
  metadata?: Prisma.InputJsonValue;
  expiresAt?: Date | null;
}

export async function notify(tx: Tx, n: NewNotification): Promise<void> {
  if (n.type !== "SYSTEM") {
    const settings = await tx.userSettings.findUnique({ where: { userId: n.userId }, select: { notificationPreferences: true } });
    const prefs = settings?.notificationPreferences as Record<string, { inApp?: boolean } | undefined> | null | undefined;
    if (prefs?.[n.type]?.inApp === false) return;
  }
  await tx.notification.create({
    data: {
      userId: n.userId,
      type: n.type,
      title: n.title.slice(0, 500),
      message: n.message,
      actionUrl: n.actionUrl ?? null,
      actionLabel: n.actionLabel ?? null,
      relatedEntityType: n.relatedEntityType ?? null,
      relatedEntityId: n.relatedEntityId ?? null,
      metadata: n.metadata ?? {},
      expiresAt: n.expiresAt ?? null,
    },
  });
}
