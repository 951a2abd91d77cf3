// Password reset and e-mail verification by mailed link. The link carries a random token; only
// its SHA-256 is stored, it expires, and it can be used once. The token appears in exactly one
// place: the body of the queued e-mail (email_logs, the outbox). Never in a log line, an error,
// an audit row or the graph.
import { z } from "zod";
import { transaction, type Tx, publishAfterCommit } from "../../core/tx.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { queueEmail } from "../../core/outbox.ts";
import { emailSchema, parseInput, passwordSchema } from "../../core/validation.ts";
import { clearPasswordAttempts, withinLimit } from "./limits.ts";
import { hashPassword } from "./passwords.ts";
import { hashToken, randomToken } from "./tokens.ts";

/** Reset mails per address per hour beyond which requests are accepted but nothing is sent. */
export const RESET_MAILS_PER_EMAIL_PER_HOUR = 3;
/** Reset requests per client IP per hour beyond which the answer is RATE_LIMITED. */
export const RESET_REQUESTS_PER_IP_PER_HOUR = 20;
/** Verification mails a signed-in user may ask for per hour. */
export const VERIFICATION_MAILS_PER_USER_PER_HOUR = 5;

function link(ctx: Context, path: string, token: string): string {
  return `${ctx.config.PUBLIC_APP_URL.replace(/\/+$/, "")}${path}?token=${encodeURIComponent(token)}`;
}

const INVALID_LINK = () => errors.badInput("token", "The link is invalid, expired or already used.");

/**
 * Always answers true (for a well-formed address), whether or not an account exists, so the
 * answer reveals nothing. Both paths run one transaction with an audit row; only a real account
 * gets a token and a queued mail.
 */
export async function requestPasswordReset(ctx: Context, rawEmail: string): Promise<boolean> {
  const { email } = parseInput(z.object({ email: emailSchema }), { email: rawEmail });
  if (!(await withinLimit(ctx, `reset:ip:${ctx.ip ?? "unknown"}`, RESET_REQUESTS_PER_IP_PER_HOUR, 3600))) {
    throw errors.rateLimited(3600, "Too many password reset requests from this address. Try again later.");
  }
  const user = await ctx.prisma.user.findFirst({ where: { email, deletedAt: null }, select: { id: true, email: true } });
  const send = user ? await withinLimit(ctx, `reset:email:${hashToken(email)}`, RESET_MAILS_PER_EMAIL_PER_HOUR, 3600) : false;
  const now = ctx.services.clock();
  const expiresAt = new Date(now.getTime() + ctx.config.PASSWORD_RESET_TTL_MINUTES * 60_000);
  await transaction(ctx.prisma, async (tx) => {
    let tokenId: string | null = null;
    if (user && send) {
      const token = randomToken();
      const row = await tx.passwordResetToken.create({
        data: { userId: user.id, tokenHash: hashToken(token), expiresAt, ipAddress: ctx.ip },
        select: { id: true },
      });
      tokenId = row.id;
      await queueEmail(tx, {
        to: user.email,
        userId: user.id,
        emailType: "password_reset",
        subject: "Reset your password",
        text: [
          "Someone (hopefully you) asked to reset the password of your account.",
          "",
          `Choose a new password here: ${link(ctx, "/reset-password", token)}`,
          "",
          `The link works once and expires in ${ctx.config.PASSWORD_RESET_TTL_MINUTES} minutes.`,
          "If you did not ask for this, ignore this e-mail: your password stays as it is.",
        ].join("\n"),
      });
    }
    await recordAudit(tx, ctx, {
      action: "auth.password_reset_request",
      entityType: "PasswordResetToken",
      entityId: tokenId,
      actorId: user?.id ?? null,
      newValues: { mailed: tokenId !== null },
    });
  });
  return true;
}

