// The first admin of a database without demo data (`npm run admin:create`, scripts/admin-create.ts).
// Same e-mail rule, password policy and argon2id hashing as signUp. An existing account keeps its
// password and gets the ADMIN role (re-granted without expiry if it had lapsed or been revoked).
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../core/tx.ts";
import { recordAudit } from "../../core/audit.ts";
import { errors } from "../../core/errors.ts";
import { transaction } from "../../core/tx.ts";
import { emailSchema, parseInput, passwordSchema } from "../../core/validation.ts";
import { z } from "zod";
import { hashPassword } from "./passwords.ts";
import { writeRoleGrant } from "./service.ts";

export interface FirstAdminInput {
  email: string;
  /** Needed for a new account; ignored (left unchanged) for an existing one. */
  password?: string | null;
  displayName?: string | null;
}

export type FirstAdminResult = { userId: string; email: string; outcome: "created" | "granted" | "already-admin" };

const newAccountSchema = z.object({ email: emailSchema, password: passwordSchema, displayName: z.string().trim().min(1).max(80).optional() });

/** Whether `email` already has an account (the script asks for a password only when it has none). */
export async function accountExists(prisma: PrismaClient, email: string): Promise<boolean> {
  const e = parseInput(z.object({ email: emailSchema }), { email }).email;
  return (await prisma.user.count({ where: { email: e } })) > 0;
}

export async function ensureAdmin(prisma: PrismaClient, input: FirstAdminInput, now: Date): Promise<FirstAdminResult> {
  const email = parseInput(z.object({ email: emailSchema }), { email: input.email }).email;
  const actor = { viewer: null, ip: null, userAgent: "npm run admin:create", requestId: randomUUID() };
  const existing = await prisma.user.findUnique({ where: { email }, select: { id: true, deletedAt: true } });
  if (existing?.deletedAt) throw errors.conflict("ACCOUNT_DELETED", `The account ${email} is deleted; restore it first.`);
  if (existing) {
    return transaction(prisma, async (tx) => {
      const role = await tx.userRole.findUnique({ where: { userId_role: { userId: existing.id, role: "ADMIN" } } });
      const inForce = role && !role.revokedAt && (!role.expiresAt || role.expiresAt > now);
      if (inForce) return { userId: existing.id, email, outcome: "already-admin" as const };
      await writeRoleGrant(tx, actor, { userId: existing.id, role: "ADMIN", grantedById: null, expiresAt: null, now, before: role, via: "admin:create" });
      return { userId: existing.id, email, outcome: "granted" as const };
    });
  }
  const data = parseInput(newAccountSchema, { email, password: input.password ?? "", displayName: input.displayName ?? undefined });
  const passwordHash = await hashPassword(data.password);
  return transaction(prisma, async (tx) => {
    const user = await tx.user.create({
      data: {
        email,
        passwordHash,
        fullName: data.displayName ?? null,
        // An operator typed this address: it counts as verified (payments and payouts need one).
        emailVerifiedAt: now,
        profile: { create: { displayName: data.displayName ?? null } },
        roles: { create: [{ role: "MEMBER", grantedAt: now }, { role: "ADMIN", grantedAt: now }] },
      },
      select: { id: true },
    });
    await recordAudit(tx, actor, { action: "user.admin_create", entityType: "User", entityId: user.id, actorId: null, newValues: { email, roles: ["MEMBER", "ADMIN"] } });
    return { userId: user.id, email, outcome: "created" as const };
  });
}
