// Seed 003: "email verification required before purchase". Every flow that moves a member's
// money (purchases, tips, subscriptions, bookings) calls this first; PURCHASE_REQUIRES_VERIFIED_EMAIL
// (default true) turns it off for platforms that do not verify addresses.
import type { AppConfig } from "../../core/config.ts";
import type { DbClient } from "../../db/client.ts";
import { requireViewer, type Viewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";

export async function requireVerifiedEmail(ctx: { config: Pick<AppConfig, "PURCHASE_REQUIRES_VERIFIED_EMAIL">; prisma: DbClient; viewer: Viewer | null }): Promise<void> {
  const viewer = requireViewer(ctx);
  if (!ctx.config.PURCHASE_REQUIRES_VERIFIED_EMAIL) return;
  const user = await ctx.prisma.user.findUnique({ where: { id: viewer.id }, select: { emailVerifiedAt: true } });
  if (!user?.emailVerifiedAt) {
    throw errors.forbidden("Verify your e-mail address before paying: open the link we sent you, or ask for a new one with requestEmailVerification.", "EMAIL_NOT_VERIFIED");
  }
}
