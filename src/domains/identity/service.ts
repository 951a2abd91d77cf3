// Accounts and sessions. Access tokens are short-lived JWTs; refresh tokens are random, stored
// only as SHA-256 hashes in auth_sessions, rotated on every use. Presenting a refresh token that
// was already rotated is reuse: the whole session family is revoked.
//
// A "session" as a person sees it (a signed-in device) is a refresh-token family: every
// rotation adds a row with the same familyId. Revoking a session revokes its family.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { transaction, isUniqueViolation, type Tx, publishAfterCommit } from "../../core/tx.ts";
import type { Role, UserRole } from "../../generated/prisma/client.ts";
import { type Context, requireViewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit, type AuditActor } from "../../core/audit.ts";
import { beginPasswordAttempt } from "./limits.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { queueEmailVerification } from "./recovery.ts";
import { hashToken, randomToken, signAccessToken } from "./tokens.ts";
import { activeRoleWhere } from "./visibility.ts";

import { emailSchema, parseInput, passwordSchema } from "../../core/validation.ts";

export { hashToken } from "./tokens.ts";

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  userId: string;
  sessionId: string;
}

const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(80).optional(),
});

async function issueTokens(ctx: Context, userId: string, sessionId: string, refreshToken: string, refreshExpiresAt: Date): Promise<AuthPayload> {
  const now = ctx.services.clock();
  const ttl = ctx.config.ACCESS_TOKEN_TTL_SECONDS;
  return {
    accessToken: await signAccessToken({ userId, sessionId }, ctx.config.JWT_SECRET, ttl, now),
    accessTokenExpiresAt: new Date(now.getTime() + ttl * 1000),
    refreshToken,
    refreshTokenExpiresAt: refreshExpiresAt,
    userId,
    sessionId,
  };
}

function refreshExpiry(ctx: Context): Date {
  return new Date(ctx.services.clock().getTime() + ctx.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000);
}

/** A new session family (sign-up, sign-in) for `userId`, recording the device and IP. */
async function startSession(tx: Tx, ctx: Context, userId: string, refreshToken: string, expiresAt: Date) {
  return tx.authSession.create({
    data: { userId, familyId: randomUUID(), refreshTokenHash: hashToken(refreshToken), userAgent: ctx.userAgent?.slice(0, 500) ?? null, ipAddress: ctx.ip, expiresAt },
    select: { id: true },
  });
}

/** Revokes every live row of the user's sessions (optionally keeping one family). */
export async function revokeUserSessions(tx: Tx, userId: string, now: Date, reason: string, keepFamilyId?: string | null): Promise<number> {
  const r = await tx.authSession.updateMany({
    where: { userId, revokedAt: null, ...(keepFamilyId ? { familyId: { not: keepFamilyId } } : {}) },
    data: { revokedAt: now, revokeReason: reason },
  });
  if (r.count > 0) publishAfterCommit(tx, "sessionRevoked", userId, { reason });
  return r.count;
}

export async function signUp(ctx: Context, input: { email: string; password: string; displayName?: string | null }): Promise<AuthPayload> {
  const data = parseInput(signUpSchema, { ...input, displayName: input.displayName ?? undefined });
  const passwordHash = await hashPassword(data.password);
  const refreshToken = randomToken();
  const expiresAt = refreshExpiry(ctx);
  try {
    const { userId, sessionId } = await transaction(ctx.prisma, async (tx) => {
      const user = await tx.user.create({
        data: {
          email: data.email,
          passwordHash,
          fullName: data.displayName ?? null,
          profile: { create: { displayName: data.displayName ?? null } },
          roles: { create: { role: "MEMBER" } },
        },
        select: { id: true, email: true },
      });
      const session = await startSession(tx, ctx, user.id, refreshToken, expiresAt);
      await queueEmailVerification(tx, ctx, user);
      await recordAudit(tx, ctx, { action: "user.sign_up", entityType: "User", entityId: user.id, newValues: { email: data.email }, actorId: user.id });
      return { userId: user.id, sessionId: session.id };
    });
    return issueTokens(ctx, userId, sessionId, refreshToken, expiresAt);
  } catch (e) {
    if (isUniqueViolation(e)) throw errors.conflict("EMAIL_TAKEN", "An account with this e-mail already exists.");
    throw e;
  }
}

