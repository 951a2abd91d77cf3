// Authoring the catalogue: drafts of every media type, update, price (Decimal + currency; > 0),
// visibility, tags, prerequisites (enforced on the protected fields), preview, publish with a
// completeness check naming every missing field, unpublish / archive, soft delete + admin restore;
// series with items added, removed and reordered and a bundle price; by-slug lookups; drafts
// only to their owner and admins, in lists and counts alike; every mutation audited.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createUser } from "../helpers/factories/identity.ts";

let app: TestApp;
let creator: { id: string; token: string };
let other: { id: string; token: string };
let fan: { id: string; token: string };
let admin: { id: string; token: string };

async function user(roles: ("MEMBER" | "CREATOR" | "ADMIN")[]) {
  const u = await createUser(app, { roles });
  return { id: u.id, token: await app.token(u.id) };
}

beforeAll(async () => {
  app = await createTestApp();
  app.clock.set(new Date("2026-11-20T09:00:00.000Z"));
  creator = await user(["MEMBER", "CREATOR"]);
  other = await user(["MEMBER", "CREATOR"]);
  fan = await user(["MEMBER"]);
  admin = await user(["ADMIN"]);
});
afterAll(() => app.close());

const CREATE = `mutation($i: CreateContentInput!) { createContent(input: $i) { id slug title status visibility mediaType price currency tags previewText } }`;
const UPDATE = `mutation($id: ID!, $i: UpdateContentInput!) { updateContent(id: $id, input: $i) { id status visibility price currency tags title } }`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { id status publishedAt } }`;

it("creates drafts of every media type; members without the CREATOR role may not", async () => {
  for (const mediaType of ["AUDIO", "VIDEO", "WRITTEN"]) {
    const r = await app.ok(CREATE, { i: { title: `My ${mediaType} piece`, mediaType } }, { token: creator.token });
    expect(r.createContent).toMatchObject({ status: "DRAFT", visibility: "PRIVATE", mediaType, price: null, currency: "USD", slug: `my-${mediaType.toLowerCase()}-piece` });
  }
  // Same title again: a free slug is found.
  const again = await app.ok(CREATE, { i: { title: "My AUDIO piece", mediaType: "AUDIO" } }, { token: creator.token });
  expect(again.createContent.slug).toBe("my-audio-piece-2");
  expect(errorCode(await app.gql(CREATE, { i: { title: "x", mediaType: "AUDIO" } }, { token: fan.token }))).toBe("FORBIDDEN");
  expect(errorCode(await app.gql(CREATE, { i: { title: "x", mediaType: "AUDIO", slug: "my-audio-piece" } }, { token: creator.token }))).toBe("CONFLICT");
  expect(await app.prisma.auditLog.count({ where: { action: "content.create", actorId: creator.id } })).toBe(4);
});

it("publishing names every missing field; a complete item publishes; bad prices are refused", async () => {
  const c = (await app.ok(CREATE, { i: { title: "Paid lesson", mediaType: "VIDEO", visibility: "PURCHASED_ONLY" } }, { token: creator.token })).createContent;
  const r = await app.gql(PUBLISH, { id: c.id }, { token: creator.token });
  expect(errorCode(r)).toBe("BAD_USER_INPUT");
  expect(r.errors![0].extensions!.issues.map((i: any) => i.field).sort()).toEqual(["mediaUrl", "price"]);
  expect((await app.prisma.content.findUniqueOrThrow({ where: { id: Buffer.from(c.id, "base64url").toString().split(":")[1] } })).status).toBe("DRAFT");

  for (const price of ["0", "0.00", "-1", "1.999"]) {
    expect([price, errorCode(await app.gql(UPDATE, { id: c.id, i: { price } }, { token: creator.token }))]).toEqual([price, "BAD_USER_INPUT"]);
  }
  const u = await app.ok(UPDATE, { id: c.id, i: { price: "9.50", currency: "eur", mediaUrl: "https://cdn.example.test/v.mp4", tags: ["Watercolor", "watercolor", "beginner"] } }, { token: creator.token });
  expect(u.updateContent).toMatchObject({ price: "9.5", currency: "EUR", tags: ["watercolor", "beginner"] });
  const p = await app.ok(PUBLISH, { id: c.id }, { token: creator.token });
  expect(p.publishContent.status).toBe("PUBLISHED");
  expect(p.publishContent.publishedAt).not.toBeNull();
  // A published item must stay complete.
  expect(errorCode(await app.gql(UPDATE, { id: c.id, i: { price: null } }, { token: creator.token }))).toBe("BAD_USER_INPUT");

  const w = (await app.ok(CREATE, { i: { title: "Essay", mediaType: "WRITTEN", visibility: "PUBLIC" } }, { token: creator.token })).createContent;
  const missing = await app.gql(PUBLISH, { id: w.id }, { token: creator.token });
  expect(missing.errors![0].extensions!.issues.map((i: any) => i.field)).toEqual(["body"]);
});

it("drafts show only to their owner and admins, in lists, counts, lookups and node(id)", async () => {
  const d = (await app.ok(CREATE, { i: { title: "Secret draft", mediaType: "AUDIO", visibility: "PUBLIC", tags: ["draft-check"] } }, { token: creator.token })).createContent;
  const LIST = `query { contents(first: 10, tag: "draft-check") { totalCount edges { node { id } } } }`;
  for (const [who, token, n] of [["owner", creator.token, 1], ["admin", admin.token, 1], ["fan", fan.token, 0], ["other creator", other.token, 0], ["anonymous", undefined, 0]] as const) {
    const r = await app.ok(LIST, {}, { token });
    expect([who, r.contents.totalCount, r.contents.edges.length]).toEqual([who, n, n]);
    const bySlug = await app.ok(`query($s: String!) { content(slug: $s) { id } }`, { s: d.slug }, { token });
    expect([who, !!bySlug.content]).toEqual([who, n === 1]);
  }
  // Someone else's draft cannot be changed: NOT_FOUND (not FORBIDDEN).
  expect(errorCode(await app.gql(UPDATE, { id: d.id, i: { title: "Hijack" } }, { token: other.token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(PUBLISH, { id: d.id }, { token: other.token }))).toBe("NOT_FOUND");
});

it("unpublish, archive, soft delete and admin restore", async () => {
  const c = (await app.ok(CREATE, { i: { title: "Lifecycle", mediaType: "AUDIO", visibility: "PUBLIC", mediaUrl: "https://cdn.example.test/a.mp3", tags: ["lifecycle"] } }, { token: creator.token })).createContent;
  await app.ok(PUBLISH, { id: c.id }, { token: creator.token });
  const count = async () => (await app.ok(`{ contents(first: 5, tag: "lifecycle") { totalCount } }`, {}, { token: fan.token })).contents.totalCount;
  expect(await count()).toBe(1);
  expect((await app.ok(`mutation($id: ID!) { unpublishContent(id: $id) { status } }`, { id: c.id }, { token: creator.token })).unpublishContent.status).toBe("DRAFT");
  expect(await count()).toBe(0);
  await app.ok(PUBLISH, { id: c.id }, { token: creator.token });
  expect((await app.ok(`mutation($id: ID!) { archiveContent(id: $id) { status } }`, { id: c.id }, { token: creator.token })).archiveContent.status).toBe("ARCHIVED");
  expect(await count()).toBe(0);
  await app.ok(PUBLISH, { id: c.id }, { token: creator.token });
  expect(await count()).toBe(1);

  expect((await app.ok(`mutation($id: ID!) { deleteContent(id: $id) { id } }`, { id: c.id }, { token: creator.token })).deleteContent).toBeNull();
  expect(await count()).toBe(0);
  expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: c.id }, { token: creator.token })).node).toBeNull();
  expect(errorCode(await app.gql(`mutation($id: ID!) { restoreContent(id: $id) { id } }`, { id: c.id }, { token: creator.token }))).toBe("FORBIDDEN");
  const restored = await app.ok(`mutation($id: ID!) { restoreContent(id: $id) { id deletedAt status } }`, { id: c.id }, { token: admin.token });
  expect(restored.restoreContent).toMatchObject({ deletedAt: null, status: "PUBLISHED" });
  expect(await count()).toBe(1);
  const actions = (await app.prisma.auditLog.findMany({ where: { entityType: "Content", entityId: Buffer.from(c.id, "base64url").toString().split(":")[1] }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
  expect(actions).toEqual(expect.arrayContaining(["content.create", "content.publish", "content.unpublish", "content.archive", "content.delete", "content.restore"]));
});

it("prerequisites close the protected fields until each is completed; the preview stays open", async () => {
  const first = (await app.ok(CREATE, { i: { title: "Lesson 1", mediaType: "VIDEO", visibility: "PUBLIC", mediaUrl: "https://cdn.example.test/1.mp4" } }, { token: creator.token })).createContent;
  await app.ok(PUBLISH, { id: first.id }, { token: creator.token });
  const second = (
    await app.ok(
      CREATE,
      { i: { title: "Lesson 2", mediaType: "VIDEO", visibility: "PUBLIC", mediaUrl: "https://cdn.example.test/2.mp4", previewText: "In this lesson…", prerequisiteIds: [first.id] } },
      { token: creator.token },
    )
  ).createContent;
  await app.ok(PUBLISH, { id: second.id }, { token: creator.token });
  const READ = `query($s: String!) { content(slug: $s) { mediaUrl viewerHasAccess previewText prerequisites { id } } }`;
  const before = (await app.ok(READ, { s: second.slug }, { token: fan.token })).content;
  expect(before).toEqual({ mediaUrl: null, viewerHasAccess: false, previewText: "In this lesson…", prerequisites: [{ id: first.id }] });
  expect((await app.ok(READ, { s: second.slug })).content.mediaUrl).toBeNull();
  expect((await app.ok(READ, { s: second.slug }, { token: creator.token })).content.mediaUrl).toBe("https://cdn.example.test/2.mp4");

  await app.prisma.videoPlayback.create({ data: { userId: fan.id, contentId: Buffer.from(first.id, "base64url").toString().split(":")[1], positionSeconds: 600, durationSeconds: 600, completed: true } });
  expect((await app.ok(READ, { s: second.slug }, { token: fan.token })).content).toMatchObject({ mediaUrl: "https://cdn.example.test/2.mp4", viewerHasAccess: true });

  // No self-reference, no cycles, only the creator's own items.
  expect(errorCode(await app.gql(UPDATE, { id: first.id, i: { prerequisiteIds: [second.id] } }, { token: creator.token }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await app.gql(UPDATE, { id: second.id, i: { prerequisiteIds: [second.id] } }, { token: creator.token }))).toBe("BAD_USER_INPUT");
  const foreign = (await app.ok(CREATE, { i: { title: "Foreign", mediaType: "AUDIO" } }, { token: other.token })).createContent;
  expect(errorCode(await app.gql(UPDATE, { id: second.id, i: { prerequisiteIds: [foreign.id] } }, { token: creator.token }))).toBe("NOT_FOUND");
});

it("series: create, add, reorder, remove, bundle price, publish; lookup by slug", async () => {
  const s = (await app.ok(`mutation { createSeries(input: { title: "Watercolor Course", price: "29.00" }) { id slug status price } }`, {}, { token: creator.token })).createSeries;
  expect(s).toMatchObject({ slug: "watercolor-course", status: "DRAFT", price: "29.00" });
  const items: string[] = [];
  for (const n of [1, 2, 3]) {
    const c = (await app.ok(CREATE, { i: { title: `Course part ${n}`, mediaType: "VIDEO", visibility: "PURCHASED_ONLY", price: "4.99", mediaUrl: `https://cdn.example.test/p${n}.mp4` } }, { token: creator.token })).createContent;
    await app.ok(PUBLISH, { id: c.id }, { token: creator.token });
    items.push(c.id);
  }
  const ADD = `mutation($s: ID!, $c: ID!, $p: Int) { addSeriesItem(seriesId: $s, contentId: $c, position: $p) { contents(first: 10) { edges { node { id seriesPosition } } } } }`;
  await app.ok(ADD, { s: s.id, c: items[0] }, { token: creator.token });
  await app.ok(ADD, { s: s.id, c: items[1] }, { token: creator.token });
  const r = await app.ok(ADD, { s: s.id, c: items[2], p: 0 }, { token: creator.token });
  expect(r.addSeriesItem.contents.edges.map((e: any) => e.node.id)).toEqual([items[2], items[0], items[1]]);

  const reorder = await app.ok(`mutation($s: ID!, $ids: [ID!]!) { reorderSeriesItems(seriesId: $s, contentIds: $ids) { contents(first: 10) { edges { node { id seriesPosition } } } } }`, { s: s.id, ids: items }, { token: creator.token });
  expect(reorder.reorderSeriesItems.contents.edges.map((e: any) => [e.node.id, e.node.seriesPosition])).toEqual(items.map((id, i) => [id, i]));
  expect(errorCode(await app.gql(`mutation($s: ID!, $ids: [ID!]!) { reorderSeriesItems(seriesId: $s, contentIds: $ids) { id } }`, { s: s.id, ids: items.slice(1) }, { token: creator.token }))).toBe("BAD_USER_INPUT");

  const removed = await app.ok(`mutation($s: ID!, $c: ID!) { removeSeriesItem(seriesId: $s, contentId: $c) { contents(first: 10) { edges { node { id seriesPosition } } } } }`, { s: s.id, c: items[0] }, { token: creator.token });
  expect(removed.removeSeriesItem.contents.edges.map((e: any) => [e.node.id, e.node.seriesPosition])).toEqual([[items[1], 0], [items[2], 1]]);

  // Not visible to fans until published; then found by slug.
  expect((await app.ok(`{ series(slug: "watercolor-course") { id } }`, {}, { token: fan.token })).series).toBeNull();
  await app.ok(`mutation($id: ID!) { publishSeries(id: $id) { status } }`, { id: s.id }, { token: creator.token });
  const found = await app.ok(`{ series(slug: "watercolor-course") { id price currency contents(first: 5) { totalCount } } }`, {}, { token: fan.token });
  expect(found.series).toMatchObject({ id: s.id, price: "29.00", currency: "USD", contents: { totalCount: 2 } });
  const upd = await app.ok(`mutation($id: ID!) { updateSeries(id: $id, input: { price: "24.50" }) { price } }`, { id: s.id }, { token: creator.token });
  expect(upd.updateSeries.price).toBe("24.50");
  expect(errorCode(await app.gql(`mutation($id: ID!) { updateSeries(id: $id, input: { price: "0" }) { price } }`, { id: s.id }, { token: creator.token }))).toBe("BAD_USER_INPUT");
  // Another creator cannot touch it.
  expect(errorCode(await app.gql(ADD, { s: s.id, c: items[0] }, { token: other.token }))).toBe("NOT_FOUND");
  expect(await app.prisma.auditLog.count({ where: { entityType: "ContentSeries", action: { startsWith: "series." } } })).toBeGreaterThanOrEqual(8);
});

it("offering(slug) finds a published offering; a draft one only for its creator", async () => {
  const base = { creatorId: creator.id, offeringType: "ONE_TIME_EVENT" as const, capacityType: "ONE_ON_ONE" as const, deliveryMethod: "ONLINE" as const, schedule: {} };
  await app.prisma.offering.create({ data: { ...base, title: "Portfolio review", slug: "portfolio-review", status: "PUBLISHED" } });
  await app.prisma.offering.create({ data: { ...base, title: "Secret workshop", slug: "secret-workshop", status: "DRAFT" } });
  const Q = `query($s: String!) { offering(slug: $s) { title } }`;
  expect((await app.ok(Q, { s: "portfolio-review" })).offering).toEqual({ title: "Portfolio review" });
  expect((await app.ok(Q, { s: "secret-workshop" }, { token: fan.token })).offering).toBeNull();
  expect((await app.ok(Q, { s: "secret-workshop" }, { token: creator.token })).offering).toEqual({ title: "Secret workshop" });
});
