// Audit scenarios for the identity mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { hashPassword } from "../../src/domains/identity/passwords.ts";

async function userWithPassword(app: Parameters<AuditScenarios[string]>[0], email: string) {
  return app.prisma.user.create({ data: { email, passwordHash: await hashPassword("Correct-horse-1") } });
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
    const r = await app.ok(`mutation { signIn(email: "audit-refresh@example.test", password: "Correct-horse-1") { refreshToken } }`);
    return { query: `mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken } }`, variables: { t: r.signIn.refreshToken } };
  },
  signOut: async (app) => {
    await userWithPassword(app, "audit-signout@example.test");
    const r = await app.ok(`mutation { signIn(email: "audit-signout@example.test", password: "Correct-horse-1") { accessToken } }`);
    return { query: `mutation { signOut }`, token: r.signIn.accessToken };
  },
};
