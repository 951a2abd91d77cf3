// Synced items are editable (seed 004): by hand (MANUAL revisions) and in bulk (BULK_EDIT), only
// by the owner, audited, a bulk edit all-or-nothing and bounded; a later sync keeps the edited
// fields and still brings the platform's other changes.
import { encodeGlobalId } from "../../src/core/ids.ts";
import { errorCode } from "../helpers/app.ts";
import { SYNC, createIntegrationsApp, editFixture, freeTier, lookups, makeUser, syncedCreator, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let platforms: Awaited<ReturnType<typeof lookups>>;

beforeAll(async () => {
  app = await createIntegrationsApp();
  platforms = await lookups(app);
  await freeTier(app, { maxSocialAccounts: 3, maxSyncsPerMonth: 20 });
});
afterAll(() => app.close());

const EDIT = `mutation($id: ID!, $i: ContentItemEditInput!, $r: String) { editContentItem(id: $id, input: $i, reason: $r) {
  title description tags visibility revisions(first: 10) { totalCount edges { node { fieldName oldValue newValue changeSource changeReason user { id } } } } } }`;
const BULK = `mutation($ids: [ID!]!, $set: ContentItemEditInput, $add: [String!], $remove: [String!], $r: String) {
  bulkEditContentItems(ids: $ids, set: $set, addTags: $add, removeTags: $remove, reason: $r) { updated unchanged revisionsRecorded items { id category tags } } }`;

async function itemsOf(userId: string) {
  const rows = await app.prisma.contentItem.findMany({ where: { socialAccount: { userId } }, orderBy: { platformContentId: "asc" } });
  return rows.map((r) => ({ ...r, gid: encodeGlobalId("ContentItem", r.id) }));
}

it("the owner edits a synced item by hand: one MANUAL revision per changed field, audited; others cannot", async () => {
  const { user } = await syncedCreator(app, platforms.youtube);
  const [item] = await itemsOf(user.id);
  const r = await app.ok(EDIT, { id: item.gid, i: { title: "  Fresh Pasta, my way ", tags: ["pasta", "pasta", "dinner"], description: item.description, visibility: "UNLISTED" }, r: "Better title" }, { token: user.token });
  expect(r.editContentItem).toMatchObject({ title: "Fresh Pasta, my way", tags: ["pasta", "dinner"], visibility: "UNLISTED", description: item.description });
  const revisions = r.editContentItem.revisions.edges.map((e: any) => e.node);
  expect(revisions).toHaveLength(3); // the unchanged description writes none
  expect(revisions).toEqual(
    expect.arrayContaining([
      { fieldName: "title", oldValue: item.title, newValue: "Fresh Pasta, my way", changeSource: "MANUAL", changeReason: "Better title", user: { id: encodeGlobalId("User", user.id) } },
      expect.objectContaining({ fieldName: "tags", oldValue: JSON.stringify(item.tags), newValue: '["pasta","dinner"]', changeSource: "MANUAL" }),
      expect.objectContaining({ fieldName: "visibility", oldValue: "PUBLIC", newValue: "UNLISTED", changeSource: "MANUAL" }),
    ]),
  );
  const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "content_item.edit", entityId: item.id } });
  expect(audit.actorId).toBe(user.id);
  expect(audit.newValues).toMatchObject({ title: "Fresh Pasta, my way", reason: "Better title" });

  // The same values again: nothing written.
  await app.ok(EDIT, { id: item.gid, i: { title: "Fresh Pasta, my way" } }, { token: user.token });
  expect(await app.prisma.contentRevision.count({ where: { contentItemId: item.id, changeSource: "MANUAL" } })).toBe(3);

  const stranger = await makeUser(app);
  expect(errorCode(await app.gql(EDIT, { id: item.gid, i: { title: "Mine now" } }, { token: stranger.token }))).toBe("NOT_FOUND");
  const admin = await makeUser(app, ["ADMIN"]);
  expect(errorCode(await app.gql(EDIT, { id: item.gid, i: { title: "Admin" } }, { token: admin.token }))).toBe("NOT_FOUND"); // the creator's edit, not an admin's
  expect(errorCode(await app.gql(EDIT, { id: item.gid, i: { title: "x" } }))).toBe("UNAUTHENTICATED");
  for (const [i, field] of [[{ title: "" }, "title"], [{ thumbnailUrl: "javascript:alert(1)" }, "thumbnailUrl"], [{ visibility: "MEMBERS_ONLY" }, "visibility"], [{ tags: ["x".repeat(101)] }, "tags.0"]] as const) {
    const bad = await app.gql(EDIT, { id: item.gid, i }, { token: user.token });
    expect(bad.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
  }
  expect((await app.prisma.contentItem.findUniqueOrThrow({ where: { id: item.id } })).title).toBe("Fresh Pasta, my way");
});

