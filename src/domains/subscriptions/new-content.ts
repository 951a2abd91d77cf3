// NEW_CONTENT notifications: when a creator publishes an item, every live subscriber of one of
// that creator's own tiers (subscription_tiers.creator_id) hears about it. The graph has no
// "follow" relation (the seeds' follower counts are the external platforms' numbers), so a
// creator's audience is its subscribers.
//
// A queued job, not the publish transaction: a creator with many subscribers would otherwise make
// publishing slow and its transaction large. The job is bounded and idempotent:
//  - it looks only at items published in the last FANOUT_WINDOW_HOURS (older items, e.g. imported
//    ones, are never announced), that are PUBLIC, MEMBERS_ONLY or PURCHASED_ONLY (not PRIVATE or
//    UNLISTED) and not deleted;
//  - recipients are walked in user-id order, FANOUT_BATCH per transaction; the batch's
//    notifications and the cursor move (content_notification_fanouts) commit together, so a crash
//    repeats nothing; the progress row is locked (FOR UPDATE) so two workers never send a batch twice;
//  - at most FANOUT_MAX_PER_RUN notifications per run; the rest go out on the next runs;
//  - one progress row per item: unpublishing and publishing again announces nothing new.
// notify() applies each recipient's NEW_CONTENT preference.
import type { Job, JobRuntime } from "../../core/jobs.ts";
import { notify } from "../../core/outbox.ts";
import { LIVE_STATUSES } from "../../core/subscription-status.ts";
import { transaction } from "../../core/tx.ts";

export const FANOUT_WINDOW_HOURS = 48;
export const FANOUT_BATCH = 200;
export const FANOUT_MAX_PER_RUN = 2000;
const ITEMS_PER_RUN = 50;

interface PendingItem {
  id: string;
  creator_id: string;
  title: string;
  slug: string;
}

/** Announces recently published items to their creators' subscribers; returns what it did. */
export async function fanOutNewContent(rt: JobRuntime, now: Date): Promise<{ items: number; notified: number; completed: number }> {
  const prisma = rt.db.prisma;
  const since = new Date(now.getTime() - FANOUT_WINDOW_HOURS * 3_600_000);
  const pending = await prisma.$queryRaw<PendingItem[]>`
    SELECT c.id, c.creator_id, c.title, c.slug
      FROM content c
      LEFT JOIN content_notification_fanouts f ON f.content_id = c.id
     WHERE c.status = 'PUBLISHED' AND c.deleted_at IS NULL
       AND c.visibility::text IN ('PUBLIC', 'MEMBERS_ONLY', 'PURCHASED_ONLY')
       AND c.published_at > ${since} AND c.published_at <= ${now}
       AND f.completed_at IS NULL
       AND EXISTS (SELECT 1 FROM subscription_tiers t WHERE t.creator_id = c.creator_id)
     ORDER BY c.published_at, c.id
     LIMIT ${ITEMS_PER_RUN}`;
  let notified = 0;
  let completed = 0;
  for (const item of pending) {
    while (notified < FANOUT_MAX_PER_RUN) {
      const r = await fanOutBatch(rt, item, now, Math.min(FANOUT_BATCH, FANOUT_MAX_PER_RUN - notified));
      notified += r.notified;
      if (r.done) {
        completed++;
        break;
      }
    }
    if (notified >= FANOUT_MAX_PER_RUN) break;
  }
  return { items: pending.length, notified, completed };
}

async function fanOutBatch(rt: JobRuntime, item: PendingItem, now: Date, size: number): Promise<{ notified: number; done: boolean }> {
  return transaction(rt.db.prisma, async (tx) => {
    await tx.$executeRaw`
      INSERT INTO content_notification_fanouts (content_id, creator_id, created_at, updated_at)
      VALUES (${item.id}::uuid, ${item.creator_id}::uuid, now(), now())
      ON CONFLICT (content_id) DO NOTHING`;
    const [progress] = await tx.$queryRaw<{ cursor_user_id: string | null; completed_at: Date | null }[]>`
      SELECT cursor_user_id, completed_at FROM content_notification_fanouts WHERE content_id = ${item.id}::uuid FOR UPDATE`;
    if (progress.completed_at) return { notified: 0, done: true };
    const recipients = await tx.$queryRaw<{ user_id: string }[]>`
      SELECT DISTINCT s.user_id
        FROM subscriptions s JOIN subscription_tiers t ON t.id = s.tier_id
       WHERE t.creator_id = ${item.creator_id}::uuid
         AND s.status::text = ANY(${LIVE_STATUSES as unknown as string[]}::text[])
         AND s.current_period_end > ${now}
         AND s.user_id <> ${item.creator_id}::uuid
         AND (${progress.cursor_user_id}::uuid IS NULL OR s.user_id > ${progress.cursor_user_id}::uuid)
       ORDER BY s.user_id
       LIMIT ${size}`;
    const creator = await tx.user.findUnique({ where: { id: item.creator_id }, select: { creatorProfile: { select: { displayName: true } } } });
    const by = creator?.creatorProfile?.displayName ?? "A creator you subscribe to";
    for (const r of recipients) {
      await notify(tx, {
        userId: r.user_id,
        type: "NEW_CONTENT",
        title: `New from ${by}: ${item.title}`,
        message: `${by} published "${item.title}".`,
        actionUrl: `/content/${item.slug}`,
        actionLabel: "Open",
        relatedEntityType: "Content",
        relatedEntityId: item.id,
        metadata: { creatorId: item.creator_id },
      });
    }
    const done = recipients.length < size;
    await tx.contentFanout.update({
      where: { contentId: item.id },
      data: {
        cursorUserId: recipients.length ? recipients[recipients.length - 1].user_id : progress.cursor_user_id,
        notifiedCount: { increment: recipients.length },
        completedAt: done ? now : null,
      },
    });
    return { notified: recipients.length, done };
  });
}

export const newContentJob: Job = {
  name: "subscriptions.new-content-notifications",
  everySeconds: 60,
  run: (rt) => fanOutNewContent(rt, rt.services.clock()),
};