const INVALID_CREDENTIALS = () => errors.unauthenticated("Invalid e-mail or password.");

export async function signIn(ctx: Context, input: { email: string; password: string }): Promise<AuthPayload> {
  const email = emailSchema.safeParse(input.email);
  const attempt = await beginPasswordAttempt(ctx, email.success ? email.data : String(input.email ?? ""));
  // Same answer and same work (a hash verification) for unknown e-mails and wrong passwords.
  const user = email.success
    ? await ctx.prisma.user.findFirst({ where: { email: email.data, deletedAt: null }, select: { id: true, passwordHash: true, suspendedAt: true } })
    : null;
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw (await attempt.failed()) ?? INVALID_CREDENTIALS();
  await attempt.succeeded();
  // Only someone who knows the password learns that the account is suspended.
  if (user.suspendedAt) throw errors.accountSuspended();
  const refreshToken = randomToken();
  const expiresAt = refreshExpiry(ctx);
  const session = await transaction(ctx.prisma, async (tx) => {
    const s = await startSession(tx, ctx, user.id, refreshToken, expiresAt);
    await recordAudit(tx, ctx, { action: "auth.sign_in", entityType: "AuthSession", entityId: s.id, actorId: user.id });
    return s;
  });
  return issueTokens(ctx, user.id, session.id, refreshToken, expiresAt);
}

const concurrentRefresh = () => errors.conflict("CONCURRENT_REFRESH", "This refresh token was just used by another request.");

export async function refreshSession(ctx: Context, refreshToken: string): Promise<AuthPayload> {
  const now = ctx.services.clock();
  const presented = hashToken(refreshToken);
  const next = randomToken();
  const expiresAt = refreshExpiry(ctx);
  const result = await transaction(ctx.prisma, async (tx) => {
    const session = await tx.authSession.findUnique({ where: { refreshTokenHash: presented } });
    if (!session) return { error: "invalid" as const };
    // A real session's token of a suspended account: say so (suspension revoked the session).
    const owner = await tx.user.findUnique({ where: { id: session.userId }, select: { suspendedAt: true, deletedAt: true } });
    if (!owner || owner.deletedAt) return { error: "invalid" as const };
    if (owner.suspendedAt) return { error: "suspended" as const };
    if (session.rotatedAt || session.revokedAt) {
      // Presented again just after its rotation: a second request of the same device racing the
      // first (two tabs, a retry), not a stolen copy. The loser gets CONFLICT and the winner's
      // tokens keep working. The window makes this the same on every database: on PostgreSQL the
      // race is usually caught by the guarded update below, while a database that serialises
      // requests (the embedded one) lets the loser in only after the winner committed.
      const graceMs = ctx.config.REFRESH_REUSE_GRACE_SECONDS * 1000;
      if (session.rotatedAt && !session.revokedAt && now.getTime() - session.rotatedAt.getTime() < graceMs) return { error: "concurrent" as const };
      if (session.rotatedAt) {
        // Reuse of a rotated token: somebody holds a stolen copy. Revoke the whole family.
        await tx.authSession.updateMany({
          where: { familyId: session.familyId, revokedAt: null },
          data: { revokedAt: now, revokeReason: "refresh_token_reuse" },
        });
        publishAfterCommit(tx, "sessionRevoked", session.userId, { reason: "refresh_token_reuse" });
        await recordAudit(tx, ctx, { action: "auth.refresh_token_reuse", entityType: "AuthSession", entityId: session.id, actorId: session.userId });
        return { error: "reuse" as const };
      }
      return { error: "invalid" as const };
    }
    if (session.expiresAt <= now) return { error: "invalid" as const };
    const created = await tx.authSession.create({
      data: { userId: session.userId, familyId: session.familyId, refreshTokenHash: hashToken(next), userAgent: ctx.userAgent?.slice(0, 500) ?? null, ipAddress: ctx.ip, expiresAt },
      select: { id: true },
    });
    // Guarded update: of two concurrent refreshes with the same token only one rotates it.
    const rotated = await tx.authSession.updateMany({
      where: { id: session.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: now, lastUsedAt: now, replacedById: created.id },
    });
    if (rotated.count !== 1) throw concurrentRefresh();
    await recordAudit(tx, ctx, { action: "auth.refresh", entityType: "AuthSession", entityId: created.id, actorId: session.userId });
    return { userId: session.userId, sessionId: created.id };
  });
  if ("error" in result) {
    if (result.error === "concurrent") throw concurrentRefresh();
    if (result.error === "suspended") throw errors.accountSuspended();
    throw errors.unauthenticated(result.error === "reuse" ? "This refresh token was already used; the session has been revoked." : "The refresh token is invalid or expired.");
  }
  return issueTokens(ctx, result.userId, result.sessionId, next, expiresAt);
}


