// Becoming a creator: a member applies and is a CREATOR with a profile at once; slugs are
// validated and unique; the owner edits, admins verify and suspend; a suspended creator's content
// and series leave every listing (and come back), nothing is deleted; creator(slug) lookup.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createUser } from "../helpers/factories/identity.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(new Date("2026-11-15T10:00:00.000Z"));
});
afterAll(() => app.close());

const BECOME = `mutation($d: String!, $s: String!, $b: String) { becomeCreator(displayName: $d, slug: $s, bio: $b) { id slug displayName bio verified suspendedAt user { id roles } } }`;

async function member() {
  const u = await createUser(app);
  return { user: u, token: await app.token(u.id) };
}

it("a member becomes a creator: CREATOR role and profile at once, audited, and found by slug", async () => {
  const m = await member();
  const r = await app.ok(BECOME, { d: "Nora Beats", s: "Nora-Beats", b: "Lo-fi loops." }, { token: m.token });
  expect(r.becomeCreator).toMatchObject({ slug: "nora-beats", displayName: "Nora Beats", bio: "Lo-fi loops.", verified: false, suspendedAt: null });
  expect(r.becomeCreator.user.roles).toContain("CREATOR");
  const role = await app.prisma.userRole.findUniqueOrThrow({ where: { userId_role: { userId: m.user.id, role: "CREATOR" } } });
  expect(role.revokedAt).toBeNull();
  const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "creator.become", actorId: m.user.id } });
  expect(audit.entityType).toBe("CreatorProfile");

  const anon = await app.ok(`{ creator(slug: "nora-beats") { displayName user { id } } }`);
  expect(anon.creator.displayName).toBe("Nora Beats");
  expect((await app.ok(`{ creator(slug: "nobody-here") { id } }`)).creator).toBeNull();

  // Twice → CONFLICT, nothing written.
  const again = await app.gql(BECOME, { d: "Nora", s: "nora-two" }, { token: m.token });
  expect(errorCode(again)).toBe("CONFLICT");
  expect(again.errors![0].extensions!.reason).toBe("ALREADY_CREATOR");
  expect(await app.prisma.creatorProfile.count({ where: { slug: "nora-two" } })).toBe(0);
});

