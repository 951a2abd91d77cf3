// Identity factories: users with roles (optionally expiring), passwords and signed-in sessions.
import type { Role } from "../../../src/generated/prisma/client.ts";
import { hashPassword } from "../../../src/domains/identity/passwords.ts";
import type { TestApp } from "../app.ts";

export const PASSWORD = "Correct-horse-1";

let hashed: Promise<string> | null = null;
/** argon2 is slow on purpose: hash the shared test password once per test file. */
export function passwordHash(): Promise<string> {
  return (hashed ??= hashPassword(PASSWORD));
}

let seq = 0;

export interface UserOptions {
  email?: string;
  displayName?: string;
  roles?: Role[];
  /** Roles granted with an expiry (already past or in the future). */
  expiringRoles?: { role: Role; expiresAt: Date }[];
  withPassword?: boolean;
  deletedAt?: Date | null;
  emailVerified?: boolean;
}

export async function createUser(app: TestApp, opts: UserOptions = {}) {
  const n = ++seq;
  const email = opts.email ?? `user${n}-${process.pid.toString(36)}@example.test`;
  const roles = opts.roles ?? ["MEMBER"];
  return app.prisma.user.create({
    data: {
      email,
      passwordHash: opts.withPassword === false ? null : await passwordHash(),
      deletedAt: opts.deletedAt ?? null,
      emailVerifiedAt: opts.emailVerified ? app.clock.now() : null,
      profile: { create: { displayName: opts.displayName ?? `User ${n}` } },
      roles: {
        create: [...roles.map((role) => ({ role })), ...(opts.expiringRoles ?? []).map((r) => ({ role: r.role, expiresAt: r.expiresAt }))],
      },
    },
  });
}

/** Signs in through the API (a real session row) and returns the token pair. */
export async function signIn(app: TestApp, email: string, password = PASSWORD, headers: Record<string, string> = {}) {
  const r = await app.gql(
    `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken refreshToken user { id } } }`,
    { e: email, p: password },
    { headers },
  );
  if (r.errors?.length) throw new Error(`signIn failed: ${JSON.stringify(r.errors)}`);
  return r.data.signIn as { accessToken: string; refreshToken: string; user: { id: string } };
}

/** The body of the newest queued e-mail of a type to an address (the outbox). */
export async function lastMail(app: TestApp, to: string, emailType: string) {
  return app.prisma.emailLog.findFirst({ where: { recipientEmail: to, emailType }, orderBy: { createdAt: "desc" } });
}

/** The token from a link in a queued mail (`…?token=…`). */
export function tokenFromMail(text: string | null | undefined): string {
  const m = /[?&]token=([A-Za-z0-9_%-]+)/.exec(text ?? "");
  if (!m) throw new Error("no token link in the mail");
  return decodeURIComponent(m[1]);
}