export async function signOut(ctx: Context): Promise<boolean> {
  const viewer = requireViewer(ctx);
  if (!viewer.sessionId) return false;
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const session = await tx.authSession.findUnique({ where: { id: viewer.sessionId! }, select: { familyId: true } });
    if (!session) return;
    await tx.authSession.updateMany({ where: { familyId: session.familyId, revokedAt: null }, data: { revokedAt: now, revokeReason: "sign_out" } });
    publishAfterCommit(tx, "sessionRevoked", viewer.id, { reason: "sign_out" });
    await recordAudit(tx, ctx, { action: "auth.sign_out", entityType: "AuthSession", entityId: viewer.sessionId });
  });
  return true;
}

/** Revokes every session of the viewer, this one included. Returns how many were live. */
export async function signOutEverywhere(ctx: Context): Promise<number> {
  const viewer = requireViewer(ctx);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const families = await tx.authSession.findMany({ where: { userId: viewer.id, revokedAt: null, rotatedAt: null, expiresAt: { gt: now } }, select: { familyId: true } });
    const revoked = await revokeUserSessions(tx, viewer.id, now, "sign_out_everywhere");
    if (revoked > 0) {
      await recordAudit(tx, ctx, { action: "auth.sign_out_everywhere", entityType: "User", entityId: viewer.id, newValues: { sessionsRevoked: families.length } });
    }
    return families.length;
  });
}

/** Revokes one of the viewer's sessions (admins: anyone's). Someone else's session is NOT_FOUND. */
export async function revokeSession(ctx: Context, sessionId: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const session = await tx.authSession.findFirst({
      where: { id: sessionId, ...(viewer.roles.has("ADMIN") ? {} : { userId: viewer.id }) },
      select: { id: true, familyId: true, userId: true },
    });
    if (!session) throw errors.notFound("Session", sessionId);
    const r = await tx.authSession.updateMany({ where: { familyId: session.familyId, revokedAt: null }, data: { revokedAt: now, revokeReason: viewer.id === session.userId ? "revoked_by_user" : "revoked_by_admin" } });
    if (r.count > 0) {
      publishAfterCommit(tx, "sessionRevoked", session.userId, { reason: "revoked" });
      await recordAudit(tx, ctx, { action: "auth.session_revoke", entityType: "AuthSession", entityId: session.id, newValues: { userId: session.userId } });
    }
    return true;
  });
}

/** Checks the viewer's password through the brute-force limiter; a wrong one is BAD_USER_INPUT on `field`. */
async function confirmPassword(ctx: Context, userId: string, password: string, field: string) {
  const user = await ctx.prisma.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true, email: true, passwordHash: true } });
  if (!user) throw errors.unauthenticated("The account no longer exists.");
  const attempt = await beginPasswordAttempt(ctx, user.email);
  if (!(await verifyPassword(user.passwordHash, password))) throw (await attempt.failed()) ?? errors.badInput(field, "is incorrect");
  await attempt.succeeded();
  return user;
}

