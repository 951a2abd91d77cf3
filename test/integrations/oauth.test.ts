// Connecting a platform with OAuth (authorization code + PKCE) against a fake OAuth server this
// test starts (node:http): start → authorize (the server plays the user's consent) → callback
// route → code exchanged with the verifier → tokens in the vault, connection row; the refresh job
// renews the token before it expires; a refused refresh marks the connection for reconnecting.
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { jobs } from "../../src/app/domains.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { errorCode } from "../helpers/app.ts";
import { createIntegrationsApp, gid, lookups, makeUser, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

const CLIENT_ID = "yt-client-123";
const CLIENT_SECRET = "yt-secret-456";

/** A minimal OAuth 2.0 provider: /authorize grants at once, /token checks client, redirect URI and PKCE. */
function fakeOAuthServer() {
  const codes = new Map<string, { challenge: string; redirectUri: string }>();
  const refreshTokens = new Set<string>();
  const calls: Record<string, string>[] = [];
  let n = 0;
  const issue = () => {
    n++;
    refreshTokens.add(`rt-${n}`);
    return { access_token: `at-${n}`, refresh_token: `rt-${n}`, expires_in: 3600, token_type: "Bearer", scope: "https://www.googleapis.com/auth/youtube.readonly" };
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, "http://fake");
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname === "/authorize") {
      const q = url.searchParams;
      if (q.get("client_id") !== CLIENT_ID || q.get("response_type") !== "code" || q.get("code_challenge_method") !== "S256") return send(400, { error: "invalid_request" });
      const code = `code-${randomBytes(6).toString("hex")}`;
      codes.set(code, { challenge: q.get("code_challenge")!, redirectUri: q.get("redirect_uri")! });
      const back = new URL(q.get("redirect_uri")!);
      back.searchParams.set("code", code);
      back.searchParams.set("state", q.get("state")!);
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/token") {
      let raw = "";
      req.on("data", (c) => (raw += c));
      req.on("end", () => {
        const p = Object.fromEntries(new URLSearchParams(raw));
        calls.push(p);
        if (p.client_id !== CLIENT_ID || p.client_secret !== CLIENT_SECRET) return send(401, { error: "invalid_client" });
        if (p.grant_type === "authorization_code") {
          const c = codes.get(p.code);
          codes.delete(p.code);
          const challenge = createHash("sha256").update(p.code_verifier ?? "").digest("base64url");
          if (!c || c.redirectUri !== p.redirect_uri || c.challenge !== challenge) return send(400, { error: "invalid_grant" });
          return send(200, issue());
        }
        if (p.grant_type === "refresh_token") {
          if (!refreshTokens.delete(p.refresh_token)) return send(400, { error: "invalid_grant", error_description: "Token has been expired or revoked." });
          return send(200, issue());
        }
        send(400, { error: "unsupported_grant_type" });
      });
      return;
    }
    send(404, { error: "not_found" });
  });
  return { server, calls, refreshTokens };
}

let fake: ReturnType<typeof fakeOAuthServer>;
let app: IntegrationsTestApp;
let base: string;
let youtube: { id: string };
let tiktok: { id: string };

