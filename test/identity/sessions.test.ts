// Tokens and sessions: access-token verification (expired, tampered, alg none), refresh-token
// rotation and reuse detection, sign-out, sign-out everywhere, listing and revoking sessions.
import { SignJWT } from "jose";
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, TEST_JWT_SECRET, type TestApp } from "../helpers/app.ts";
import { createUser, signIn } from "../helpers/factories/identity.ts";

const VIEWER = `{ viewer { id email } }`;
const REFRESH = `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }`;
const SESSIONS = `{ viewer { sessions(first: 20) { totalCount edges { node { id userAgent ipAddress current expiresAt } } } } }`;

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");

describe("sessions and tokens", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("signs in with the right password and answers viewer with the account", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    const data = await app.ok(VIEWER, {}, { token: s.accessToken });
    expect(data.viewer).toEqual({ id: encodeGlobalId("User", user.id), email: user.email });
  });

  it("rejects an expired access token with UNAUTHENTICATED, and the refresh token still works", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    app.clock.advance((app.config.ACCESS_TOKEN_TTL_SECONDS + 5) * 1000);
    const r = await app.gql(VIEWER, {}, { token: s.accessToken });
    expect(errorCode(r)).toBe("UNAUTHENTICATED");
    expect(r.errors![0].message).toMatch(/expired/);
    const refreshed = await app.ok(REFRESH, { t: s.refreshToken });
    expect((await app.ok(VIEWER, {}, { token: refreshed.refreshSession.accessToken })).viewer.email).toBe(user.email);
  });

  it("rejects a tampered token (payload changed, signature kept)", async () => {
    const [alice, mallory] = [await createUser(app), await createUser(app)];
    const s = await signIn(app, mallory.email);
    const [h, p, sig] = s.accessToken.split(".");
    const payload = JSON.parse(Buffer.from(p, "base64url").toString());
    const forged = `${h}.${b64({ ...payload, sub: alice.id })}.${sig}`;
    const r = await app.gql(VIEWER, {}, { token: forged });
    expect(errorCode(r)).toBe("UNAUTHENTICATED");
    expect(r.data?.viewer ?? null).toBeNull();
  });

  it("rejects `alg: none` and tokens signed with another secret", async () => {
    const user = await createUser(app);
    const now = Math.floor(app.clock.now().getTime() / 1000);
    const claims = { sub: user.id, iss: "creator-gateway", aud: "creator-gateway", iat: now, exp: now + 600 };
    const none = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
    expect(errorCode(await app.gql(VIEWER, {}, { token: none }))).toBe("UNAUTHENTICATED");
    const other = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode("another-secret-another-secret-0123456789"));
    expect(errorCode(await app.gql(VIEWER, {}, { token: other }))).toBe("UNAUTHENTICATED");
    // The same claims with the right secret are accepted: the two above failed for their signature.
    const good = await new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).sign(new TextEncoder().encode(TEST_JWT_SECRET));
    expect((await app.ok(VIEWER, {}, { token: good })).viewer.email).toBe(user.email);
  });

  it("rotates the refresh token on every use", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    const first = (await app.ok(REFRESH, { t: s.refreshToken })).refreshSession;
    expect(first.refreshToken).not.toBe(s.refreshToken);
    const second = (await app.ok(REFRESH, { t: first.refreshToken })).refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const rows = await app.prisma.authSession.findMany({ where: { userId: user.id }, orderBy: { createdAt: "asc" } });
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.familyId)).size).toBe(1);
    expect(rows.filter((r) => r.rotatedAt === null)).toHaveLength(1);
    // Only hashes are stored.
    for (const t of [s.refreshToken, first.refreshToken, second.refreshToken]) {
      expect(rows.some((r) => r.refreshTokenHash === t)).toBe(false);
    }
  });

  it("treats reuse of a rotated refresh token as theft: the whole family is revoked", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    const next = (await app.ok(REFRESH, { t: s.refreshToken })).refreshSession;
    app.clock.advance(app.config.REFRESH_REUSE_GRACE_SECONDS * 1000 + 1000); // past the concurrent-refresh window
    const reuse = await app.gql(REFRESH, { t: s.refreshToken });
    expect(errorCode(reuse)).toBe("UNAUTHENTICATED");
    // The legitimate holder's newer tokens are dead too.
    expect(errorCode(await app.gql(REFRESH, { t: next.refreshToken }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(VIEWER, {}, { token: next.accessToken }))).toBe("UNAUTHENTICATED");
    const live = await app.prisma.authSession.count({ where: { userId: user.id, revokedAt: null } });
    expect(live).toBe(0);
    expect(await app.prisma.auditLog.count({ where: { action: "auth.refresh_token_reuse", actorId: user.id } })).toBe(1);
  });

  it("two concurrent refreshes with one token: one wins, the loser gets CONFLICT, the winner's tokens keep working", async () => {
    // The same on PostgreSQL (the guarded update catches the race) and on the embedded database
    // (requests run one after another, so the loser arrives just after the winner committed).
    for (let attempt = 0; attempt < 4; attempt++) {
      const user = await createUser(app);
      const s = await signIn(app, user.email);
      const results = await Promise.all([app.gql(REFRESH, { t: s.refreshToken }), app.gql(REFRESH, { t: s.refreshToken })]);
      const winners = results.filter((r) => !r.errors);
      const losers = results.filter((r) => r.errors);
      expect(winners).toHaveLength(1);
      expect(losers).toHaveLength(1);
      expect(losers[0].errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "CONCURRENT_REFRESH" });
      const won = winners[0].data.refreshSession;
      expect((await app.ok(VIEWER, {}, { token: won.accessToken })).viewer.email).toBe(user.email);
      const again = (await app.ok(REFRESH, { t: won.refreshToken })).refreshSession;
      expect((await app.ok(VIEWER, {}, { token: again.accessToken })).viewer.email).toBe(user.email);
      expect(await app.prisma.authSession.count({ where: { userId: user.id, revokedAt: { not: null } } })).toBe(0);
      expect(await app.prisma.auditLog.count({ where: { action: "auth.refresh_token_reuse", actorId: user.id } })).toBe(0);
    }
  });

  it("a second refresh with the same token inside the window is CONFLICT; after it, theft", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    const next = (await app.ok(REFRESH, { t: s.refreshToken })).refreshSession;
    app.clock.advance(app.config.REFRESH_REUSE_GRACE_SECONDS * 1000 - 2000);
    const late = await app.gql(REFRESH, { t: s.refreshToken });
    expect(late.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "CONCURRENT_REFRESH" });
    expect((await app.ok(VIEWER, {}, { token: next.accessToken })).viewer.email).toBe(user.email);
    app.clock.advance(3000);
    expect(errorCode(await app.gql(REFRESH, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(VIEWER, {}, { token: next.accessToken }))).toBe("UNAUTHENTICATED");
  });

  it("rejects an unknown or expired refresh token", async () => {
    expect(errorCode(await app.gql(REFRESH, { t: "not-a-token" }))).toBe("UNAUTHENTICATED");
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    app.clock.advance((app.config.REFRESH_TOKEN_TTL_DAYS * 86_400 + 60) * 1000);
    expect(errorCode(await app.gql(REFRESH, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
  });

  it("signOut revokes the session: its access and refresh tokens stop working, other sessions live on", async () => {
    const user = await createUser(app);
    const phone = await signIn(app, user.email);
    const laptop = await signIn(app, user.email);
    expect(await app.ok(`mutation { signOut }`, {}, { token: phone.accessToken })).toEqual({ signOut: true });
    expect(errorCode(await app.gql(VIEWER, {}, { token: phone.accessToken }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(REFRESH, { t: phone.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await app.ok(VIEWER, {}, { token: laptop.accessToken })).viewer.email).toBe(user.email);
  });

  it("signOut and signOutEverywhere need a signed-in viewer", async () => {
    expect(errorCode(await app.gql(`mutation { signOut }`))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(`mutation { signOutEverywhere }`))).toBe("UNAUTHENTICATED");
  });

  it("signOutEverywhere revokes every session of the viewer, this one included", async () => {
    const user = await createUser(app);
    const other = await createUser(app);
    const a = await signIn(app, user.email);
    const b = await signIn(app, user.email);
    const c = await signIn(app, user.email);
    await app.ok(REFRESH, { t: c.refreshToken }); // a rotated family still counts once
    const bystander = await signIn(app, other.email);
    expect(await app.ok(`mutation { signOutEverywhere }`, {}, { token: a.accessToken })).toEqual({ signOutEverywhere: 3 });
    for (const s of [a, b]) {
      expect(errorCode(await app.gql(VIEWER, {}, { token: s.accessToken }))).toBe("UNAUTHENTICATED");
      expect(errorCode(await app.gql(REFRESH, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
    }
    expect((await app.ok(VIEWER, {}, { token: bystander.accessToken })).viewer.email).toBe(other.email);
  });

  it("lists the viewer's live sessions with user agent, IP and expiry, and marks the current one", async () => {
    const user = await createUser(app);
    const phone = await signIn(app, user.email, undefined, { "user-agent": "Phone/1.0", "x-forwarded-for": "203.0.113.7" });
    const laptop = await signIn(app, user.email, undefined, { "user-agent": "Laptop/2.0", "x-forwarded-for": "198.51.100.4" });
    const old = await signIn(app, user.email, undefined, { "user-agent": "Old/0.1" });
    await app.ok(`mutation { signOut }`, {}, { token: old.accessToken });
    const data = await app.ok(SESSIONS, {}, { token: laptop.accessToken });
    expect(data.viewer.sessions.totalCount).toBe(2);
    const nodes = data.viewer.sessions.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.userAgent, n.ipAddress, n.current]).sort()).toEqual([
      ["Laptop/2.0", "198.51.100.4", true],
      ["Phone/1.0", "203.0.113.7", false],
    ]);
    for (const n of nodes) expect(new Date(n.expiresAt).getTime()).toBeGreaterThan(app.clock.now().getTime());
    expect(phone.accessToken).toBeTruthy();
  });

  it("revokes one of the viewer's own sessions by id; someone else's is NOT_FOUND and stays live", async () => {
    const user = await createUser(app);
    const other = await createUser(app);
    const phone = await signIn(app, user.email, undefined, { "user-agent": "Phone/1.0" });
    const laptop = await signIn(app, user.email, undefined, { "user-agent": "Laptop/2.0" });
    const theirs = await signIn(app, other.email);
    const list = await app.ok(SESSIONS, {}, { token: laptop.accessToken });
    const phoneId = list.viewer.sessions.edges.map((e: any) => e.node).find((n: any) => n.userAgent === "Phone/1.0").id;
    const revoke = `mutation($id: ID!) { revokeSession(id: $id) }`;

    const theirList = await app.ok(SESSIONS, {}, { token: theirs.accessToken });
    const theirId = theirList.viewer.sessions.edges[0].node.id;
    expect(errorCode(await app.gql(revoke, { id: theirId }, { token: laptop.accessToken }))).toBe("NOT_FOUND");
    expect((await app.ok(VIEWER, {}, { token: theirs.accessToken })).viewer.email).toBe(other.email);
    // node(id) does not reveal another user's session either.
    expect(await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: theirId }, { token: laptop.accessToken })).toEqual({ node: null });

    expect(await app.ok(revoke, { id: phoneId }, { token: laptop.accessToken })).toEqual({ revokeSession: true });
    expect(errorCode(await app.gql(VIEWER, {}, { token: phone.accessToken }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(REFRESH, { t: phone.refreshToken }))).toBe("UNAUTHENTICATED");
    expect((await app.ok(SESSIONS, {}, { token: laptop.accessToken })).viewer.sessions.totalCount).toBe(1);
    expect(errorCode(await app.gql(revoke, { id: "garbage!" }, { token: laptop.accessToken }))).toBe("BAD_USER_INPUT");
  });

  it("does not let anyone read another user's sessions", async () => {
    const [user, other] = [await createUser(app), await createUser(app)];
    const s = await signIn(app, other.email);
    await signIn(app, user.email);
    const r = await app.gql(`query($id: ID!) { node(id: $id) { ... on User { sessions(first: 5) { totalCount } } } }`, { id: encodeGlobalId("User", user.id) }, { token: s.accessToken });
    expect(errorCode(r)).toBe("FORBIDDEN");
    expect(r.data.node.sessions).toBeNull();
  });

  it("a deleted account's tokens stop working", async () => {
    const user = await createUser(app);
    const s = await signIn(app, user.email);
    await app.prisma.user.update({ where: { id: user.id }, data: { deletedAt: app.clock.now() } });
    expect(errorCode(await app.gql(VIEWER, {}, { token: s.accessToken }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(REFRESH, { t: s.refreshToken }))).toBe("UNAUTHENTICATED");
  });
});

describe("the sign-in payload", () => {
  it("answers the new user's private fields in the same operation", async () => {
    const app = await createTestApp();
    try {
      const up = await app.ok(`mutation { signUp(email: "payload@example.test", password: "Long-enough-1", displayName: "Pay") { user { email roles displayName } } }`);
      expect(up.signUp.user).toEqual({ email: "payload@example.test", roles: ["MEMBER"], displayName: "Pay" });
      const r = await app.ok(`mutation { signIn(email: "payload@example.test", password: "Long-enough-1") { user { email roles } } }`);
      expect(r.signIn.user).toEqual({ email: "payload@example.test", roles: ["MEMBER"] });
    } finally {
      await app.close();
    }
  });
});
