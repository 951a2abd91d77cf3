// Admin complimentary grants: an admin gives a member content or a whole series (optionally
// until a date), audited with the reason, and takes it back; purchases are never overwritten.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, key, makeAdmin, makeContent, makeCreator, makeSeries, makeUser } from "../helpers/factories/commerce.ts";

const GRANT = `mutation($u: ID!, $c: ID, $s: ID, $exp: DateTime, $r: String!) {
  grantComplimentaryAccess(userId: $u, contentId: $c, seriesId: $s, expiresAt: $exp, reason: $r) { id accessType expiresAt isActive } }`;
const REVOKE = `mutation($g: ID!, $r: String!) { revokeComplimentaryAccess(grantId: $g, reason: $r) { id isActive revokedAt } }`;
const ACCESS = `query($id: ID!) { node(id: $id) { ... on Content { viewerHasAccess mediaUrl } } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("admin complimentary grants", () => {
  it("grants content for free, audited; revoking takes it away again", async () => {
    const admin = await makeAdmin(app);
    const creator = await makeCreator(app);
    const content = await makeContent(app, creator.id, { price: "9.00" });
    const fan = await makeUser(app);
    const g = (await app.ok(GRANT, { u: fan.gid, c: content.gid, r: "Contest winner" }, { token: admin.token })).grantComplimentaryAccess;
    expect(g).toMatchObject({ accessType: "COMPLIMENTARY", expiresAt: null, isActive: true });
    expect((await app.ok(ACCESS, { id: content.gid }, { token: fan.token })).node.viewerHasAccess).toBe(true);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "content_access.grant", actorId: admin.id } });
    expect(audit.newValues).toMatchObject({ reason: "Contest winner", accessType: "COMPLIMENTARY" });
    expect(await app.prisma.notification.count({ where: { userId: fan.id, title: "A gift for you" } })).toBe(1);

    const r = (await app.ok(REVOKE, { g: g.id, r: "Granted by mistake" }, { token: admin.token })).revokeComplimentaryAccess;
    expect(r.isActive).toBe(false);
    expect((await app.ok(ACCESS, { id: content.gid }, { token: fan.token })).node).toMatchObject({ viewerHasAccess: false, mediaUrl: null });
    expect(await app.prisma.auditLog.count({ where: { action: "content_access.revoke", entityId: (await app.prisma.contentAccess.findFirstOrThrow({ where: { userId: fan.id } })).id } })).toBe(1);
    // Revoking again changes nothing.
    await app.ok(REVOKE, { g: g.id, r: "Granted by mistake" }, { token: admin.token });
    expect(await app.prisma.auditLog.count({ where: { action: "content_access.revoke", actorId: admin.id } })).toBe(1);
  });

  it("a series grant opens every item; a dated grant expires", async () => {
    const admin = await makeAdmin(app);
    const creator = await makeCreator(app);
    const series = await makeSeries(app, creator.id);
    const item = await makeContent(app, creator.id, { seriesId: series.id, seriesPosition: 1 });
    const fan = await makeUser(app);
    const until = new Date(app.clock.now().getTime() + 86_400_000);
    await app.ok(GRANT, { u: fan.gid, s: series.gid, exp: until.toISOString(), r: "Press preview" }, { token: admin.token });
    expect((await app.ok(ACCESS, { id: item.gid }, { token: fan.token })).node.viewerHasAccess).toBe(true);
    app.clock.advance(2 * 86_400_000);
    expect((await app.ok(ACCESS, { id: item.gid }, { token: await app.token(fan.id) })).node.viewerHasAccess).toBe(false);
  });

  it("members cannot grant; bad input is refused; a purchase is not overwritten; only complimentary grants are revoked here", async () => {
    const admin = await makeAdmin(app);
    const creator = await makeCreator(app);
    const content = await makeContent(app, creator.id, { price: "3.00" });
    const fan = await makeUser(app);
    expect(errorCode(await app.gql(GRANT, { u: fan.gid, c: content.gid, r: "because" }, { token: fan.token }))).toBe("FORBIDDEN");
    const both = await app.gql(GRANT, { u: fan.gid, r: "because" }, { token: admin.token });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "contentId" });
    expect(errorCode(await app.gql(GRANT, { u: fan.gid, c: content.gid, r: "" }, { token: admin.token }))).toBe("BAD_USER_INPUT");

    await app.ok(`mutation($id: ID!, $k: String!) { purchaseContent(contentId: $id, idempotencyKey: $k) { purchase { id } } }`, { id: content.gid, k: key() }, { token: fan.token });
    const owned = await app.gql(GRANT, { u: fan.gid, c: content.gid, r: "because" }, { token: admin.token });
    expect(owned.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "ALREADY_OWNED" });
    const purchased = await app.prisma.contentAccess.findFirstOrThrow({ where: { userId: fan.id, contentId: content.id } });
    const notComp = await app.gql(REVOKE, { g: gid("ContentAccess", purchased.id), r: "because" }, { token: admin.token });
    expect(notComp.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_COMPLIMENTARY" });
    expect((await app.prisma.contentAccess.findUniqueOrThrow({ where: { id: purchased.id } })).revokedAt).toBeNull();
  });
});
