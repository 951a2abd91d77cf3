// Audit scenarios for content and series authoring (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { encodeGlobalId } from "../../src/core/ids.ts";

type App = Parameters<AuditScenarios[string]>[0];

async function creator(app: App, key: string) {
  const user = await app.prisma.user.create({ data: { email: `audit-${key}@example.test`, roles: { create: [{ role: "MEMBER" }, { role: "CREATOR" }] } } });
  return { user, token: await app.token(user.id) };
}

async function item(app: App, creatorId: string, slug: string, extra: Record<string, unknown> = {}) {
  const c = await app.prisma.content.create({ data: { creatorId, title: slug, slug, mediaType: "AUDIO", mediaUrl: "https://cdn.example.test/a.mp3", visibility: "PUBLIC", ...extra } });
  return { row: c, id: encodeGlobalId("Content", c.id) };
}

async function series(app: App, creatorId: string, slug: string) {
  const s = await app.prisma.contentSeries.create({ data: { creatorId, title: slug, slug } });
  return { row: s, id: encodeGlobalId("ContentSeries", s.id) };
}

const statusScenario = (mutation: string, status: "DRAFT" | "PUBLISHED") => async (app: App) => {
  const key = mutation.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`);
  const c = await creator(app, key);
  const i = await item(app, c.user.id, `audit-${key}`, { status });
  return { query: `mutation($id: ID!) { ${mutation}(id: $id) { id } }`, variables: { id: i.id }, token: c.token };
};

export const scenarios: AuditScenarios = {
  createContent: async (app) => {
    const c = await creator(app, "create-content");
    return { query: `mutation { createContent(input: { title: "Audit item", mediaType: AUDIO }) { id } }`, token: c.token };
  },
  updateContent: async (app) => {
    const c = await creator(app, "update-content");
    const i = await item(app, c.user.id, "audit-update-content");
    return { query: `mutation($id: ID!) { updateContent(id: $id, input: { title: "Renamed", tags: ["a"] }) { id } }`, variables: { id: i.id }, token: c.token };
  },
  publishContent: statusScenario("publishContent", "DRAFT"),
  unpublishContent: statusScenario("unpublishContent", "PUBLISHED"),
  archiveContent: statusScenario("archiveContent", "PUBLISHED"),
  deleteContent: statusScenario("deleteContent", "PUBLISHED"),
  restoreContent: async (app) => {
    const c = await creator(app, "restore-content");
    const i = await item(app, c.user.id, "audit-restore-content", { deletedAt: new Date("2026-11-01T00:00:00Z") });
    const admin = await app.prisma.user.create({ data: { email: "audit-restore-admin@example.test", roles: { create: [{ role: "ADMIN" }] } } });
    return { query: `mutation($id: ID!) { restoreContent(id: $id) { id } }`, variables: { id: i.id }, token: await app.token(admin.id) };
  },
  createSeries: async (app) => {
    const c = await creator(app, "create-series");
    return { query: `mutation { createSeries(input: { title: "Audit series" }) { id } }`, token: c.token };
  },
  updateSeries: async (app) => {
    const c = await creator(app, "update-series");
    const s = await series(app, c.user.id, "audit-update-series");
    return { query: `mutation($id: ID!) { updateSeries(id: $id, input: { price: "9.99" }) { id } }`, variables: { id: s.id }, token: c.token };
  },
  addSeriesItem: async (app) => {
    const c = await creator(app, "add-series-item");
    const s = await series(app, c.user.id, "audit-add-series");
    const i = await item(app, c.user.id, "audit-add-series-item");
    return { query: `mutation($s: ID!, $c: ID!) { addSeriesItem(seriesId: $s, contentId: $c) { id } }`, variables: { s: s.id, c: i.id }, token: c.token };
  },
  removeSeriesItem: async (app) => {
    const c = await creator(app, "remove-series-item");
    const s = await series(app, c.user.id, "audit-remove-series");
    const i = await item(app, c.user.id, "audit-remove-series-item", { seriesId: s.row.id, seriesPosition: 0 });
    return { query: `mutation($s: ID!, $c: ID!) { removeSeriesItem(seriesId: $s, contentId: $c) { id } }`, variables: { s: s.id, c: i.id }, token: c.token };
  },
  reorderSeriesItems: async (app) => {
    const c = await creator(app, "reorder-series");
    const s = await series(app, c.user.id, "audit-reorder-series");
    const a = await item(app, c.user.id, "audit-reorder-a", { seriesId: s.row.id, seriesPosition: 0 });
    const b = await item(app, c.user.id, "audit-reorder-b", { seriesId: s.row.id, seriesPosition: 1 });
    return { query: `mutation($s: ID!, $ids: [ID!]!) { reorderSeriesItems(seriesId: $s, contentIds: $ids) { id } }`, variables: { s: s.id, ids: [b.id, a.id] }, token: c.token };
  },
  publishSeries: async (app) => {
    const c = await creator(app, "publish-series");
    const s = await series(app, c.user.id, "audit-publish-series");
    await item(app, c.user.id, "audit-publish-series-item", { seriesId: s.row.id, seriesPosition: 0, status: "PUBLISHED" });
    return { query: `mutation($id: ID!) { publishSeries(id: $id) { id } }`, variables: { id: s.id }, token: c.token };
  },
  unpublishSeries: async (app) => {
    const c = await creator(app, "unpublish-series");
    const s = await series(app, c.user.id, "audit-unpublish-series");
    await app.prisma.contentSeries.update({ where: { id: s.row.id }, data: { status: "PUBLISHED" } });
    return { query: `mutation($id: ID!) { unpublishSeries(id: $id) { id } }`, variables: { id: s.id }, token: c.token };
  },
};
