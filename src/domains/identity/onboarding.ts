// Onboarding state (users.is_onboarded / onboarded_at): a client shows its first-run flow until
// the viewer completes it once.
import { requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { transaction } from "../../core/tx.ts";

/** Marks the viewer onboarded (first time only: completing it again changes nothing). */
export async function completeOnboarding(ctx: Context): Promise<void> {
  const viewer = requireViewer(ctx);
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const done = await tx.user.updateMany({ where: { id: viewer.id, deletedAt: null, isOnboarded: false }, data: { isOnboarded: true, onboardedAt: now } });
    if (done.count === 0) {
      const user = await tx.user.findFirst({ where: { id: viewer.id, deletedAt: null }, select: { id: true } });
      if (!user) throw errors.unauthenticated("The account no longer exists.");
      return;
    }
    await recordAudit(tx, ctx, { action: "user.onboarding_complete", entityType: "User", entityId: viewer.id, oldValues: { isOnboarded: false }, newValues: { isOnboarded: true, onboardedAt: now } });
  });
}
