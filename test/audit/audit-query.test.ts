// The audit trail query (admins only, filters) and the cache store (admin list and purge, the
// expiry job).
import { jobs } from "../../src/domains/audit/jobs.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

let app: TestApp;
let admin: TestUser;
let ada: TestUser;

const Q = `query($actorId: ID, $action: String, $actionPrefix: String, $entityType: String, $entityId: String, $entity: ID, $from: DateTime, $to: DateTime) {
  auditLogs(actorId: $actorId, action: $action, actionPrefix: $actionPrefix, entityType: $entityType, entityId: $entityId, entity: $entity, from: $from, to: $to, first: 50) {
    totalCount edges { node { id action entityType entityId actor { id } oldValues newValues ipAddress userAgent requestId } } } }`;

beforeAll(async () => {
  app = await createTestApp();
  admin = await makeAdmin(app);
  ada = await makeUser(app);
});
afterAll(() => app.close());

describe("auditLogs", () => {
  it("is admin-only: UNAUTHENTICATED anonymously, FORBIDDEN for members, rows are null by id", async () => {
    await app.ok(`mutation { updateMySettings(input: { theme: "dark" }) { theme } }`, {}, { token: ada.token });
    expect(errorCode(await app.gql(Q))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(Q, {}, { token: ada.token }))).toBe("FORBIDDEN");
    const row = await app.prisma.auditLog.findFirstOrThrow();
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: gid("AuditLog", row.id) }, { token: ada.token })).node).toBeNull();
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: gid("AuditLog", row.id) }, { token: admin.token })).node).toEqual({ id: gid("AuditLog", row.id) });
  });

  it("records actor, request metadata and old/new values, and filters by actor, action, entity and time", async () => {
    // Audit rows carry the database's commit-time clock (now()), not the app clock: real time here.
    const t0 = new Date(Date.now() - 60_000);
    await app.gql(
      `mutation { setAppSetting(key: "feature.x", value: true, isPublic: true) { key } }`,
      {},
      { token: admin.token, headers: { "x-forwarded-for": "198.51.100.7", "user-agent": "AuditTest/2", "x-request-id": "req-audit-1" } },
    );
    await new Promise((r) => setTimeout(r, 50));
    const t1 = new Date();
    await new Promise((r) => setTimeout(r, 50));
    const adminToken = await app.token(admin.id);
    const nav = await app.ok(`mutation { createNavItem(input: { label: "Docs", url: "/docs" }) { id } }`, {}, { token: adminToken });
    await app.ok(`mutation($id: ID!) { updateNavItem(id: $id, input: { label: "Guides" }) { id } }`, { id: nav.createNavItem.id }, { token: adminToken });

    const byAction = await app.ok(Q, { action: "app_setting.create" }, { token: adminToken });
    expect(byAction.auditLogs.totalCount).toBe(1);
    expect(byAction.auditLogs.edges[0].node).toMatchObject({
      entityType: "AppSetting",
      actor: { id: gid("User", admin.id) },
      newValues: { key: "feature.x", value: true, isPublic: true },
      ipAddress: "198.51.100.7",
      userAgent: "AuditTest/2",
      requestId: "req-audit-1",
    });

    const byActor = await app.ok(Q, { actorId: gid("User", ada.id) }, { token: adminToken });
    expect(byActor.auditLogs.edges.map((e: any) => e.node.action)).toEqual(["user_settings.update"]);

    const navItemId = Buffer.from(nav.createNavItem.id, "base64url").toString().split(":")[1];
    const byEntity = await app.ok(Q, { entity: nav.createNavItem.id }, { token: adminToken });
    expect(byEntity.auditLogs.edges.map((e: any) => e.node.action)).toEqual(["nav_item.update", "nav_item.create"]);
    expect(byEntity.auditLogs.edges[0].node).toMatchObject({ entityId: navItemId, oldValues: { label: "Docs" }, newValues: { label: "Guides" } });
    expect((await app.ok(Q, { entityType: "NavItem", entityId: navItemId }, { token: adminToken })).auditLogs.totalCount).toBe(2);
    expect((await app.ok(Q, { actionPrefix: "nav_item." }, { token: adminToken })).auditLogs.totalCount).toBe(2);

    const early = await app.ok(Q, { to: t1.toISOString() }, { token: adminToken });
    expect(early.auditLogs.edges.map((e: any) => e.node.action).sort()).toEqual(["app_setting.create", "user_settings.update"]);
    const late = await app.ok(Q, { from: t1.toISOString() }, { token: adminToken });
    expect(late.auditLogs.edges.map((e: any) => e.node.action)).toEqual(["nav_item.update", "nav_item.create"]);
    expect((await app.ok(Q, { from: t0.toISOString(), to: t1.toISOString(), actionPrefix: "app_setting." }, { token: adminToken })).auditLogs.totalCount).toBe(1);
    expect(errorCode(await app.gql(Q, { from: t1.toISOString(), to: t0.toISOString() }, { token: adminToken }))).toBe("BAD_USER_INPUT");
  });

  it("redacts secret-looking keys in the recorded values", async () => {
    const adminToken = await app.token(admin.id);
    await app.ok(`mutation { setAppSetting(key: "integrations.mailer", value: { host: "smtp.example", password: "hunter2", apiKey: "k-123" }) { key } }`, {}, { token: adminToken });
    const r = await app.ok(Q, { action: "app_setting.create", entityType: "AppSetting" }, { token: adminToken });
    const row = r.auditLogs.edges.find((e: any) => e.node.newValues.key === "integrations.mailer").node;
    expect(row.newValues.value).toEqual({ host: "smtp.example", password: "[redacted]", apiKey: "[redacted]" });
  });
});

