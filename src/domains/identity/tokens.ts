// Access tokens: short-lived HS256 JWTs signed with JWT_SECRET (jose). Verification pins the
// algorithm, issuer and audience, so `alg: none`, other algorithms and tampered tokens fail.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { SignJWT, jwtVerify, errors as joseErrors } from "jose";
import { UUID_RE } from "../../core/ids.ts";

const ISSUER = "creator-gateway";
const AUDIENCE = "creator-gateway";

export interface AccessClaims {
  userId: string;
  sessionId: string | null;
}

const keyCache = new Map<string, Uint8Array>();
function key(secret: string): Uint8Array {
  let k = keyCache.get(secret);
  if (!k) keyCache.set(secret, (k = new TextEncoder().encode(secret)));
  return k;
}

export async function signAccessToken(claims: AccessClaims, secret: string, ttlSeconds: number, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims.sessionId ? { sid: claims.sessionId } : {})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(key(secret));
}

export type VerifyResult = { ok: true; claims: AccessClaims & { expiresAt: Date } } | { ok: false; reason: "expired" | "invalid" };

export async function verifyAccessToken(token: string, secret: string, now: Date): Promise<VerifyResult> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      currentDate: now,
      requiredClaims: ["exp", "sub"],
    });
    // A token without an expiry would be valid forever; claims that are not uuids are forgeries
    // or another system's tokens (they must not reach a `::uuid` cast as a 500).
    if (typeof payload.exp !== "number") return { ok: false, reason: "invalid" };
    if (typeof payload.sub !== "string" || !UUID_RE.test(payload.sub)) return { ok: false, reason: "invalid" };
    if (payload.sid !== undefined && (typeof payload.sid !== "string" || !UUID_RE.test(payload.sid))) return { ok: false, reason: "invalid" };
    return {
      ok: true,
      claims: { userId: payload.sub, sessionId: typeof payload.sid === "string" ? payload.sid : null, expiresAt: new Date(payload.exp * 1000) },
    };
  } catch (e) {
    return { ok: false, reason: e instanceof joseErrors.JWTExpired ? "expired" : "invalid" };
  }
}

/** Opaque random tokens (refresh tokens, reset and verification links): 256 bits, base64url. */
export function randomToken(): string {
  return randomBytes(32).toString("base64url");
}

/** What we store instead of a token: its SHA-256. Lookups go by this hash (a unique index). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}


/** Constant-time string comparison for shared secrets (webhook secrets, API keys). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  // Compare against itself on a length mismatch so the time does not reveal the length early.
  return x.length === y.length ? timingSafeEqual(x, y) : (timingSafeEqual(x, x), false);
}