/** Changes the password (the current one is required) and signs out every OTHER session. */
export async function changePassword(ctx: Context, input: { currentPassword: string; newPassword: string }): Promise<boolean> {
  const viewer = requireViewer(ctx);
  const newPassword = parseInput(z.object({ newPassword: passwordSchema }), { newPassword: input.newPassword }).newPassword;
  if (newPassword === input.currentPassword) throw errors.badInput("newPassword", "must differ from the current password");
  const user = await confirmPassword(ctx, viewer.id, input.currentPassword, "currentPassword");
  const passwordHash = await hashPassword(newPassword);
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const current = viewer.sessionId ? await tx.authSession.findUnique({ where: { id: viewer.sessionId }, select: { familyId: true } }) : null;
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const revoked = await revokeUserSessions(tx, user.id, now, "password_change", current?.familyId);
    await recordAudit(tx, ctx, { action: "user.password_change", entityType: "User", entityId: user.id, newValues: { otherSessionRowsRevoked: revoked } });
  });
  return true;
}

/**
 * Other domains register what deleting an account means for their rows (cancel a live
 * subscription, release bookings…). Hooks run inside the deletion transaction with `tx` only.
 */
export type AccountDeletionHook = (tx: Tx, ctx: Context, userId: string, deletedAt: Date) => Promise<void>;
export const ACCOUNT_DELETION_HOOKS: AccountDeletionHook[] = [];

/**
 * Soft-deletes the viewer's account (the password is required). In one transaction:
 * the user row gets deletedAt; every session is revoked; unused reset and verification links
 * are spent; the stories, content, series and comments they authored are soft-deleted with the
 * SAME timestamp (so hidden with their children, exactly as the seeds' soft-delete cascade, and
 * restorable together); purchases, payments, tips, credit ledger and audit rows are kept.
 */
export async function deleteAccount(ctx: Context, password: string): Promise<boolean> {
  const viewer = requireViewer(ctx);
  const user = await confirmPassword(ctx, viewer.id, password, "password");
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const done = await tx.user.updateMany({ where: { id: user.id, deletedAt: null }, data: { deletedAt: now } });
    if (done.count !== 1) throw errors.unauthenticated("The account no longer exists.");
    const sessions = await revokeUserSessions(tx, user.id, now, "account_deleted");
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.emailVerificationToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    const stories = await tx.story.updateMany({ where: { creatorId: user.id, deletedAt: null }, data: { deletedAt: now } });
    const content = await tx.content.updateMany({ where: { creatorId: user.id, deletedAt: null }, data: { deletedAt: now } });
    const series = await tx.contentSeries.updateMany({ where: { creatorId: user.id, deletedAt: null }, data: { deletedAt: now } });
    const comments = await tx.comment.updateMany({ where: { authorId: user.id, deletedAt: null }, data: { deletedAt: now } });
    for (const hook of ACCOUNT_DELETION_HOOKS) await hook(tx, ctx, user.id, now);
    await recordAudit(tx, ctx, {
      action: "user.delete",
      entityType: "User",
      entityId: user.id,
      oldValues: { deletedAt: null },
      newValues: { deletedAt: now, sessionRowsRevoked: sessions, stories: stories.count, content: content.count, series: series.count, comments: comments.count },
    });
  });
  return true;
}

