// Notifications: created by the domains with notify(), listed for their owner with an unread
// count, marked read one by one or all at once; expired ones are gone; per-type preferences.
import { jobs } from "../../src/domains/communication/jobs.ts";
import { notify } from "../../src/core/outbox.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

let app: TestApp;
let ada: TestUser;
let bob: TestUser;
let admin: TestUser;

const LIST = `query($unread: Boolean) { notifications(unreadOnly: $unread, first: 20) { totalCount edges { node { id type title read } } } unreadNotificationCount }`;
const MARK = `mutation($id: ID!) { markNotificationRead(id: $id) { id read readAt } }`;

const send = (userId: string, title: string, extra: Partial<Parameters<typeof notify>[1]> = {}) =>
  app.prisma.$transaction((tx) => notify(tx as never, { userId, type: "COMMENT_REPLY", title, message: `${title}!`, ...extra }));

beforeAll(async () => {
  app = await createTestApp();
  [ada, bob, admin] = await Promise.all([makeUser(app), makeUser(app), makeAdmin(app)]);
});
afterAll(() => app.close());

it("lists the owner's unexpired notifications newest first, with the unread count", async () => {
  const now = app.clock.now();
  await send(ada.id, "Old reply");
  app.clock.advance(1000);
  await send(ada.id, "Receipt", { type: "PURCHASE_RECEIPT", expiresAt: new Date(now.getTime() + 3_600_000) });
  await send(ada.id, "Expired", { type: "CREDITS_EXPIRING", expiresAt: new Date(now.getTime() - 1000) });
  await send(bob.id, "Bob's");
  const r = await app.ok(LIST, {}, { token: ada.token });
  expect(r.notifications.totalCount).toBe(2);
  expect(r.notifications.edges.map((e: any) => e.node.title).sort()).toEqual(["Old reply", "Receipt"]);
  expect(r.unreadNotificationCount).toBe(2);
  expect(errorCode(await app.gql(LIST))).toBe("UNAUTHENTICATED");
});

it("honours expiry: an expired notification is not listed, counted, readable or markable", async () => {
  const expired = await app.prisma.notification.findFirstOrThrow({ where: { title: "Expired" } });
  expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: gid("Notification", expired.id) }, { token: ada.token })).node).toBeNull();
  expect(errorCode(await app.gql(MARK, { id: gid("Notification", expired.id) }, { token: ada.token }))).toBe("NOT_FOUND");
  // Time passes: the receipt (1 h) expires too.
  app.clock.advance(2 * 3_600_000);
  const token = await app.token(ada.id);
  const r = await app.ok(LIST, {}, { token });
  expect(r.notifications.edges.map((e: any) => e.node.title)).toEqual(["Old reply"]);
  expect(r.unreadNotificationCount).toBe(1);
  app.clock.reset();
});

it("marks one read (owner only), then all read, counting only unexpired unread ones", async () => {
  const token = await app.token(ada.id);
  const mine = await app.prisma.notification.findFirstOrThrow({ where: { title: "Old reply" } });
  const bobs = await app.prisma.notification.findFirstOrThrow({ where: { title: "Bob's" } });
  expect(errorCode(await app.gql(MARK, { id: gid("Notification", bobs.id) }, { token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(MARK, { id: gid("Notification", bobs.id) }, { token: await app.token(admin.id) }))).toBe("NOT_FOUND");
  const r = await app.ok(MARK, { id: gid("Notification", mine.id) }, { token });
  expect(r.markNotificationRead).toMatchObject({ read: true });
  expect((await app.ok(LIST, { unread: true }, { token })).unreadNotificationCount).toBe(1);
  expect(await app.prisma.auditLog.count({ where: { action: "notification.read", entityId: mine.id } })).toBe(1);

  await send(ada.id, "Another");
  const all = await app.ok(`mutation { markAllNotificationsRead }`, {}, { token });
  expect(all.markAllNotificationsRead).toBe(2); // Receipt + Another; the expired one stays untouched
  expect((await app.prisma.notification.findFirstOrThrow({ where: { title: "Expired" } })).readAt).toBeNull();
  expect((await app.ok(LIST, {}, { token })).unreadNotificationCount).toBe(0);
  expect((await app.ok(`mutation { markAllNotificationsRead }`, {}, { token })).markAllNotificationsRead).toBe(0);
  // Bob's are untouched.
  expect((await app.ok(LIST, {}, { token: await app.token(bob.id) })).unreadNotificationCount).toBe(1);
});

it("skips a type the user switched off in-app; SYSTEM notices always arrive", async () => {
  const u = await makeUser(app);
  await app.ok(`mutation { updateMySettings(input: { notificationPreferences: { COMMENT_REPLY: { inApp: false } } }) { stored } }`, {}, { token: u.token });
  await send(u.id, "Muted reply");
  await send(u.id, "Receipt", { type: "PURCHASE_RECEIPT" });
  await send(u.id, "Maintenance", { type: "SYSTEM" });
  expect((await app.prisma.notification.findMany({ where: { userId: u.id }, orderBy: { title: "asc" } })).map((n) => n.title)).toEqual(["Maintenance", "Receipt"]);
});

it("lets admins send a SYSTEM notification (validated, audited)", async () => {
  const CREATE = `mutation($input: SystemNotificationInput!) { createSystemNotification(input: $input) { type title actionUrl expiresAt } }`;
  const input = { userId: gid("User", bob.id), title: "Scheduled maintenance", message: "Sunday 02:00 UTC", actionUrl: "/status" };
  expect(errorCode(await app.gql(CREATE, { input }, { token: await app.token(ada.id) }))).toBe("FORBIDDEN");
  const past = await app.gql(CREATE, { input: { ...input, expiresAt: new Date(app.clock.now().getTime() - 1000).toISOString() } }, { token: await app.token(admin.id) });
  expect(errorCode(past)).toBe("BAD_USER_INPUT");
  expect(past.errors?.[0].extensions?.field).toBe("expiresAt");
  const r = await app.ok(CREATE, { input }, { token: await app.token(admin.id) });
  expect(r.createSystemNotification).toMatchObject({ type: "SYSTEM", title: "Scheduled maintenance", actionUrl: "/status" });
  expect((await app.ok(LIST, {}, { token: await app.token(bob.id) })).notifications.edges[0].node).toMatchObject({ type: "SYSTEM", title: "Scheduled maintenance", read: false });
  expect(await app.prisma.auditLog.count({ where: { action: "notification.create" } })).toBe(1);
});

it("purges expired notifications with the job", async () => {
  const before = await app.prisma.notification.count();
  const expired = await app.prisma.notification.count({ where: { expiresAt: { lte: app.clock.now() } } });
  expect(expired).toBeGreaterThan(0);
  const r = await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "communication.purge_expired_notifications"));
  expect(r["communication.purge_expired_notifications"]).toEqual({ deleted: expired });
  expect(await app.prisma.notification.count()).toBe(before - expired);
});
