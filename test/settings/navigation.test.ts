// The navigation tree: one SQL statement for the whole tree, visibility by sign-in, role and
// activity (a hidden parent hides its subtree), admin CRUD with moves and reordering.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeUser, type TestUser } from "../helpers/factories/site.ts";

let app: TestApp;
let admin: TestUser;
let member: TestUser;
const ids: Record<string, string> = {};

const TREE = `query($manage: Boolean) { navigation(manage: $manage) { label children { label children { label children { label } } } } }`;

type Node = { label: string; children?: Node[] };
const shape = (nodes: Node[]): unknown => nodes.map((n) => (n.children?.length ? { [n.label]: shape(n.children) } : n.label));

async function item(label: string, data: Record<string, unknown> = {}) {
  const row = await app.prisma.navItem.create({ data: { label, url: `/${label.toLowerCase()}`, ...data } });
  ids[label] = row.id;
  return row;
}

beforeAll(async () => {
  app = await createTestApp();
  admin = await makeAdmin(app);
  member = await makeUser(app);
  await item("Home", { position: 0 });
  await item("Docs", { position: 1 });
  await item("Account", { position: 2, requiresAuth: true });
  await item("Admin", { position: 3, visibleToRoles: ["ADMIN"] });
  await item("Old", { position: 4, isActive: false });
  await item("Guides", { position: 1, parentId: ids.Docs });
  await item("API", { position: 0, parentId: ids.Docs });
  await item("REST", { position: 0, parentId: ids.API });
  await item("GraphQL", { position: 1, parentId: ids.API });
  await item("Mutations", { position: 0, parentId: ids.GraphQL });
  await item("Users", { position: 0, parentId: ids.Admin }); // no restriction of its own
  await item("Archive", { position: 0, parentId: ids.Old });
});
afterAll(() => app.close());

async function statementsFor(fn: () => Promise<unknown>): Promise<number> {
  const before = app.db.stats.statements;
  await fn();
  return app.db.stats.statements - before;
}

