// Connecting a platform for real (seed 004): the OAuth 2.0 authorization-code flow with PKCE
// (RFC 6749 §4.1, RFC 7636 S256), and refreshing tokens before they expire.
//  1. startPlatformOAuth (signed in): a random `state` and PKCE verifier are kept in the
//     key/value store for OAUTH_STATE_TTL_SECONDS under the state's SHA-256 (never the state
//     itself); the answer is the platform's authorize URL (client id, redirect URI, scopes, state,
//     code_challenge). Audited (platform_connection.oauth_start).
//  2. GET /oauth/callback?code&state (the browser, sent back by the platform; no bearer token: the
//     state names the user): the state is used once (an atomic counter, so two callbacks with the
//     same state cannot both connect), the code is exchanged with the verifier at the token
//     endpoint, and connectPlatform stores the tokens in the vault and creates or updates the
//     connection row (with tokenExpiresAt), as a pasted token would. The browser is redirected to
//     PUBLIC_APP_URL/settings/connections?connected=<platform> (or ?error=<code>).
//  3. The job integrations.oauth-refresh renews access tokens expiring within
//     OAUTH_REFRESH_BEFORE_SECONDS (refresh_token grant), replacing the vault entry and the
//     expiry; a refused refresh (invalid_grant) marks the connection unverified with lastError.
// Platforms with an OAuth app in config: youtube (Google) and tiktok (its `client_key`). Other
// platforms answer CONFLICT OAUTH_NOT_CONFIGURED and keep the pasted-token connect.
import { createHash, randomBytes } from "node:crypto";
import { recordAudit } from "../../core/audit.ts";
import type { AppConfig } from "../../core/config.ts";
import { requireViewer, type ServiceCtx } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { jobContext, type Job, type JobRuntime } from "../../core/jobs.ts";
import type { HttpRoute } from "../../core/http.ts";
import { OAuthError, type OAuthApp, type OAuthTokens } from "../../core/ports.ts";
import { transaction } from "../../core/tx.ts";
import { readSecret } from "./common.ts";
import { connectPlatform, type StoredToken } from "./service.ts";

export const CALLBACK_PATH = "/oauth/callback";
const STATE_KEY = (hash: string) => `oauth:state:${hash}`;
const USED_KEY = (hash: string) => `oauth:state-used:${hash}`;

/** The platform's OAuth app from config, or null when it has none. */
export function oauthApp(config: AppConfig, platform: string): OAuthApp | null {
  const split = (s: string) => s.split(/[\s,]+/).filter(Boolean);
  if (platform === "youtube" && config.OAUTH_YOUTUBE_CLIENT_ID && config.OAUTH_YOUTUBE_CLIENT_SECRET) {
    return { platform, clientId: config.OAUTH_YOUTUBE_CLIENT_ID, clientSecret: config.OAUTH_YOUTUBE_CLIENT_SECRET, authorizeUrl: config.OAUTH_YOUTUBE_AUTHORIZE_URL, tokenUrl: config.OAUTH_YOUTUBE_TOKEN_URL, scopes: split(config.OAUTH_YOUTUBE_SCOPES), clientIdParam: "client_id" };
  }
  if (platform === "tiktok" && config.OAUTH_TIKTOK_CLIENT_ID && config.OAUTH_TIKTOK_CLIENT_SECRET) {
    return { platform, clientId: config.OAUTH_TIKTOK_CLIENT_ID, clientSecret: config.OAUTH_TIKTOK_CLIENT_SECRET, authorizeUrl: config.OAUTH_TIKTOK_AUTHORIZE_URL, tokenUrl: config.OAUTH_TIKTOK_TOKEN_URL, scopes: split(config.OAUTH_TIKTOK_SCOPES), clientIdParam: "client_key" };
  }
  return null;
}

interface PendingAuthorization {
  userId: string;
  platformId: string;
  platform: string;
  codeVerifier: string;
  redirectUri: string;
}

const b64url = (b: Buffer) => b.toString("base64url");
const sha256 = (s: string) => createHash("sha256").update(s).digest();

export interface OAuthStart {
  authorizeUrl: string;
  state: string;
  expiresAt: Date;
}

