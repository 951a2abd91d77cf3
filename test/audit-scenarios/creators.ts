// Audit scenarios for becoming a creator and the creator-profile mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { encodeGlobalId } from "../../src/core/ids.ts";

type App = Parameters<AuditScenarios[string]>[0];

async function creator(app: App, slug: string, extra: { suspendedAt?: Date } = {}) {
  const user = await app.prisma.user.create({ data: { email: `${slug}@example.test`, roles: { create: [{ role: "MEMBER" }, { role: "CREATOR" }] } } });
  const profile = await app.prisma.creatorProfile.create({ data: { userId: user.id, displayName: slug, slug, ...extra } });
  return { user, profile, id: encodeGlobalId("CreatorProfile", profile.id), token: await app.token(user.id) };
}

async function admin(app: App) {
  const a = await app.prisma.user.create({ data: { email: `admin-${Math.random().toString(36).slice(2)}@example.test`, roles: { create: [{ role: "ADMIN" }] } } });
  return app.token(a.id);
}

export const scenarios: AuditScenarios = {
  becomeCreator: async (app) => {
    const user = await app.prisma.user.create({ data: { email: "audit-become@example.test", roles: { create: [{ role: "MEMBER" }] } } });
    return { query: `mutation { becomeCreator(displayName: "Audit", slug: "audit-become") { id } }`, token: await app.token(user.id) };
  },
  updateCreatorProfile: async (app) => {
    const c = await creator(app, "audit-update-profile");
    return { query: `mutation { updateCreatorProfile(bio: "New bio") { id } }`, token: c.token };
  },
  setCreatorVerified: async (app) => {
    const c = await creator(app, "audit-verify");
    return { query: `mutation($c: ID!) { setCreatorVerified(creatorId: $c, verified: true) { id } }`, variables: { c: c.id }, token: await admin(app) };
  },
  suspendCreator: async (app) => {
    const c = await creator(app, "audit-suspend");
    return { query: `mutation($c: ID!) { suspendCreator(creatorId: $c, reason: "Spam") { id } }`, variables: { c: c.id }, token: await admin(app) };
  },
  unsuspendCreator: async (app) => {
    const c = await creator(app, "audit-unsuspend", { suspendedAt: new Date("2026-11-01T00:00:00Z") });
    return { query: `mutation($c: ID!) { unsuspendCreator(creatorId: $c) { id } }`, variables: { c: c.id }, token: await admin(app) };
  },
};
