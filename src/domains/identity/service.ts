// Accounts and sessions. Access tokens are short-lived JWTs; refresh tokens are random, stored
// only as SHA-256 hashes in auth_sessions, rotated on every use. Presenting a refresh token that
// was already rotated is reuse: the whole session family is revoked.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { transaction, isUniqueViolation } from "../../db/tx.ts";
import type { Context } from "../../server/context.ts";
import { errors } from "../../server/errors.ts";
import { recordAudit } from "../audit/audit.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { signAccessToken } from "./tokens.ts";

export interface AuthPayload {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  userId: string;
  sessionId: string;
}

export const emailSchema = z.string().trim().toLowerCase().email("must be a valid e-mail address").max(254);
export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters")
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), "must contain letters and digits");

const signUpSchema = z.object({
  email: emailSchema,
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(80).optional(),
});

/** Parses input with zod; the first issue becomes BAD_USER_INPUT naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ field: i.path.join(".") || "input", message: i.message }));
  throw errors.badInput(issues[0].field, issues[0].message, issues);
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

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

export async function signUp(ctx: Context, input: { email: string; password: string; displayName?: string | null }): Promise<AuthPayload> {
  const data = parseInput(signUpSchema, { ...input, displayName: input.displayName ?? undefined });
  const passwordHash = await hashPassword(data.password);
  const refreshToken = newRefreshToken();
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
        select: { id: true },
      });
      const session = await tx.authSession.create({
        data: { userId: user.id, familyId: randomUUID(), refreshTokenHash: hashToken(refreshToken), userAgent: ctx.userAgent, ipAddress: ctx.ip, expiresAt },
        select: { id: true },
      });
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
  // Same answer and same work (a hash verification) for unknown e-mails and wrong passwords.
  const user = email.success
    ? await ctx.prisma.user.findFirst({ where: { email: email.data, deletedAt: null }, select: { id: true, passwordHash: true } })
    : null;
  const ok = await verifyPassword(user?.passwordHash, input.password);
  if (!user || !ok) throw INVALID_CREDENTIALS();
  const refreshToken = newRefreshToken();
  const expiresAt = refreshExpiry(ctx);
  const session = await transaction(ctx.prisma, async (tx) => {
    const s = await tx.authSession.create({
      data: { userId: user.id, familyId: randomUUID(), refreshTokenHash: hashToken(refreshToken), userAgent: ctx.userAgent, ipAddress: ctx.ip, expiresAt },
      select: { id: true },
    });
    await recordAudit(tx, ctx, { action: "auth.sign_in", entityType: "AuthSession", entityId: s.id, actorId: user.id });
    return s;
  });
  return issueTokens(ctx, user.id, session.id, refreshToken, expiresAt);
}

export async function refreshSession(ctx: Context, refreshToken: string): Promise<AuthPayload> {
  const now = ctx.services.clock();
  const presented = hashToken(refreshToken);
  const next = newRefreshToken();
  const expiresAt = refreshExpiry(ctx);
  const result = await transaction(ctx.prisma, async (tx) => {
    const session = await tx.authSession.findUnique({ where: { refreshTokenHash: presented } });
    if (!session) return { error: "invalid" as const };
    if (session.rotatedAt || session.revokedAt) {
      if (session.rotatedAt) {
        // Reuse of a rotated token: somebody holds a stolen copy. Revoke the whole family.
        await tx.authSession.updateMany({
          where: { familyId: session.familyId, revokedAt: null },
          data: { revokedAt: now, revokeReason: "refresh_token_reuse" },
        });
        await recordAudit(tx, ctx, { action: "auth.refresh_token_reuse", entityType: "AuthSession", entityId: session.id, actorId: session.userId });
        return { error: "reuse" as const };
      }
      return { error: "invalid" as const };
    }
    if (session.expiresAt <= now) return { error: "invalid" as const };
    const user = await tx.user.findFirst({ where: { id: session.userId, deletedAt: null }, select: { id: true } });
    if (!user) return { error: "invalid" as const };
    const created = await tx.authSession.create({
      data: { userId: session.userId, familyId: session.familyId, refreshTokenHash: hashToken(next), userAgent: ctx.userAgent, ipAddress: ctx.ip, expiresAt },
      select: { id: true },
    });
    // Guarded update: of two concurrent refreshes with the same token only one rotates it.
    const rotated = await tx.authSession.updateMany({
      where: { id: session.id, rotatedAt: null, revokedAt: null },
      data: { rotatedAt: now, lastUsedAt: now, replacedById: created.id },
    });
    if (rotated.count !== 1) throw errors.conflict("CONCURRENT_REFRESH", "This refresh token was just used by another request.");
    await recordAudit(tx, ctx, { action: "auth.refresh", entityType: "AuthSession", entityId: created.id, actorId: session.userId });
    return { userId: session.userId, sessionId: created.id };
  });
  if ("error" in result) {
    throw errors.unauthenticated(result.error === "reuse" ? "This refresh token was already used; the session has been revoked." : "The refresh token is invalid or expired.");
  }
  return issueTokens(ctx, result.userId, result.sessionId, next, expiresAt);
}

export async function signOut(ctx: Context): Promise<boolean> {
  const viewer = ctx.viewer;
  if (!viewer?.sessionId) return false;
  const now = ctx.services.clock();
  await transaction(ctx.prisma, async (tx) => {
    const session = await tx.authSession.findUnique({ where: { id: viewer.sessionId! }, select: { familyId: true } });
    if (!session) return;
    await tx.authSession.updateMany({ where: { familyId: session.familyId, revokedAt: null }, data: { revokedAt: now, revokeReason: "sign_out" } });
    await recordAudit(tx, ctx, { action: "auth.sign_out", entityType: "AuthSession", entityId: viewer.sessionId });
  });
  return true;
}
