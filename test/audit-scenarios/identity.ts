// Audit scenarios for the identity mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import type { Role } from "../../src/generated/prisma/client.ts";
import { hashPassword } from "../../src/domains/identity/passwords.ts";
import { encodeGlobalId } from "../../src/core/ids.ts";

type App = Parameters<AuditScenarios[string]>[0];
const PASSWORD = "Correct-horse-1";

async function userWithPassword(app: App, email: string, roles: Role[] = ["MEMBER"]) {
  return app.prisma.user.create({ data: { email, passwordHash: await hashPassword(PASSWORD), roles: { create: roles.map((role) => ({ role })) } } });
}

async function signedIn(app: App, email: string) {
  const r = await app.ok(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken refreshToken } }`, { e: email, p: PASSWORD });
  return r.signIn as { accessToken: string; refreshToken: string };
}

/** The token of the newest mail of a type to an address. */
async function mailedToken(app: App, to: string, emailType: string) {
  const mail = await app.prisma.emailLog.findFirstOrThrow({ where: { recipientEmail: to, emailType }, orderBy: { createdAt: "desc" } });
  return decodeURIComponent(/[?&]token=([^\s&]+)/.exec(mail.bodyText ?? "")![1]);
}

export const scenarios: AuditScenarios = {
  signUp: async () => ({
    query: `mutation { signUp(email: "audit-signup@example.test", password: "Long-enough-1") { accessToken } }`,
  }),
  signIn: async (app) => {
    await userWithPassword(app, "audit-signin@example.test");
    return { query: `mutation { signIn(email: "audit-signin@example.test", password: "Correct-horse-1") { accessToken } }` };
  },
  refreshSession: async (app) => {
    await userWithPassword(app, "audit-refresh@example.test");
    const s = await signedIn(app, "audit-refresh@example.test");
    return { query: `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, variables: { t: s.refreshToken } };
  },
  signOut: async (app) => {
    await userWithPassword(app, "audit-signout@example.test");
    const s = await signedIn(app, "audit-signout@example.test");
    return { query: `mutation { signOut }`, token: s.accessToken };
  },
  signOutEverywhere: async (app) => {
    await userWithPassword(app, "audit-everywhere@example.test");
    await signedIn(app, "audit-everywhere@example.test");
    const s = await signedIn(app, "audit-everywhere@example.test");
    return { query: `mutation { signOutEverywhere }`, token: s.accessToken };
  },
  revokeSession: async (app) => {
    const user = await userWithPassword(app, "audit-revoke-session@example.test");
    await signedIn(app, "audit-revoke-session@example.test");
    const s = await signedIn(app, "audit-revoke-session@example.test");
    const other = await app.prisma.authSession.findFirstOrThrow({ where: { userId: user.id, revokedAt: null }, orderBy: { createdAt: "asc" } });
    return { query: `mutation($id: ID!) { revokeSession(id: $id) }`, variables: { id: encodeGlobalId("AuthSession", other.id) }, token: s.accessToken };
  },
  requestPasswordReset: async (app) => {
    await userWithPassword(app, "audit-reset-request@example.test");
    return { query: `mutation { requestPasswordReset(email: "audit-reset-request@example.test") }` };
  },
  resetPassword: async (app) => {
    await userWithPassword(app, "audit-reset@example.test");
    await app.ok(`mutation { requestPasswordReset(email: "audit-reset@example.test") }`);
    const token = await mailedToken(app, "audit-reset@example.test", "password_reset");
    return { query: `mutation($t: String!) { resetPassword(token: $t, newPassword: "Brand-new-secret-42") }`, variables: { t: token } };
  },
  requestEmailVerification: async (app) => {
    const user = await userWithPassword(app, "audit-verify-request@example.test");
    return { query: `mutation { requestEmailVerification }`, token: await app.token(user.id) };
  },
  verifyEmail: async (app) => {
    const user = await userWithPassword(app, "audit-verify@example.test");
    await app.ok(`mutation { requestEmailVerification }`, {}, { token: await app.token(user.id) });
    const token = await mailedToken(app, "audit-verify@example.test", "email_verification");
    return { query: `mutation($t: String!) { verifyEmail(token: $t) }`, variables: { t: token } };
  },
  updateProfile: async (app) => {
    const user = await userWithPassword(app, "audit-profile@example.test");
    return { query: `mutation { updateProfile(input: { bio: "Audited.", preferences: { readingLevel: 4 } }) { id } }`, token: await app.token(user.id) };
  },
  changePassword: async (app) => {
    await userWithPassword(app, "audit-change-password@example.test");
    const s = await signedIn(app, "audit-change-password@example.test");
    return { query: `mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "Brand-new-secret-42") }`, token: s.accessToken };
  },
  deleteAccount: async (app) => {
    const user = await userWithPassword(app, "audit-delete@example.test");
    await app.prisma.story.create({ data: { creatorId: user.id, title: "Goes with the account" } });
    return { query: `mutation { deleteAccount(password: "${PASSWORD}") }`, token: await app.token(user.id) };
  },
  grantRole: async (app) => {
    const admin = await userWithPassword(app, "audit-grant-admin@example.test", ["ADMIN"]);
    const user = await userWithPassword(app, "audit-grant@example.test");
    return { query: `mutation($id: ID!) { grantRole(userId: $id, role: CREATOR) { id } }`, variables: { id: encodeGlobalId("User", user.id) }, token: await app.token(admin.id) };
  },
  revokeRole: async (app) => {
    const admin = await userWithPassword(app, "audit-revoke-admin@example.test", ["ADMIN"]);
    const user = await userWithPassword(app, "audit-revoke@example.test", ["MEMBER", "CREATOR"]);
    return { query: `mutation($id: ID!) { revokeRole(userId: $id, role: CREATOR) { id } }`, variables: { id: encodeGlobalId("User", user.id) }, token: await app.token(admin.id) };
  },
  restoreAccount: async (app) => {
    const admin = await userWithPassword(app, "audit-restore-admin@example.test", ["ADMIN"]);
    const user = await app.prisma.user.create({ data: { email: "audit-restore@example.test", deletedAt: app.clock.now() } });
    return { query: `mutation($id: ID!) { restoreAccount(userId: $id) { id } }`, variables: { id: encodeGlobalId("User", user.id) }, token: await app.token(admin.id) };
  },
};
