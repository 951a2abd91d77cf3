// Audit scenarios for the settings mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { gid, makeAdmin, makeContent, makeUser } from "../helpers/factories/site.ts";

export const scenarios: AuditScenarios = {
  updatePlatformSettings: async (app) => {
    const admin = await makeAdmin(app);
    const c = await makeContent(app, admin.id);
    return {
      query: `mutation($input: PlatformSettingsInput!) { updatePlatformSettings(input: $input) { platformName } }`,
      variables: { input: { platformName: "Audited", featuredContentIds: [gid("Content", c.id)] } },
      token: admin.token,
    };
  },
  setAppSetting: async (app) => ({
    query: `mutation { setAppSetting(key: "audit.flag", value: { on: true }, isPublic: true) { key } }`,
    token: (await makeAdmin(app)).token,
  }),
  deleteAppSetting: async (app) => {
    await app.prisma.appSetting.create({ data: { key: "audit.gone", value: 1 } });
    return { query: `mutation { deleteAppSetting(key: "audit.gone") }`, token: (await makeAdmin(app)).token };
  },
  updateMySettings: async (app) => ({
    query: `mutation { updateMySettings(input: { theme: "dark", ai: { tone: "casual" } }) { theme } }`,
    token: (await makeUser(app)).token,
  }),
  createNavItem: async (app) => ({
    query: `mutation { createNavItem(input: { label: "Docs", url: "/docs" }) { id } }`,
    token: (await makeAdmin(app)).token,
  }),
  updateNavItem: async (app) => {
    const a = await app.prisma.navItem.create({ data: { label: "A", url: "/a", position: 0 } });
    const b = await app.prisma.navItem.create({ data: { label: "B", url: "/b", position: 1 } });
    return {
      query: `mutation($id: ID!, $parent: ID) { updateNavItem(id: $id, input: { label: "B2", parentId: $parent }) { id } }`,
      variables: { id: gid("NavItem", b.id), parent: gid("NavItem", a.id) },
      token: (await makeAdmin(app)).token,
    };
  },
  deleteNavItem: async (app) => {
    const a = await app.prisma.navItem.create({ data: { label: "A", url: "/a" } });
    await app.prisma.navItem.create({ data: { label: "A1", url: "/a/1", parentId: a.id } });
    return { query: `mutation($id: ID!) { deleteNavItem(id: $id) }`, variables: { id: gid("NavItem", a.id) }, token: (await makeAdmin(app)).token };
  },
  reorderNavItems: async (app) => {
    const a = await app.prisma.navItem.create({ data: { label: "A", url: "/a", position: 0 } });
    const b = await app.prisma.navItem.create({ data: { label: "B", url: "/b", position: 1 } });
    return {
      query: `mutation($ids: [ID!]!) { reorderNavItems(ids: $ids) { id } }`,
      variables: { ids: [gid("NavItem", b.id), gid("NavItem", a.id)] },
      token: (await makeAdmin(app)).token,
    };
  },
};