/** Spends a reset token: sets the new password and revokes every session of the account. */
export async function resetPassword(ctx: Context, input: { token: string; newPassword: string }): Promise<boolean> {
  const { newPassword } = parseInput(z.object({ newPassword: passwordSchema }), { newPassword: input.newPassword });
  const tokenHash = hashToken(String(input.token ?? ""));
  const now = ctx.services.clock();
  const valid = { tokenHash, usedAt: null, expiresAt: { gt: now }, user: { deletedAt: null } } as const;
  // Cheap check first so an invalid token costs no password hashing.
  const found = await ctx.prisma.passwordResetToken.findFirst({ where: valid, select: { id: true } });
  if (!found) throw INVALID_LINK();
  const passwordHash = await hashPassword(newPassword);
  const email = await transaction(ctx.prisma, async (tx) => {
    const row = await tx.passwordResetToken.findFirst({ where: valid, select: { id: true, userId: true, user: { select: { email: true } } } });
    if (!row) throw INVALID_LINK();
    // Guarded: of two concurrent uses only one spends the token.
    const spent = await tx.passwordResetToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw INVALID_LINK();
    await tx.passwordResetToken.updateMany({ where: { userId: row.userId, usedAt: null }, data: { usedAt: now } });
    await tx.user.update({ where: { id: row.userId }, data: { passwordHash } });
    const revoked = await tx.authSession.updateMany({ where: { userId: row.userId, revokedAt: null }, data: { revokedAt: now, revokeReason: "password_reset" } });
    publishAfterCommit(tx, "sessionRevoked", row.userId, { reason: "password_reset" });
    await recordAudit(tx, ctx, {
      action: "user.password_reset",
      entityType: "User",
      entityId: row.userId,
      actorId: row.userId,
      newValues: { sessionRowsRevoked: revoked.count },
    });
    return row.user.email;
  });
  await clearPasswordAttempts(ctx, email);
  return true;
}

/** Creates a verification token for the user's current address and queues the mail (inside `tx`). */
export async function queueEmailVerification(tx: Tx, ctx: Context, user: { id: string; email: string }): Promise<void> {
  const token = randomToken();
  const hours = ctx.config.EMAIL_VERIFICATION_TTL_HOURS;
  await tx.emailVerificationToken.create({
    data: { userId: user.id, email: user.email, tokenHash: hashToken(token), expiresAt: new Date(ctx.services.clock().getTime() + hours * 3_600_000) },
  });
  await queueEmail(tx, {
    to: user.email,
    userId: user.id,
    emailType: "email_verification",
    subject: "Confirm your e-mail address",
    text: [
      "Confirm that this is your e-mail address:",
      "",
      link(ctx, "/verify-email", token),
      "",
      `The link works once and expires in ${hours} hours.`,
    ].join("\n"),
  });
}

/** Mails a new verification link to the signed-in viewer. Already verified → CONFLICT. */
export async function requestEmailVerification(ctx: Context): Promise<boolean> {
  if (!ctx.viewer) throw errors.unauthenticated();
  const user = await ctx.prisma.user.findFirst({ where: { id: ctx.viewer.id, deletedAt: null }, select: { id: true, email: true, emailVerifiedAt: true } });
  if (!user) throw errors.unauthenticated("The account no longer exists.");
  if (user.emailVerifiedAt) throw errors.conflict("ALREADY_VERIFIED", "This e-mail address is already verified.");
  if (!(await withinLimit(ctx, `verify:user:${user.id}`, VERIFICATION_MAILS_PER_USER_PER_HOUR, 3600))) {
    throw errors.rateLimited(3600, "Too many verification e-mails. Try again later.");
  }
  await transaction(ctx.prisma, async (tx) => {
    await queueEmailVerification(tx, ctx, user);
    await recordAudit(tx, ctx, { action: "user.email_verification_request", entityType: "User", entityId: user.id });
  });
  return true;
}

/**
 * Spends a verification token (no sign-in needed: the link may be opened anywhere). The token
 * must be for the account's CURRENT address.
 */
export async function verifyEmail(ctx: Context, token: string): Promise<boolean> {
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const row = await tx.emailVerificationToken.findFirst({
      where: { tokenHash: hashToken(String(token ?? "")), usedAt: null, expiresAt: { gt: now }, user: { deletedAt: null } },
      select: { id: true, email: true, userId: true, user: { select: { email: true, emailVerifiedAt: true } } },
    });
    if (!row || row.email !== row.user.email) throw INVALID_LINK();
    const spent = await tx.emailVerificationToken.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
    if (spent.count !== 1) throw INVALID_LINK();
    const verifiedAt = row.user.emailVerifiedAt ?? now;
    await tx.user.update({ where: { id: row.userId }, data: { emailVerifiedAt: verifiedAt } });
    await recordAudit(tx, ctx, {
      action: "user.email_verify",
      entityType: "User",
      entityId: row.userId,
      actorId: row.userId,
      oldValues: { emailVerifiedAt: row.user.emailVerifiedAt },
      newValues: { emailVerifiedAt: verifiedAt },
    });
  });
  return true;
}
