// Resolves the viewer of a request from `Authorization: Bearer <access token>`.
// No header → anonymous. A header with a bad, expired or revoked token → UNAUTHENTICATED for the
// whole request (a client must refresh, not silently become anonymous).
import type { PrismaClient } from "../../db/client.ts";
import type { Viewer } from "../../server/context.ts";
import { errors } from "../../server/errors.ts";
import { verifyAccessToken } from "./tokens.ts";
import { activeRoleWhere } from "./visibility.ts";

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
  const { userId, sessionId } = result.claims;
  const user = await prisma.user.findFirst({
    where: { id: userId, deletedAt: null },
    select: {
      id: true,
      roles: { where: activeRoleWhere(now), select: { role: true } },
    },
  });
  if (!user) throw errors.unauthenticated("The account no longer exists.");
  if (sessionId) {
    const session = await prisma.authSession.findFirst({
      where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now } },
      select: { id: true },
    });
    if (!session) throw errors.unauthenticated("The session has been signed out.");
  }
  return { id: user.id, roles: new Set(user.roles.map((r) => r.role)), sessionId };
}