/** Admin: undoes deleteAccount — the user and exactly the rows its cascade soft-deleted. */
export async function restoreAccount(ctx: Context, userId: string): Promise<void> {
  await transaction(ctx.prisma, async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, deletedAt: true } });
    if (!user) throw errors.notFound("User", userId);
    if (!user.deletedAt) throw errors.conflict("NOT_DELETED", "This account is not deleted.");
    const at = user.deletedAt;
    await tx.user.update({ where: { id: user.id }, data: { deletedAt: null } });
    const stories = await tx.story.updateMany({ where: { creatorId: user.id, deletedAt: at }, data: { deletedAt: null } });
    const content = await tx.content.updateMany({ where: { creatorId: user.id, deletedAt: at }, data: { deletedAt: null } });
    const series = await tx.contentSeries.updateMany({ where: { creatorId: user.id, deletedAt: at }, data: { deletedAt: null } });
    const comments = await tx.comment.updateMany({ where: { authorId: user.id, deletedAt: at }, data: { deletedAt: null } });
    await recordAudit(tx, ctx, {
      action: "user.restore",
      entityType: "User",
      entityId: user.id,
      oldValues: { deletedAt: at },
      newValues: { deletedAt: null, stories: stories.count, content: content.count, series: series.count, comments: comments.count },
    });
  });
}

/** Admin: grants `role` to a live user, optionally until `expiresAt` (re-granting updates the expiry). */
export async function grantRole(ctx: Context, input: { userId: string; role: Role; expiresAt?: Date | null }): Promise<void> {
  const admin = requireViewer(ctx);
  const expiresAt = input.expiresAt ?? null;
  const now = ctx.services.clock();
  if (expiresAt && expiresAt <= now) throw errors.badInput("expiresAt", "must be in the future");
  await transaction(ctx.prisma, async (tx) => {
    const user = await tx.user.findFirst({ where: { id: input.userId, deletedAt: null }, select: { id: true } });
    if (!user) throw errors.notFound("User", input.userId);
    const before = await tx.userRole.findUnique({ where: { userId_role: { userId: user.id, role: input.role } } });
    await writeRoleGrant(tx, ctx, { userId: user.id, role: input.role, grantedById: admin.id, expiresAt, now, before });
  });
}

/**
 * Writes a grant of `role` (a new row, or the existing one renewed and un-revoked) with its
 * role.grant audit row; `before` is the row as the caller read it (null: none). Used by grantRole
 * and by `npm run admin:create` (first-admin.ts), whose audit row also names how (`via`).
 */
export async function writeRoleGrant(
  tx: Tx,
  actor: AuditActor,
  g: { userId: string; role: Role; grantedById: string | null; expiresAt: Date | null; now: Date; before: UserRole | null; via?: string },
): Promise<void> {
  const row = await tx.userRole.upsert({
    where: { userId_role: { userId: g.userId, role: g.role } },
    create: { userId: g.userId, role: g.role, grantedById: g.grantedById, grantedAt: g.now, expiresAt: g.expiresAt },
    update: { grantedById: g.grantedById, grantedAt: g.now, expiresAt: g.expiresAt, revokedAt: null },
  });
  const before = g.before;
  await recordAudit(tx, actor, {
    action: "role.grant",
    entityType: "UserRole",
    entityId: row.id,
    oldValues: before ? { role: before.role, userId: before.userId, expiresAt: before.expiresAt, revokedAt: before.revokedAt } : null,
    newValues: { role: row.role, userId: row.userId, expiresAt: row.expiresAt, ...(g.via ? { via: g.via } : {}) },
  });
}

/** Admin: revokes a role grant in force. No such grant → NOT_FOUND. An admin cannot drop their own ADMIN. */
export async function revokeRole(ctx: Context, input: { userId: string; role: Role }): Promise<void> {
  const admin = requireViewer(ctx);
  if (input.userId === admin.id && input.role === "ADMIN") {
    throw errors.conflict("OWN_ADMIN_ROLE", "You cannot revoke your own ADMIN role; ask another admin.");
  }
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const row = await tx.userRole.findFirst({ where: { userId: input.userId, role: input.role, ...activeRoleWhere(now) } });
    if (!row) throw errors.notFound("Role grant");
    await tx.userRole.update({ where: { id: row.id }, data: { revokedAt: now } });
    await recordAudit(tx, ctx, {
      action: "role.revoke",
      entityType: "UserRole",
      entityId: row.id,
      oldValues: { role: row.role, userId: row.userId, expiresAt: row.expiresAt, revokedAt: null },
      newValues: { revokedAt: now },
    });
  });
}