it("bulk edits many items in one transaction (BULK_EDIT revisions, one audit row), all or nothing, bounded", async () => {
  const { user } = await syncedCreator(app, platforms.youtube);
  const items = await itemsOf(user.id);
  expect(items.length).toBeGreaterThanOrEqual(3);
  const ids = items.map((i) => i.gid);
  const r = await app.ok(BULK, { ids, set: { category: "Cooking" }, add: ["recipe"], remove: ["italian"], r: "Tidy up" }, { token: user.token });
  expect(r.bulkEditContentItems.updated).toBe(items.length);
  for (const it of r.bulkEditContentItems.items) {
    expect(it.category).toBe("Cooking");
    expect(it.tags).toContain("recipe");
    expect(it.tags).not.toContain("italian");
  }
  const revisions = await app.prisma.contentRevision.findMany({ where: { contentItemId: { in: items.map((i) => i.id) }, changeSource: "BULK_EDIT" } });
  expect(revisions.length).toBe(r.bulkEditContentItems.revisionsRecorded);
  expect(revisions.every((x) => x.userId === user.id && x.changeReason === "Tidy up")).toBe(true);
  expect(revisions.filter((x) => x.fieldName === "category")).toHaveLength(items.length);
  const audits = await app.prisma.auditLog.findMany({ where: { action: "content_item.bulk_edit", actorId: user.id } });
  expect(audits).toHaveLength(1);
  expect((audits[0].newValues as any).itemIds.sort()).toEqual(items.map((i) => i.id).sort());

  // Again: every item already has the values.
  const again = await app.ok(BULK, { ids, set: { category: "Cooking" } }, { token: user.token });
  expect(again.bulkEditContentItems).toMatchObject({ updated: 0, unchanged: items.length, revisionsRecorded: 0 });

  // One item that is not the viewer's: NOT_FOUND and nothing changes.
  const other = await syncedCreator(app, platforms.youtube);
  const [foreign] = await itemsOf(other.user.id);
  const mixed = await app.gql(BULK, { ids: [...ids, foreign.gid], set: { category: "Hijacked" } }, { token: user.token });
  expect(mixed.errors?.[0].extensions).toMatchObject({ code: "NOT_FOUND", id: foreign.id });
  expect(await app.prisma.contentItem.count({ where: { category: "Hijacked" } })).toBe(0);

  // Bounded, and it must change something.
  const tooMany = await app.gql(BULK, { ids: Array.from({ length: 101 }, (_, n) => encodeGlobalId("ContentItem", `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`)), set: { category: "x" } }, { token: user.token });
  expect(tooMany.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "ids" });
  expect((await app.gql(BULK, { ids, set: {} }, { token: user.token })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "set" });
  expect((await app.gql(BULK, { ids, set: { tags: ["a"] }, add: ["b"] }, { token: user.token })).errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "addTags" });
});

it("a later sync keeps the fields edited here and still brings the platform's other changes", async () => {
  const { user, accountGid } = await syncedCreator(app, platforms.youtube);
  const [item] = await itemsOf(user.id);
  await app.ok(EDIT, { id: item.gid, i: { title: "My own title" } }, { token: user.token });
  editFixture(app, "youtube", "UC-maya-kitchen", (json) => {
    const row = json.items.find((x: any) => x.platformContentId === item.platformContentId);
    row.title = "Platform renamed it";
    row.description = "Platform changed the description";
  });
  try {
    const s = await app.ok(SYNC, { id: accountGid }, { token: user.token });
    expect(s.syncSocialAccount).toMatchObject({ updated: 1, revisionsRecorded: 1 });
    const after = await app.prisma.contentItem.findUniqueOrThrow({ where: { id: item.id } });
    expect(after.title).toBe("My own title");
    expect(after.description).toBe("Platform changed the description");
    const sync = await app.prisma.contentRevision.findMany({ where: { contentItemId: item.id, changeSource: "SYNC" } });
    expect(sync.map((x) => x.fieldName)).toEqual(["description"]);
  } finally {
    editFixture(app, "youtube", "UC-maya-kitchen", (json) => {
      const row = json.items.find((x: any) => x.platformContentId === item.platformContentId);
      row.title = item.title;
      row.description = item.description;
    });
  }
});