it("slugs are validated and unique; a taken one leaves no role behind", async () => {
  const a = await member();
  await app.ok(BECOME, { d: "Taken", s: "taken-slug" }, { token: a.token });
  const b = await member();
  for (const [slug, expected] of [
    ["x", "BAD_USER_INPUT"],
    ["no spaces", "BAD_USER_INPUT"],
    ["-dash", "BAD_USER_INPUT"],
    ["admin", "BAD_USER_INPUT"],
    ["taken-slug", "CONFLICT"],
  ] as const) {
    const r = await app.gql(BECOME, { d: "B", s: slug }, { token: b.token });
    expect([slug, errorCode(r)]).toEqual([slug, expected]);
    if (expected === "BAD_USER_INPUT") expect(r.errors![0].extensions!.field).toBe("slug");
  }
  expect(await app.prisma.userRole.count({ where: { userId: b.user.id, role: "CREATOR" } })).toBe(0);
  expect(errorCode(await app.gql(BECOME, { d: "", s: "fine-slug" }, { token: b.token }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await app.gql(BECOME, { d: "Anon", s: "anon-slug" }))).toBe("UNAUTHENTICATED");
});

it("the owner edits the profile; others cannot (NOT_FOUND); admins can", async () => {
  const owner = await member();
  const created = await app.ok(BECOME, { d: "Old Name", s: "old-name" }, { token: owner.token });
  const r = await app.ok(`mutation { updateCreatorProfile(displayName: "New Name", slug: "new-name", bio: "Hello") { displayName slug bio } }`, {}, { token: owner.token });
  expect(r.updateCreatorProfile).toEqual({ displayName: "New Name", slug: "new-name", bio: "Hello" });
  expect((await app.ok(`{ creator(slug: "old-name") { id } }`)).creator).toBeNull();

  const other = await member();
  const denied = await app.gql(`mutation($c: ID!) { updateCreatorProfile(creatorId: $c, bio: "hijacked") { bio } }`, { c: created.becomeCreator.id }, { token: other.token });
  expect(errorCode(denied)).toBe("NOT_FOUND");
  const admin = await createUser(app, { roles: ["ADMIN"] });
  const fixed = await app.ok(`mutation($c: ID!) { updateCreatorProfile(creatorId: $c, bio: "Edited by staff") { bio } }`, { c: created.becomeCreator.id }, { token: await app.token(admin.id) });
  expect(fixed.updateCreatorProfile.bio).toBe("Edited by staff");
  expect(errorCode(await app.gql(`mutation { updateCreatorProfile(bio: "x") { bio } }`, {}, { token: other.token }))).toBe("CONFLICT");
  expect(errorCode(await app.gql(`mutation { updateCreatorProfile { bio } }`, {}, { token: owner.token }))).toBe("BAD_USER_INPUT");
});

it("admins verify and unverify; members may not", async () => {
  const c = await member();
  const p = await app.ok(BECOME, { d: "Verify Me", s: "verify-me" }, { token: c.token });
  const admin = await createUser(app, { roles: ["ADMIN"] });
  const at = await app.token(admin.id);
  const V = `mutation($c: ID!, $v: Boolean!) { setCreatorVerified(creatorId: $c, verified: $v) { verified verifiedAt } }`;
  expect(errorCode(await app.gql(V, { c: p.becomeCreator.id, v: true }, { token: c.token }))).toBe("FORBIDDEN");
  app.clock.set(new Date("2026-11-15T10:00:00.000Z"));
  const verified = (await app.ok(V, { c: p.becomeCreator.id, v: true }, { token: at })).setCreatorVerified;
  expect(verified.verified).toBe(true);
  expect(Date.parse(verified.verifiedAt) - Date.parse("2026-11-15T10:00:00.000Z")).toBeLessThan(60_000);
  expect((await app.ok(V, { c: p.becomeCreator.id, v: false }, { token: at })).setCreatorVerified).toEqual({ verified: false, verifiedAt: null });
  expect(await app.prisma.auditLog.count({ where: { action: { in: ["creator.verify", "creator.unverify"] } } })).toBe(2);
});

it("a suspended creator's content and series leave every listing; nothing is deleted; unsuspending brings them back", async () => {
  const c = await member();
  const p = await app.ok(BECOME, { d: "Suspend Me", s: "suspend-me" }, { token: c.token });
  const series = await app.prisma.contentSeries.create({ data: { creatorId: c.user.id, title: "S", slug: "suspend-me-series", status: "PUBLISHED", publishedAt: new Date() } });
  const item = await app.prisma.content.create({
    data: { creatorId: c.user.id, title: "Suspended item", slug: "suspended-item", mediaType: "AUDIO", visibility: "PUBLIC", status: "PUBLISHED", publishedAt: new Date(), seriesId: series.id, seriesPosition: 0, tags: ["suspend-test"] },
  });
  const fan = await member();
  const LIST = `query { contents(first: 50, tag: "suspend-test") { totalCount edges { node { id } } } contentSeries(first: 50) { totalCount edges { node { id } } } }`;
  const seen = async (token?: string) => {
    const r = await app.ok(LIST, {}, { token });
    return { items: r.contents.totalCount, series: r.contentSeries.edges.filter((e: any) => e.node.id === encodeGlobalId("ContentSeries", series.id)).length };
  };
  expect(await seen(fan.token)).toEqual({ items: 1, series: 1 });

  const admin = await createUser(app, { roles: ["ADMIN"] });
  const at = await app.token(admin.id);
  expect(errorCode(await app.gql(`mutation($c: ID!) { suspendCreator(creatorId: $c, reason: " ") { id } }`, { c: p.becomeCreator.id }, { token: at }))).toBe("BAD_USER_INPUT");
  const s = await app.ok(`mutation($c: ID!) { suspendCreator(creatorId: $c, reason: "Copyright claims") { suspendedAt suspendedReason } }`, { c: p.becomeCreator.id }, { token: at });
  expect(s.suspendCreator.suspendedReason).toBe("Copyright claims");

  expect(await seen(fan.token)).toEqual({ items: 0, series: 0 });
  expect(await seen()).toEqual({ items: 0, series: 0 });
  expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalId("Content", item.id) }, { token: fan.token })).node).toBeNull();
  expect((await app.ok(`{ creator(slug: "suspend-me") { id } }`, {}, { token: fan.token })).creator).toBeNull();
  // The creator still sees their own things (and why), admins too; nothing was deleted.
  expect(await seen(c.token)).toEqual({ items: 1, series: 1 });
  expect((await app.ok(`{ creator(slug: "suspend-me") { suspendedReason } }`, {}, { token: c.token })).creator.suspendedReason).toBe("Copyright claims");
  expect(await seen(at)).toEqual({ items: 1, series: 1 });
  expect(await app.prisma.content.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({ deletedAt: null, status: "PUBLISHED" });
  // suspendedAt is not public.
  expect(errorCode(await app.gql(`{ creator(slug: "taken-slug") { suspendedAt } }`, {}, { token: fan.token }))).toBe("FORBIDDEN");

  await app.ok(`mutation($c: ID!) { unsuspendCreator(creatorId: $c) { suspendedAt } }`, { c: p.becomeCreator.id }, { token: at });
  expect(await seen(fan.token)).toEqual({ items: 1, series: 1 });
  expect(await app.prisma.auditLog.count({ where: { action: { in: ["creator.suspend", "creator.unsuspend"] } } })).toBe(2);
});