export async function startPlatformOAuth(ctx: ServiceCtx, platformId: string): Promise<OAuthStart> {
  const viewer = requireViewer(ctx);
  const platform = await ctx.prisma.platform.findFirst({ where: { id: platformId, isActive: true }, select: { id: true, slug: true } });
  if (!platform) throw errors.notFound("Platform", platformId);
  const app = oauthApp(ctx.config, platform.slug);
  if (!app) throw errors.conflict("OAUTH_NOT_CONFIGURED", `No OAuth app is configured for ${platform.slug}; connect it with a token instead.`);
  const state = b64url(randomBytes(32));
  const codeVerifier = b64url(randomBytes(48));
  const redirectUri = ctx.config.OAUTH_REDIRECT_URL;
  const hash = b64url(sha256(state));
  const ttl = ctx.config.OAUTH_STATE_TTL_SECONDS;
  const pending: PendingAuthorization = { userId: viewer.id, platformId: platform.id, platform: platform.slug, codeVerifier, redirectUri };
  await ctx.services.kv.set(STATE_KEY(hash), pending, ttl, "oauth");
  const url = new URL(app.authorizeUrl);
  url.searchParams.set("response_type", "code");
  url.searchParams.set(app.clientIdParam, app.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("scope", app.scopes.join(app.clientIdParam === "client_key" ? "," : " "));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", b64url(sha256(codeVerifier)));
  url.searchParams.set("code_challenge_method", "S256");
  if (platform.slug === "youtube") {
    url.searchParams.set("access_type", "offline"); // Google issues a refresh token only then
    url.searchParams.set("prompt", "consent");
  }
  const expiresAt = new Date(ctx.services.clock().getTime() + ttl * 1000);
  await transaction(ctx.prisma, (tx) =>
    recordAudit(tx, ctx, { action: "platform_connection.oauth_start", entityType: "Platform", entityId: platform.id, newValues: { platform: platform.slug, scopes: app.scopes, expiresAt } }),
  );
  return { authorizeUrl: url.toString(), state, expiresAt };
}

const expiryOf = (now: Date, t: OAuthTokens) => (t.expiresIn ? new Date(now.getTime() + t.expiresIn * 1000) : null);

/** The callback: state used once, code exchanged, tokens stored through connectPlatform. Returns the connection id. */
export async function completePlatformOAuth(rt: JobRuntime, state: string, code: string): Promise<{ connectionId: string; platform: string }> {
  const hash = b64url(sha256(state));
  const ttl = rt.config.OAUTH_STATE_TTL_SECONDS;
  const pending = await rt.services.kv.get<PendingAuthorization>(STATE_KEY(hash));
  if (!pending) throw new OAuthError("unknown or expired state", "invalid_state");
  if ((await rt.services.kv.incr(USED_KEY(hash), ttl)) !== 1) throw new OAuthError("state already used", "invalid_state");
  await rt.services.kv.del(STATE_KEY(hash));
  const app = oauthApp(rt.config, pending.platform);
  if (!app) throw new OAuthError("platform no longer configured", "not_configured");
  const tokens = await rt.services.oauth.exchangeCode(app, code, pending.codeVerifier, pending.redirectUri);
  const now = rt.services.clock();
  const ctx: ServiceCtx = { ...jobContext(rt, "oauth-callback"), viewer: { id: pending.userId, roles: new Set(), sessionId: null }, requestId: "oauth:callback" };
  const { id } = await connectPlatform(ctx, {
    platformId: pending.platformId,
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    tokenExpiresAt: expiryOf(now, tokens),
    scopes: tokens.scopes ?? app.scopes,
  });
  return { connectionId: id, platform: pending.platform };
}

const redirect = (location: string) => new Response(null, { status: 302, headers: { location, "cache-control": "no-store" } });

export const oauthCallbackRoute: HttpRoute = {
  method: "GET",
  path: CALLBACK_PATH,
  handler: async (request, rt) => {
    const q = new URL(request.url).searchParams;
    const back = new URL("/settings/connections", rt.config.PUBLIC_APP_URL);
    const state = q.get("state");
    const code = q.get("code");
    if (q.get("error") || !state || !code) {
      back.searchParams.set("error", (q.get("error") ?? "invalid_request").slice(0, 100));
      if (state) await rt.services.kv.del(STATE_KEY(b64url(sha256(state))));
      return redirect(back.toString());
    }
    try {
      const r = await completePlatformOAuth(rt, state, code);
      back.searchParams.set("connected", r.platform);
    } catch (e) {
      const reason = e instanceof OAuthError ? e.code : ((e as { extensions?: { code?: string } }).extensions?.code ?? "server_error");
      if (!(e instanceof OAuthError) && !(e as { extensions?: unknown }).extensions) rt.log.error({ err: (e as Error).message }, "oauth callback failed");
      back.searchParams.set("error", reason.toLowerCase());
    }
    return redirect(back.toString());
  },
};

/** Renews access tokens expiring within OAUTH_REFRESH_BEFORE_SECONDS; at most `limit` per run. */
export async function refreshExpiringTokens(rt: JobRuntime, limit = 50): Promise<{ refreshed: number; failed: number }> {
  const now = rt.services.clock();
  const ctx = jobContext(rt, "integrations.oauth-refresh");
  const due = await rt.db.prisma.platformConnection.findMany({
    where: { isActive: true, tokenExpiresAt: { not: null, lte: new Date(now.getTime() + rt.config.OAUTH_REFRESH_BEFORE_SECONDS * 1000) }, OR: [{ lastError: null }, { lastError: { not: { startsWith: "REFRESH_REFUSED" } } }] },
    include: { platform: { select: { slug: true } } },
    orderBy: [{ tokenExpiresAt: "asc" }, { id: "asc" }],
    take: limit,
  });
  let refreshed = 0;
  let failed = 0;
  for (const c of due) {
    const app = oauthApp(rt.config, c.platform.slug);
    if (!app) continue;
    let stored: StoredToken;
    try {
      stored = JSON.parse(await readSecret(ctx, c.vaultSecretName)) as StoredToken;
    } catch {
      continue; // a bare token injected by operations: nothing to refresh with
    }
    if (!stored.refreshToken) continue;
    try {
      const t = await rt.services.oauth.refresh(app, stored.refreshToken);
      // Platforms may rotate the refresh token; keep the old one when none comes back.
      await rt.services.secrets.put(c.vaultSecretName, JSON.stringify({ accessToken: t.accessToken, refreshToken: t.refreshToken ?? stored.refreshToken } satisfies StoredToken));
      const expiresAt = expiryOf(now, t);
      await transaction(rt.db.prisma, async (tx) => {
        await tx.platformConnection.update({ where: { id: c.id }, data: { tokenExpiresAt: expiresAt, lastError: null, ...(t.scopes ? { scopes: t.scopes } : {}) } });
        await recordAudit(tx, ctx, { action: "platform_connection.token_refresh", entityType: "PlatformConnection", entityId: c.id, oldValues: { tokenExpiresAt: c.tokenExpiresAt }, newValues: { tokenExpiresAt: expiresAt } });
      });
      refreshed++;
    } catch (e) {
      failed++;
      const refused = e instanceof OAuthError && (e.code === "invalid_grant" || e.code === "invalid_client" || e.code === "unauthorized_client");
      // A refused grant needs the user to connect again; a network error is retried next run.
      if (!refused) {
        rt.log.warn({ connectionId: c.id, err: (e as Error).message }, "oauth refresh failed; retrying next run");
        continue;
      }
      await transaction(rt.db.prisma, async (tx) => {
        await tx.platformConnection.update({ where: { id: c.id }, data: { isVerified: false, lastError: `REFRESH_REFUSED: ${(e as Error).message}`.slice(0, 1000) } });
        await recordAudit(tx, ctx, { action: "platform_connection.token_refresh_failed", entityType: "PlatformConnection", entityId: c.id, newValues: { error: (e as OAuthError).code } });
      });
    }
  }
  return { refreshed, failed };
}

export const oauthRefreshJob: Job = {
  name: "integrations.oauth-refresh",
  everySeconds: 300,
  run: (rt) => refreshExpiringTokens(rt),
};