describe("cache store", () => {
  it("purges expired rows with the job, leaving live and non-expiring rows", async () => {
    const past = new Date(app.clock.now().getTime() - 60_000);
    const future = new Date(app.clock.now().getTime() + 3_600_000);
    await app.prisma.cacheEntry.createMany({
      data: [
        { key: "t:expired:1", value: 1, category: "test", expiresAt: past },
        { key: "t:expired:2", value: 2, category: "test", expiresAt: past },
        { key: "t:live", value: 3, category: "test", expiresAt: future },
        { key: "t:forever", value: 4, category: "test", expiresAt: null },
      ],
    });
    // The key/value store already ignores expired rows…
    expect(await app.runtime.services.kv.get("t:expired:1")).toBeNull();
    // …and the job deletes them.
    const r = await runJobsOnce(app.runtime, jobs);
    expect(r["system.purge_expired_cache"]).toEqual({ deleted: 2 });
    expect((await app.prisma.cacheEntry.findMany({ where: { category: "test" }, orderBy: { key: "asc" } })).map((e) => e.key)).toEqual(["t:forever", "t:live"]);
    expect((await runJobsOnce(app.runtime, jobs))["system.purge_expired_cache"]).toEqual({ deleted: 0 });
  });

  it("is listed and purged by admins only (purge audited)", async () => {
    const adminToken = await app.token(admin.id);
    await app.runtime.services.kv.incr("rl:test:1", 600);
    const LIST = `query($category: String) { cacheEntries(category: $category, first: 10) { totalCount edges { node { key value category expiresAt } } } }`;
    expect(errorCode(await app.gql(LIST, {}, { token: ada.token }))).toBe("FORBIDDEN");
    const counters = await app.ok(LIST, { category: "counter" }, { token: adminToken });
    expect(counters.cacheEntries.edges.map((e: any) => [e.node.key, e.node.value])).toContainEqual(["rl:test:1", 1]);
    expect(errorCode(await app.gql(`mutation { purgeCache }`, {}, { token: adminToken }))).toBe("BAD_USER_INPUT");
    expect(errorCode(await app.gql(`mutation { purgeCache(category: "test") }`, {}, { token: ada.token }))).toBe("FORBIDDEN");
    expect((await app.ok(`mutation { purgeCache(category: "test") }`, {}, { token: adminToken })).purgeCache).toBe(2);
    expect(await app.prisma.cacheEntry.count({ where: { category: "test" } })).toBe(0);
    expect(await app.prisma.auditLog.count({ where: { action: "cache.purge" } })).toBe(1);
  });
});
