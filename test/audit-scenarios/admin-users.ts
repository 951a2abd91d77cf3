// Audit scenarios for admin user management and onboarding (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import type { Role } from "../../src/generated/prisma/client.ts";
import { encodeGlobalId } from "../../src/core/ids.ts";

type App = Parameters<AuditScenarios[string]>[0];

function user(app: App, email: string, roles: Role[] = ["MEMBER"], extra: { suspendedAt?: Date } = {}) {
  return app.prisma.user.create({ data: { email, roles: { create: roles.map((role) => ({ role })) }, ...extra } });
}

export const scenarios: AuditScenarios = {
  suspendUser: async (app) => {
    const admin = await user(app, "audit-suspend-admin@example.test", ["ADMIN"]);
    const u = await user(app, "audit-suspend@example.test");
    await app.prisma.authSession.create({ data: { userId: u.id, familyId: u.id, refreshTokenHash: "audit-suspend-hash", expiresAt: new Date(app.clock.now().getTime() + 86_400_000) } });
    return { query: `mutation($id: ID!) { suspendUser(id: $id, reason: "Audit") { id } }`, variables: { id: encodeGlobalId("User", u.id) }, token: await app.token(admin.id) };
  },
  unsuspendUser: async (app) => {
    const admin = await user(app, "audit-unsuspend-admin@example.test", ["ADMIN"]);
    const u = await user(app, "audit-unsuspend@example.test", ["MEMBER"], { suspendedAt: app.clock.now() });
    return { query: `mutation($id: ID!) { unsuspendUser(id: $id) { id } }`, variables: { id: encodeGlobalId("User", u.id) }, token: await app.token(admin.id) };
  },
  adminUpdateProfile: async (app) => {
    const admin = await user(app, "audit-admin-profile-admin@example.test", ["ADMIN"]);
    const u = await user(app, "audit-admin-profile@example.test");
    return { query: `mutation($id: ID!) { adminUpdateProfile(userId: $id, input: { displayName: "Fixed by support" }) { id } }`, variables: { id: encodeGlobalId("User", u.id) }, token: await app.token(admin.id) };
  },
  completeOnboarding: async (app) => {
    const u = await user(app, "audit-onboarding@example.test");
    return { query: `mutation { completeOnboarding { id } }`, token: await app.token(u.id) };
  },
};
