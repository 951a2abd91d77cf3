// Admin user management: the `users` connection (search with literal wildcards, role, status,
// bounded pages, admins only), suspendUser / unsuspendUser (sessions end at once, sign-in,
// refresh and an existing access token answer FORBIDDEN ACCOUNT_SUSPENDED), adminUpdateProfile,
// onboarding state; every change audited.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createUser, PASSWORD, signIn } from "../helpers/factories/identity.ts";

const USERS = `query($s: String, $r: Role, $st: UserStatus, $first: Int, $after: String) {
  users(search: $s, role: $r, status: $st, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id email displayName status roles suspendedAt } } } }`;
const SUSPEND = `mutation($id: ID!, $r: String!) { suspendUser(id: $id, reason: $r) { id status suspendedAt suspendedReason } }`;
const UNSUSPEND = `mutation($id: ID!) { unsuspendUser(id: $id) { id status suspendedAt } }`;

describe("admin user management", () => {
  let app: TestApp;
  let adminToken: string;
  let adminId: string;
  beforeAll(async () => {
    app = await createTestApp();
    const admin = await createUser(app, { email: "root-admin@example.test", displayName: "Root", roles: ["ADMIN"] });
    adminId = admin.id;
    adminToken = await app.token(admin.id);
  });
  afterAll(() => app.close());

  it("lists users for admins only, searching e-mail and names with wildcards taken literally", async () => {
    await createUser(app, { email: "grace.hopper@example.test", displayName: "Grace Hopper" });
    await createUser(app, { email: "percent@example.test", displayName: "100% Fan" });
    await createUser(app, { email: "under_score@example.test", displayName: "Under Score" });
    await createUser(app, { email: "underxscore@example.test", displayName: "Not a match" });
    const creator = await createUser(app, { email: "maker@example.test", displayName: "Maker", roles: ["MEMBER", "CREATOR"] });
    await createUser(app, { email: "lapsed@example.test", displayName: "Lapsed", expiringRoles: [{ role: "CREATOR", expiresAt: new Date(app.clock.now().getTime() - 1000) }] });

    const member = await createUser(app, {});
    expect(errorCode(await app.gql(USERS, {}, { token: await app.token(member.id) }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(USERS, {}))).toBe("UNAUTHENTICATED");

    const emails = async (vars: Record<string, unknown>) =>
      (await app.ok(USERS, vars, { token: adminToken })).users.edges.map((e: any) => e.node.email).sort();
    expect(await emails({ s: "HOPPER" })).toEqual(["grace.hopper@example.test"]); // display name, any case
    expect(await emails({ s: "grace.h" })).toEqual(["grace.hopper@example.test"]); // e-mail
    expect(await emails({ s: "%" })).toEqual(["percent@example.test"]); // not "everything"
    expect(await emails({ s: "under_" })).toEqual(["under_score@example.test"]); // _ is not "any character"
    // Role: in force now (an expired CREATOR grant does not count).
    expect(await emails({ r: "CREATOR" })).toEqual([creator.email]);

    const all = (await app.ok(USERS, { first: 3 }, { token: adminToken })).users;
    expect(all.totalCount).toBe(8);
    expect(all.edges).toHaveLength(3);
    expect(all.pageInfo.hasNextPage).toBe(true);
    // Pages are bounded: asking for more than 100 is refused, not served.
    expect(errorCode(await app.gql(USERS, { first: 5000 }, { token: adminToken }))).toBeDefined();
    expect((await app.gql(USERS, { first: 5000 }, { token: adminToken })).data?.users ?? null).toBeNull();
  });

  it("suspends: sessions end at once, the old access token, sign-in and refresh answer ACCOUNT_SUSPENDED; unsuspend restores sign-in", async () => {
    const user = await createUser(app, { email: "troll@example.test", displayName: "Troll" });
    const first = await signIn(app, user.email);
    const second = await signIn(app, user.email);
    expect((await app.ok(`{ viewer { email status } }`, {}, { token: first.accessToken })).viewer).toEqual({ email: user.email, status: "ACTIVE" });
    const gid = encodeGlobalId("User", user.id);

    // Not for members, and not one's own account.
    expect(errorCode(await app.gql(SUSPEND, { id: gid, r: "spam" }, { token: second.accessToken }))).toBe("FORBIDDEN");
    const own = await app.gql(SUSPEND, { id: encodeGlobalId("User", adminId), r: "oops" }, { token: adminToken });
    expect(own.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "OWN_ACCOUNT" });
    const blank = await app.gql(SUSPEND, { id: gid, r: "   " }, { token: adminToken });
    expect(blank.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });

    const s = await app.ok(SUSPEND, { id: gid, r: "Spam in comments" }, { token: adminToken });
    expect(s.suspendUser).toMatchObject({ status: "SUSPENDED", suspendedReason: "Spam in comments" });
    expect(s.suspendUser.suspendedAt).toBeTruthy();
    expect(await app.prisma.authSession.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);

    for (const token of [first.accessToken, second.accessToken]) {
      const r = await app.gql(`{ viewer { id } }`, {}, { token });
      expect(r.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "ACCOUNT_SUSPENDED" });
    }
    const refreshed = await app.gql(`mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, { t: first.refreshToken });
    expect(refreshed.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "ACCOUNT_SUSPENDED" });
    const signInAgain = await app.gql(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }`, { e: user.email, p: PASSWORD });
    expect(signInAgain.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "ACCOUNT_SUSPENDED" });
    // A wrong password still answers the ordinary UNAUTHENTICATED: the suspension is not disclosed to a guesser.
    expect(errorCode(await app.gql(`mutation { signIn(email: "troll@example.test", password: "Wrong-password-1") { accessToken } }`))).toBe("UNAUTHENTICATED");

    // The admin list filters by status.
    const suspended = (await app.ok(USERS, { st: "SUSPENDED" }, { token: adminToken })).users.edges.map((e: any) => e.node.email);
    expect(suspended).toEqual([user.email]);
    const active = (await app.ok(USERS, { st: "ACTIVE" }, { token: adminToken })).users.edges.map((e: any) => e.node.email);
    expect(active).not.toContain(user.email);

    // Suspending again changes nothing (one audit row).
    await app.ok(SUSPEND, { id: gid, r: "again" }, { token: adminToken });
    expect(await app.prisma.auditLog.count({ where: { action: "user.suspend", entityId: user.id } })).toBe(1);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "user.suspend", entityId: user.id } });
    expect(audit.actorId).toBe(adminId);
    expect(audit.newValues).toMatchObject({ suspendedReason: "Spam in comments", sessionRowsRevoked: 2 });

    const u = await app.ok(UNSUSPEND, { id: gid }, { token: adminToken });
    expect(u.unsuspendUser).toEqual({ id: gid, status: "ACTIVE", suspendedAt: null });
    expect(await app.prisma.auditLog.count({ where: { action: "user.unsuspend", entityId: user.id } })).toBe(1);
    // The ended sessions stay ended; a fresh sign-in works.
    expect(errorCode(await app.gql(`{ viewer { id } }`, {}, { token: first.accessToken }))).toBe("UNAUTHENTICATED");
    const back = await signIn(app, user.email);
    expect((await app.ok(`{ viewer { email } }`, {}, { token: back.accessToken })).viewer.email).toBe(user.email);

    // Unknown and deleted users are NOT_FOUND.
    const gone = await createUser(app, { deletedAt: app.clock.now() });
    expect(errorCode(await app.gql(SUSPEND, { id: encodeGlobalId("User", gone.id), r: "x" }, { token: adminToken }))).toBe("NOT_FOUND");
    expect((await app.ok(USERS, { st: "DELETED" }, { token: adminToken })).users.edges.map((e: any) => e.node.email)).toContain(gone.email);
  });

  it("suspension status fields are admins' (status also the user's own)", async () => {
    const user = await createUser(app, {});
    const other = await createUser(app, {});
    const q = `query($id: ID!) { node(id: $id) { ... on User { suspendedReason } } }`;
    expect(errorCode(await app.gql(q, { id: encodeGlobalId("User", user.id) }, { token: await app.token(user.id) }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(`query($id: ID!) { node(id: $id) { ... on User { status } } }`, { id: encodeGlobalId("User", user.id) }, { token: await app.token(other.id) }))).toBe("FORBIDDEN");
  });

  it("admins edit anyone's profile (validated, audited with the admin as actor)", async () => {
    const user = await createUser(app, { displayName: "Bad Name" });
    const EDIT = `mutation($id: ID!, $i: UpdateProfileInput!) { adminUpdateProfile(userId: $id, input: $i) { displayName profile { displayName bio } } }`;
    const gid = encodeGlobalId("User", user.id);
    expect(errorCode(await app.gql(EDIT, { id: gid, i: { displayName: "x" } }, { token: await app.token(user.id) }))).toBe("FORBIDDEN");
    const bad = await app.gql(EDIT, { id: gid, i: { timezone: "Mars/Olympus" } }, { token: adminToken });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "timezone" });
    const r = await app.ok(EDIT, { id: gid, i: { displayName: "Renamed by support", bio: null } }, { token: adminToken });
    expect(r.adminUpdateProfile).toEqual({ displayName: "Renamed by support", profile: { displayName: "Renamed by support", bio: null } });
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "user.profile_admin_update" } });
    expect(audit.actorId).toBe(adminId);
    expect(audit.oldValues).toMatchObject({ displayName: "Bad Name" });
    expect(audit.newValues).toMatchObject({ displayName: "Renamed by support" });
    const gone = await createUser(app, { deletedAt: app.clock.now() });
    expect(errorCode(await app.gql(EDIT, { id: encodeGlobalId("User", gone.id), i: { bio: "x" } }, { token: adminToken }))).toBe("NOT_FOUND");
  });

  it("onboarding: isOnboarded until completeOnboarding, once", async () => {
    const user = await createUser(app, {});
    const token = await app.token(user.id);
    expect((await app.ok(`{ viewer { isOnboarded onboardedAt } }`, {}, { token })).viewer).toEqual({ isOnboarded: false, onboardedAt: null });
    expect(errorCode(await app.gql(`mutation { completeOnboarding { id } }`))).toBe("UNAUTHENTICATED");
    const r = await app.ok(`mutation { completeOnboarding { isOnboarded onboardedAt } }`, {}, { token });
    expect(r.completeOnboarding.isOnboarded).toBe(true);
    expect(Math.abs(Date.parse(r.completeOnboarding.onboardedAt) - app.clock.now().getTime())).toBeLessThan(5_000); // the test clock's time
    app.clock.advance(60_000);
    const again = await app.ok(`mutation { completeOnboarding { onboardedAt } }`, {}, { token });
    expect(again.completeOnboarding.onboardedAt).toBe(r.completeOnboarding.onboardedAt);
    expect(await app.prisma.auditLog.count({ where: { action: "user.onboarding_complete", entityId: user.id } })).toBe(1);
    const other = await createUser(app, {});
    expect(errorCode(await app.gql(`query($id: ID!) { node(id: $id) { ... on User { isOnboarded } } }`, { id: encodeGlobalId("User", user.id) }, { token: await app.token(other.id) }))).toBe("FORBIDDEN");
  });
});
