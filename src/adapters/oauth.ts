// OAuth token endpoints (RFC 6749 §4.1.3 code exchange with the PKCE verifier of RFC 7636, §6
// refresh) over fetch, form-encoded, with the client's id and secret in the body (as Google and
// TikTok accept). The endpoints come from config (OAUTH_<PLATFORM>_TOKEN_URL), so tests point
// them at a local fake server.
import { OAuthError, type OAuthApp, type OAuthClient, type OAuthTokens } from "../core/ports.ts";

const TIMEOUT_MS = 10_000;

async function tokenRequest(app: OAuthApp, params: Record<string, string>): Promise<OAuthTokens> {
  const body = new URLSearchParams({ ...params, [app.clientIdParam]: app.clientId, client_secret: app.clientSecret });
  let res: Response;
  try {
    res = await fetch(app.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: body.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (e) {
    throw new OAuthError(`${app.platform} token endpoint unreachable: ${(e as Error).message}`, "network");
  }
  const json = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok || typeof json.access_token !== "string") {
    const code = typeof json.error === "string" ? json.error : "http";
    throw new OAuthError(`${app.platform} token endpoint answered ${res.status}${typeof json.error_description === "string" ? `: ${json.error_description}` : ""}`, code);
  }
  const scope = typeof json.scope === "string" ? json.scope.split(/[\s,]+/).filter(Boolean) : null;
  return {
    accessToken: json.access_token,
    refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : null,
    expiresIn: typeof json.expires_in === "number" ? json.expires_in : typeof json.expires_in === "string" && /^\d+$/.test(json.expires_in) ? Number(json.expires_in) : null,
    scopes: scope,
  };
}

export function createOAuthClient(): OAuthClient {
  return {
    exchangeCode: (app, code, codeVerifier, redirectUri) => tokenRequest(app, { grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri }),
    refresh: (app, refreshToken) => tokenRequest(app, { grant_type: "refresh_token", refresh_token: refreshToken }),
  };
}