beforeAll(async () => {
  fake = fakeOAuthServer();
  await new Promise<void>((r) => fake.server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  app = await createIntegrationsApp({
    OAUTH_YOUTUBE_CLIENT_ID: CLIENT_ID,
    OAUTH_YOUTUBE_CLIENT_SECRET: CLIENT_SECRET,
    OAUTH_YOUTUBE_AUTHORIZE_URL: `${base}/authorize`,
    OAUTH_YOUTUBE_TOKEN_URL: `${base}/token`,
    OAUTH_REDIRECT_URL: "http://test/oauth/callback",
    PUBLIC_APP_URL: "https://app.example.test",
  });
  ({ youtube, tiktok } = await lookups(app));
});
afterAll(async () => {
  await app.close();
  await new Promise((r) => fake.server.close(r));
});

const START = `mutation($p: ID!) { startPlatformOAuth(platform: $p) { authorizeUrl state expiresAt } }`;
const CONNECTION = `query($id: ID!) { node(id: $id) { ... on PlatformConnection { isActive isVerified tokenExpiresAt platformUserId } } }`;

/** The user's browser: the authorize URL (consent), then the redirect back to our callback. */
async function consent(authorizeUrl: string) {
  const res = await fetch(authorizeUrl, { redirect: "manual" });
  expect(res.status).toBe(302);
  return res.headers.get("location")!;
}
/** The test clock keeps running: instants computed from it are compared to within 5 s. */
const near = (actual: string | Date, expected: number) => expect(Math.abs(new Date(actual).getTime() - expected)).toBeLessThan(5000);
const callback = (url: string) => app.yoga.fetch(url, { method: "GET", redirect: "manual" });

async function connectedCreator() {
  const creator = await makeUser(app);
  const start = (await app.ok(START, { p: gid("Platform", youtube.id) }, { token: creator.token })).startPlatformOAuth;
  const back = await consent(start.authorizeUrl);
  const res = await callback(back);
  return { creator, start, back, res };
}

it("start → consent → callback: the code is exchanged with the PKCE verifier, tokens go to the vault, the connection exists", async () => {
  const { creator, start, back, res } = await connectedCreator();
  const url = new URL(start.authorizeUrl);
  expect(`${url.origin}${url.pathname}`).toBe(`${base}/authorize`);
  expect(Object.fromEntries(url.searchParams)).toMatchObject({ response_type: "code", client_id: CLIENT_ID, redirect_uri: "http://test/oauth/callback", state: start.state, code_challenge_method: "S256", access_type: "offline" });
  expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
  near(start.expiresAt, app.clock.now().getTime() + 600_000);

  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("https://app.example.test/settings/connections?connected=youtube");
  const exchange = fake.calls.at(-1)!;
  expect(exchange).toMatchObject({ grant_type: "authorization_code", redirect_uri: "http://test/oauth/callback" });
  expect(exchange.code_verifier).toMatch(/^[A-Za-z0-9_-]{64}$/);

  const row = await app.prisma.platformConnection.findFirstOrThrow({ where: { userId: creator.id } });
  expect(JSON.parse((await app.runtime.services.secrets.get(row.vaultSecretName))!)).toEqual({ accessToken: "at-1", refreshToken: "rt-1" });
  const node = (await app.ok(CONNECTION, { id: gid("PlatformConnection", row.id) }, { token: creator.token })).node;
  expect(node).toMatchObject({ isActive: true, isVerified: true });
  near(node.tokenExpiresAt, app.clock.now().getTime() + 3_600_000);
  expect(row.scopes).toEqual(["https://www.googleapis.com/auth/youtube.readonly"]);
  expect(await app.prisma.auditLog.count({ where: { actorId: creator.id, action: { in: ["platform_connection.oauth_start", "platform_connection.connect"] } } })).toBe(2);

  // The callback URL replayed (browser back button, or an attacker holding it): refused, nothing exchanged.
  const calls = fake.calls.length;
  const again = await callback(back);
  expect(again.headers.get("location")).toBe("https://app.example.test/settings/connections?error=invalid_state");
  expect(fake.calls.length).toBe(calls);
  expect(await app.prisma.platformConnection.count({ where: { userId: creator.id } })).toBe(1);
});

it("refuses an unknown state, a denied consent, an unconfigured platform and a non-creator", async () => {
  const forged = await callback(`http://test/oauth/callback?code=abc&state=${randomBytes(32).toString("base64url")}`);
  expect(forged.headers.get("location")).toBe("https://app.example.test/settings/connections?error=invalid_state");
  const denied = await callback(`http://test/oauth/callback?error=access_denied&state=x`);
  expect(denied.headers.get("location")).toBe("https://app.example.test/settings/connections?error=access_denied");

  const creator = await makeUser(app);
  const r = await app.gql(START, { p: gid("Platform", tiktok.id) }, { token: creator.token });
  expect(r.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "OAUTH_NOT_CONFIGURED" });
  const member = await makeUser(app, ["MEMBER"]);
  expect(errorCode(await app.gql(START, { p: gid("Platform", youtube.id) }, { token: member.token }))).toBe("FORBIDDEN");

  // A state that expired (the user took longer than OAUTH_STATE_TTL_SECONDS) does not connect.
  const late = (await app.ok(START, { p: gid("Platform", youtube.id) }, { token: creator.token })).startPlatformOAuth;
  const back = await consent(late.authorizeUrl);
  app.clock.advance(11 * 60_000);
  try {
    expect((await callback(back)).headers.get("location")).toBe("https://app.example.test/settings/connections?error=invalid_state");
  } finally {
    app.clock.reset();
  }
  expect(await app.prisma.platformConnection.count({ where: { userId: creator.id } })).toBe(0);
});

it("the refresh job renews a token before it expires, once; a refused refresh asks the user to reconnect", async () => {
  const refreshJob = jobs.filter((j) => j.name === "integrations.oauth-refresh");
  const { creator } = await connectedCreator();
  const row = await app.prisma.platformConnection.findFirstOrThrow({ where: { userId: creator.id } });
  const secretBefore = JSON.parse((await app.runtime.services.secrets.get(row.vaultSecretName))!);
  try {
    // 50 minutes on: not yet within the 15 minutes before expiry.
    app.clock.advance(40 * 60_000);
    expect((await runJobsOnce(app.runtime, refreshJob))["integrations.oauth-refresh"]).toMatchObject({ refreshed: 0 });
    app.clock.advance(10 * 60_000);
    const r = (await runJobsOnce(app.runtime, refreshJob))["integrations.oauth-refresh"] as any;
    expect(r.refreshed).toBeGreaterThanOrEqual(1); // other tests' connections are due too
    const after = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: row.id } });
    near(after.tokenExpiresAt!, app.clock.now().getTime() + 3_600_000);
    const secret = JSON.parse((await app.runtime.services.secrets.get(row.vaultSecretName))!);
    expect(secret.accessToken).not.toBe(secretBefore.accessToken);
    expect(fake.refreshTokens.has(secretBefore.refreshToken)).toBe(false); // rotated
    expect(await app.prisma.auditLog.count({ where: { action: "platform_connection.token_refresh", entityId: row.id } })).toBe(1);
    // Right away again: nothing is due.
    expect((await runJobsOnce(app.runtime, refreshJob))["integrations.oauth-refresh"]).toMatchObject({ refreshed: 0, failed: 0 });

    // The user revoked the app at the platform: the next refresh is refused.
    fake.refreshTokens.delete(secret.refreshToken);
    app.clock.advance(50 * 60_000);
    await runJobsOnce(app.runtime, refreshJob);
    const revoked = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: row.id } });
    expect(revoked.isVerified).toBe(false);
    expect(revoked.lastError).toMatch(/^REFRESH_REFUSED/);
    const calls = fake.calls.length;
    await runJobsOnce(app.runtime, refreshJob);
    expect(fake.calls.length).toBe(calls); // not retried until the user connects again
  } finally {
    app.clock.reset();
  }
});
