// Small pieces every paid flow shares: the signed-in buyer, idempotency keys, "is this the
// platform's own item", and the receipt (in-app notification + e-mail) written in the same
// transaction as the transition that caused it.
import { z } from "zod";
import type { Tx } from "../../core/tx.ts";
import type { DbClient } from "../../db/client.ts";
import type { NotificationType } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { notify } from "../../core/outbox.ts";
import { queueEmail } from "../../core/outbox.ts";
import { idempotencyKeySchema, parseInput } from "../../core/validation.ts";

export { requireViewer } from "../../core/context.ts";


export function parseIdempotencyKey(key: string): string {
  return parseInput(z.object({ idempotencyKey: idempotencyKeySchema }), { idempotencyKey: key }).idempotencyKey;
}

/** Platform items are created by a user holding the ADMIN role now: no platform fee is taken on them. */
export async function isPlatformOwner(db: DbClient | Tx, userId: string, now: Date): Promise<boolean> {
  const n = await db.userRole.count({
    where: { userId, role: "ADMIN", revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
  });
  return n > 0;
}

export interface Receipt {
  userId: string;
  type: NotificationType;
  emailType: string;
  title: string;
  message: string;
  relatedEntityType: string;
  relatedEntityId: string;
  /** Also e-mail it (receipts, refunds); in-app only otherwise. */
  email?: boolean;
}

export async function sendReceipt(tx: Tx, r: Receipt): Promise<void> {
  await notify(tx, {
    userId: r.userId,
    type: r.type,
    title: r.title,
    message: r.message,
    relatedEntityType: r.relatedEntityType,
    relatedEntityId: r.relatedEntityId,
  });
  if (r.email === false) return;
  const user = await tx.user.findUnique({ where: { id: r.userId }, select: { email: true, deletedAt: true } });
  if (!user || user.deletedAt) return;
  await queueEmail(tx, { to: user.email, userId: r.userId, emailType: r.emailType, subject: r.title, text: r.message });
}