describe("reading the tree", () => {
  it("returns the visible tree of an anonymous visitor, ordered, in ONE SQL statement", async () => {
    let data: any;
    const n = await statementsFor(async () => (data = await app.ok(TREE)));
    expect(n).toBe(1);
    expect(shape(data.navigation)).toEqual(["Home", { Docs: [{ API: ["REST", { GraphQL: ["Mutations"] }] }, "Guides"] }]);
  });

  it("costs one statement beyond the viewer's own resolution for a signed-in member", async () => {
    const base = await statementsFor(() => app.ok(`{ viewer { id } }`, {}, { token: member.token }));
    let data: any;
    const n = await statementsFor(async () => (data = await app.ok(TREE, {}, { token: member.token })));
    // viewer { id } = context (user, no session) + 1 read; navigation = context + 1 read
    expect(n).toBe(base);
    expect(shape(data.navigation)).toEqual(["Home", { Docs: [{ API: ["REST", { GraphQL: ["Mutations"] }] }, "Guides"] }, "Account"]);
  });

  it("shows role-restricted items (and their subtree) to holders of the role; inactive items only when managing", async () => {
    const site = await app.ok(TREE, {}, { token: admin.token });
    expect(shape(site.navigation)).toEqual(["Home", { Docs: [{ API: ["REST", { GraphQL: ["Mutations"] }] }, "Guides"] }, "Account", { Admin: ["Users"] }]);
    const manage = await app.ok(TREE, { manage: true }, { token: admin.token });
    expect(shape(manage.navigation)).toEqual([
      "Home",
      { Docs: [{ API: ["REST", { GraphQL: ["Mutations"] }] }, "Guides"] },
      "Account",
      { Admin: ["Users"] },
      { Old: ["Archive"] },
    ]);
  });

  it("refuses manage mode to non-admins", async () => {
    expect(errorCode(await app.gql(TREE, { manage: true }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(TREE, { manage: true }, { token: member.token }))).toBe("FORBIDDEN");
  });

  it("refetches an item by id with its children; hidden items are null", async () => {
    const q = `query($id: ID!) { node(id: $id) { ... on NavItem { label url children { label } } } }`;
    expect((await app.ok(q, { id: gid("NavItem", ids.API) })).node).toEqual({ label: "API", url: "/api", children: [{ label: "REST" }, { label: "GraphQL" }] });
    expect((await app.ok(q, { id: gid("NavItem", ids.Admin) }, { token: member.token })).node).toBeNull();
    expect((await app.ok(q, { id: gid("NavItem", ids.Old) }, { token: admin.token })).node).toEqual({ label: "Old", url: "/old", children: [{ label: "Archive" }] });
  });
});

describe("admin CRUD", () => {
  const CREATE = `mutation($input: CreateNavItemInput!) { createNavItem(input: $input) { id label position parentId isExternal } }`;
  const UPDATE = `mutation($id: ID!, $input: UpdateNavItemInput!) { updateNavItem(id: $id, input: $input) { id label position parentId } }`;
  const REORDER = `mutation($parentId: ID, $ids: [ID!]!) { reorderNavItems(parentId: $parentId, ids: $ids) { label position } }`;
  const DELETE = `mutation($id: ID!) { deleteNavItem(id: $id) }`;

  const children = async (parentId: string | null) =>
    (await app.prisma.navItem.findMany({ where: { parentId }, orderBy: { position: "asc" } })).map((r) => `${r.label}:${r.position}`);

  it("is admin-only", async () => {
    const input = { label: "X", url: "/x" };
    expect(errorCode(await app.gql(CREATE, { input }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(CREATE, { input }, { token: member.token }))).toBe("FORBIDDEN");
  });

  it("creates items at the end or at a position, validating internal and external links", async () => {
    const r = await app.ok(CREATE, { input: { label: "Blog", url: "https://blog.example.test", isExternal: true, parentId: gid("NavItem", ids.Docs) } }, { token: admin.token });
    expect(r.createNavItem).toMatchObject({ label: "Blog", position: 2, parentId: gid("NavItem", ids.Docs), isExternal: true });
    ids.Blog = Buffer.from(r.createNavItem.id, "base64url").toString().split(":")[1];
    const first = await app.ok(CREATE, { input: { label: "Start", url: "/start", position: 0, parentId: gid("NavItem", ids.Docs) } }, { token: admin.token });
    ids.Start = Buffer.from(first.createNavItem.id, "base64url").toString().split(":")[1];
    expect(await children(ids.Docs)).toEqual(["Start:0", "API:1", "Guides:2", "Blog:3"]);

    for (const input of [
      { label: "Bad", url: "https://x.test" }, // internal link must be a path
      { label: "Bad", url: "/path", isExternal: true }, // external link must be a URL
      { label: "Bad", url: "//evil.test" },
      { label: "", url: "/x" },
    ]) {
      const bad = await app.gql(CREATE, { input }, { token: admin.token });
      expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    }
    expect(errorCode(await app.gql(CREATE, { input: { label: "Orphan", url: "/o", parentId: gid("NavItem", "00000000-0000-4000-8000-000000000000") } }, { token: admin.token }))).toBe("NOT_FOUND");
  });

  it("moves an item to another parent (renumbering both sibling lists) and refuses cycles", async () => {
    const r = await app.ok(UPDATE, { id: gid("NavItem", ids.Guides), input: { parentId: null, position: 1 } }, { token: admin.token });
    expect(r.updateNavItem).toMatchObject({ label: "Guides", position: 1, parentId: null });
    expect(await children(ids.Docs)).toEqual(["Start:0", "API:1", "Blog:2"]);
    expect(await children(null)).toEqual(["Home:0", "Guides:1", "Docs:2", "Account:3", "Admin:4", "Old:5"]);

    const cycle = await app.gql(UPDATE, { id: gid("NavItem", ids.Docs), input: { parentId: gid("NavItem", ids.Mutations) } }, { token: admin.token });
    expect(errorCode(cycle)).toBe("BAD_USER_INPUT");
    expect(cycle.errors?.[0].extensions?.field).toBe("parentId");
    const self = await app.gql(UPDATE, { id: gid("NavItem", ids.Docs), input: { parentId: gid("NavItem", ids.Docs) } }, { token: admin.token });
    expect(errorCode(self)).toBe("BAD_USER_INPUT");
    expect((await app.prisma.navItem.findUniqueOrThrow({ where: { id: ids.Docs } })).parentId).toBeNull();
  });

  it("reorders siblings when the ids name each of them exactly once", async () => {
    const order = ["Blog", "API", "Start"].map((l) => gid("NavItem", ids[l]));
    const r = await app.ok(REORDER, { parentId: gid("NavItem", ids.Docs), ids: order }, { token: admin.token });
    expect(r.reorderNavItems).toEqual([{ label: "Blog", position: 0 }, { label: "API", position: 1 }, { label: "Start", position: 2 }]);
    for (const bad of [order.slice(1), [...order, order[0]], [...order.slice(1), gid("NavItem", ids.Home)]]) {
      const res = await app.gql(REORDER, { parentId: gid("NavItem", ids.Docs), ids: bad }, { token: admin.token });
      expect(errorCode(res)).toBe("BAD_USER_INPUT");
    }
    expect(await children(ids.Docs)).toEqual(["Blog:0", "API:1", "Start:2"]);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "nav_item.reorder" } });
    expect(audit.newValues).toEqual({ parentId: ids.Docs, order: [ids.Blog, ids.API, ids.Start] });
  });

  it("deletes an item with its subtree and closes the gap", async () => {
    const r = await app.ok(DELETE, { id: gid("NavItem", ids.API) }, { token: admin.token });
    expect(r.deleteNavItem).toBe(gid("NavItem", ids.API));
    for (const label of ["API", "REST", "GraphQL", "Mutations"]) expect(await app.prisma.navItem.findUnique({ where: { id: ids[label] } })).toBeNull();
    expect(await children(ids.Docs)).toEqual(["Blog:0", "Start:1"]);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "nav_item.delete" } });
    expect((audit.oldValues as { deletedDescendantIds: string[] }).deletedDescendantIds.sort()).toEqual([ids.REST, ids.GraphQL, ids.Mutations].sort());
    expect(errorCode(await app.gql(DELETE, { id: gid("NavItem", ids.API) }, { token: admin.token }))).toBe("NOT_FOUND");
  });
});
