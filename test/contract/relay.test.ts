// Relay conformance: every object type with an id implements Node and `node(id)` refetches it
// (walked over the demo data, which has a row of every model); global ids are opaque and
// validated; connections follow the cursor spec and cursors stay stable under inserts.
import { isObjectType } from "graphql";
import { encodeGlobalId } from "../../src/core/ids.ts";
import { getRawSchema } from "../../src/app/schema.ts";
import { runSeed } from "../../prisma/seed/index.ts";
import { getDatamodel } from "../../src/generated/pothos-types.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";

const lcFirst = (s: string) => s[0].toLowerCase() + s.slice(1);

describe("Relay conformance", () => {
  let app: TestApp;
  let adminToken: string;
  beforeAll(async () => {
    app = await createTestApp();
    await runSeed(app.prisma);
    const admin = await app.prisma.user.findFirstOrThrow({ where: { roles: { some: { role: "ADMIN", expiresAt: null } } } });
    adminToken = await app.token(admin.id);
  }, 180_000);
  afterAll(() => app.close());

  const schema = getRawSchema();
  const nodeTypes = Object.values(schema.getTypeMap()).filter(
    (t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === "Node"),
  );

  it("makes every object type with an `id: ID!` field implement Node", () => {
    const withId = Object.values(schema.getTypeMap()).filter(
      (t) => isObjectType(t) && !t.name.startsWith("__") && String(t.getFields().id?.type) === "ID!",
    );
    const notNodes = withId.filter((t) => !nodeTypes.includes(t)).map((t) => t.name);
    expect(notNodes).toEqual([]);
  });

  it("refetches one row of every Node type through node(id)", async () => {
    const problems: string[] = [];
    for (const type of nodeTypes) {
      // Prisma-backed nodes name their model in the type's extensions (a type may rename it).
      const model: string = (type.extensions as any)?.pothosPrismaModel ?? type.name;
      const delegate = (app.prisma as any)[lcFirst(model)];
      if (!delegate) {
        problems.push(`${type.name}: no Prisma model ${model}`);
        continue;
      }
      const fields: { name: string; isId: boolean }[] = (getDatamodel() as any).datamodel.models[model]?.fields ?? [];
      const idField = fields.find((f) => f.isId)?.name ?? "id";
      const row = await delegate.findFirst();
      if (!row) {
        problems.push(`${type.name}: the demo data has no row`);
        continue;
      }
      const id = encodeGlobalId(type.name, row[idField]);
      const query = `query($id: ID!) { node(id: $id) { __typename id } }`;
      let r = await app.gql(query, { id }, { token: adminToken });
      // Owner-only rows (private messages, notifications) are refetched by their owner.
      if (!r.errors && r.data?.node === null) {
        const owner = ["userId", "recipientId", "senderId", "customerId", "authorId", "creatorId"].map((f) => row[f]).find(Boolean);
        if (owner) r = await app.gql(query, { id }, { token: await app.token(owner) });
      }
      if (r.errors || r.data?.node?.__typename !== type.name || r.data.node.id !== id) {
        problems.push(`${type.name}: ${JSON.stringify(r.errors ?? r.data)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(nodeTypes.length).toBeGreaterThan(10);
  });

  it("answers BAD_USER_INPUT for a malformed id and null for a row the viewer may not see", async () => {
    for (const bad of ["not base64!", "", Buffer.from("nocolon").toString("base64url"), Buffer.from("story:x").toString("base64url")]) {
      const r = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: bad });
      expect({ bad, code: errorCode(r) }).toEqual({ bad, code: "BAD_USER_INPUT" });
    }
    const hidden = await app.prisma.story.findFirstOrThrow({ where: { OR: [{ status: { not: "PUBLISHED" } }, { visibility: "PRIVATE" }, { deletedAt: { not: null } }] } });
    const r = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalId("Story", hidden.id) });
    expect(r.errors).toBeUndefined();
    expect(r.data.node).toBeNull();
    const missing = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: encodeGlobalId("Story", "00000000-0000-4000-8000-000000000000") });
    expect(missing.data.node).toBeNull();
  });

  it("keeps nodes(ids) in request order with nulls for invisible rows", async () => {
    const stories = await app.prisma.story.findMany({ where: { status: "PUBLISHED", visibility: "PUBLIC", deletedAt: null }, take: 2, orderBy: { id: "asc" } });
    const ids = [stories[1].id, "00000000-0000-4000-8000-000000000000", stories[0].id].map((id) => encodeGlobalId("Story", id));
    const r = await app.ok(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(r.nodes).toEqual([{ id: ids[0] }, null, { id: ids[2] }]);
  });

  it("pages forwards and backwards with cursors that stay stable under inserts", async () => {
    const q = `query($first: Int, $after: String, $last: Int, $before: String) {
      stories(first: $first, after: $after, last: $last, before: $before) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`;
    const all = (await app.ok(q, { first: 100 })).stories;
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    const ids = all.edges.map((e: any) => e.node.id);

    const p1 = (await app.ok(q, { first: 2 })).stories;
    expect(p1.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(p1.pageInfo).toMatchObject({ hasNextPage: true, startCursor: p1.edges[0].cursor, endCursor: p1.edges[1].cursor });

    // A newer story appears before the next page is fetched: the next page neither repeats nor skips.
    const creator = await app.prisma.user.findFirstOrThrow({ where: { roles: { some: { role: "CREATOR" } } } });
    await app.prisma.story.create({ data: { creatorId: creator.id, title: "Brand new", status: "PUBLISHED", visibility: "PUBLIC", publishedAt: new Date(app.clock.now().getTime() + 86_400_000) } });
    const p2 = (await app.ok(q, { first: 2, after: p1.pageInfo.endCursor })).stories;
    expect(p2.edges.map((e: any) => e.node.id)).toEqual(ids.slice(2, 4));
    expect(p2.pageInfo.hasPreviousPage).toBe(true);

    const back = (await app.ok(q, { last: 2, before: p2.edges[0].cursor })).stories;
    expect(back.edges.map((e: any) => e.node.id)).toEqual(ids.slice(0, 2));
    expect(back.pageInfo.hasPreviousPage).toBe(true); // "Brand new" now precedes them
  });
});

describe("global id arguments", () => {
  it("answer BAD_USER_INPUT for an id of another type and for a malformed cursor", async () => {
    const app = await createTestApp();
    try {
      const wrongType = await app.gql(`query($id: ID!) { story(id: $id) { id } }`, { id: encodeGlobalId("User", "00000000-0000-4000-8000-000000000001") });
      expect(errorCode(wrongType)).toBe("BAD_USER_INPUT");
      const badCursor = await app.gql(`{ stories(first: 2, after: "garbage") { totalCount } }`);
      expect(errorCode(badCursor)).toBe("BAD_USER_INPUT");
      const negative = await app.gql(`{ stories(first: -1) { totalCount } }`);
      expect(errorCode(negative)).toBe("BAD_USER_INPUT");
    } finally {
      await app.close();
    }
  });
});
