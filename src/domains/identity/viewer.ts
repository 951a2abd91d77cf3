// Resolves the viewer of a request from `Authorization: Bearer <access token>`.
// No header → anonymous. A header with a bad, expired or revoked token → UNAUTHENTICATED for the
// whole request (a client must refresh, not silently become anonymous).
import type { PrismaClient } from "../../db/client.ts";
import type { Viewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { verifyAccessToken } from "./tokens.ts";

export async function resolveViewer(
  authorization: string | null,
  prisma: PrismaClient,
  secret: string,
  now: Date,
): Promise<Viewer | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw errors.unauthenticated("The Authorization header must be `Bearer <access token>`.");
  const result = await verifyAccessToken(match[1], secret, now);
  if (!result.ok) {
    throw result.reason === "expired"
      ? errors.unauthenticated("The access token has expired; refresh the session.")
      : errors.unauthenticated("The access token is invalid.");
  }
  const { userId, sessionId, expiresAt } = result.claims;
  const viewer = await loadViewer(prisma, userId, sessionId, now);
  if (viewer === "no-user") throw errors.unauthenticated("The account no longer exists.");
  if (viewer === "suspended") throw errors.accountSuspended();
  if (viewer === "no-session") throw errors.unauthenticated("The session has been signed out.");
  return { ...viewer, accessExpiresAt: expiresAt };
}

type Role = Viewer["roles"] extends ReadonlySet<infer R> ? R : never;

/**
 * The live account, its roles in force now (same rule as activeRoleWhere: not revoked, not
 * expired) and whether the session is still live, in ONE statement: this runs on every
 * authenticated request. A suspended account answers "suspended" (its sessions were
 * revoked at suspension, but an access token signed before keeps its signature until it expires:
 * this is what stops it at once).
 */
export async function loadViewer(
  prisma: Pick<PrismaClient, "$queryRaw">,
  userId: string,
  sessionId: string | null,
  now: Date,
): Promise<Viewer | "no-user" | "no-session" | "suspended"> {
  const rows = await prisma.$queryRaw<{ id: string; roles: Role[]; session_live: boolean; suspended: boolean }[]>`
    SELECT u.id, (u.suspended_at IS NOT NULL) AS suspended,
           ARRAY(SELECT r.role::text FROM user_role r
                  WHERE r.user_id = u.id AND r.revoked_at IS NULL AND (r.expires_at IS NULL OR r.expires_at > ${now})) AS roles,
           (${sessionId}::uuid IS NULL OR EXISTS (
              SELECT 1 FROM auth_sessions s
               WHERE s.id = ${sessionId}::uuid AND s.user_id = u.id AND s.revoked_at IS NULL AND s.expires_at > ${now})) AS session_live
      FROM users u
     WHERE u.id = ${userId}::uuid AND u.deleted_at IS NULL`;
  const row = rows[0];
  if (!row) return "no-user";
  if (row.suspended) return "suspended";
  if (!row.session_live) return "no-session";
  return { id: row.id, roles: new Set(row.roles), sessionId };
}
