// In-app notifications, created by the domains in their own transactions (comment reply,
// purchase receipt, booking reminder, credits expiring, subscription past due, …).
import type { Tx } from "../../db/tx.ts";
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
