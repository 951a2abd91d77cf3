// Ranked full-text search over synced items: title matches before description matches before tag
// matches, only what the viewer may see, and the SQL twin of the where-clause agrees with it.
import { contentItemSqlFor, contentItemWhereFor } from "../../src/domains/integrations/visibility.ts";
import { Prisma } from "../../src/generated/prisma/client.ts";
import type { Viewer } from "../../src/core/context.ts";
import { errorCode } from "../helpers/app.ts";
import { createIntegrationsApp, freeTier, lookups, makeUser, syncedCreator, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let maya: Awaited<ReturnType<typeof syncedCreator>>;
let dan: Awaited<ReturnType<typeof syncedCreator>>;

const SEARCH = `query($q: String!, $first: Int, $after: String) {
  searchContentItems(query: $q, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { rank node { platformContentId title socialAccount { accountName } } }
  }
}`;

beforeAll(async () => {
  app = await createIntegrationsApp();
  const platforms = await lookups(app);
  await freeTier(app);
  maya = await syncedCreator(app, platforms.youtube, "UC-maya-kitchen");
  dan = await syncedCreator(app, platforms.tiktok, "devdan");
});
afterAll(() => app.close());

const ids = (r: any) => r.searchContentItems.edges.map((e: any) => e.node.platformContentId);

it("ranks a title match above a description match above a tag match", async () => {
  const r = await app.ok(SEARCH, { q: "pasta" }, { token: maya.user.token });
  // yt-001: "pasta" in the title (A); yt-002: in the description (B); yt-003: a tag (C).
  expect(ids(r)).toEqual(["yt-001", "yt-002", "yt-003"]);
  const ranks = r.searchContentItems.edges.map((e: any) => e.rank);
  expect(ranks[0]).toBeGreaterThan(ranks[1]);
  expect(ranks[1]).toBeGreaterThan(ranks[2]);
  expect(r.searchContentItems.totalCount).toBe(3);
});

it("understands web-search syntax and pages with offset cursors", async () => {
  expect(ids(await app.ok(SEARCH, { q: "pasta -bread" }, { token: maya.user.token })).sort()).toEqual(["yt-001", "yt-002"]);
  expect(ids(await app.ok(SEARCH, { q: '"tomato sauce"' }, { token: maya.user.token }))).toEqual(["yt-005"]);
  expect(ids(await app.ok(SEARCH, { q: "knife OR risotto" }, { token: maya.user.token })).sort()).toEqual(["yt-002", "yt-004"]);
  const page1 = await app.ok(SEARCH, { q: "pasta", first: 2 }, { token: maya.user.token });
  expect(ids(page1)).toEqual(["yt-001", "yt-002"]);
  expect(page1.searchContentItems.pageInfo.hasNextPage).toBe(true);
  const page2 = await app.ok(SEARCH, { q: "pasta", first: 2, after: page1.searchContentItems.pageInfo.endCursor }, { token: maya.user.token });
  expect(ids(page2)).toEqual(["yt-003"]);
  expect(page2.searchContentItems.pageInfo.hasNextPage).toBe(false);
});

it("a creator never finds another creator's items; an admin finds everyone's", async () => {
  // Dan's "Untangling pasta code" matches too, but only for Dan and admins.
  expect(ids(await app.ok(SEARCH, { q: "pasta" }, { token: dan.user.token }))).toEqual(["tt-101"]);
  const admin = await makeUser(app, ["ADMIN"]);
  const all = await app.ok(SEARCH, { q: "pasta" }, { token: admin.token });
  expect(ids(all).sort()).toEqual(["tt-101", "yt-001", "yt-002", "yt-003"]);
  const stranger = await makeUser(app);
  expect(await app.ok(SEARCH, { q: "pasta" }, { token: stranger.token })).toEqual({
    searchContentItems: { totalCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, edges: [] },
  });
  // ...and the item lists and node(id) agree.
  const danItem = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId: "tt-101" } });
  const r = await app.ok(`query($id: ID!) { node(id: $id) { id } contentItems { totalCount } }`, { id: Buffer.from(`ContentItem:${danItem.id}`).toString("base64url") }, { token: maya.user.token });
  expect(r).toEqual({ node: null, contentItems: { totalCount: 5 } });
});

it("hides the items of a removed account from its owner", async () => {
  const platforms = await lookups(app);
  const temp = await syncedCreator(app, platforms.tiktok, "devdan");
  expect(ids(await app.ok(SEARCH, { q: "rebase" }, { token: temp.user.token }))).toEqual(["tt-102"]);
  await app.ok(`mutation($id: ID!) { removeSocialAccount(id: $id) { id } }`, { id: temp.accountGid }, { token: temp.user.token });
  expect(ids(await app.ok(SEARCH, { q: "rebase" }, { token: temp.user.token }))).toEqual([]);
});

it("reads are N+1-free: the statement count does not grow with the page size", async () => {
  const Q = `query($q: String!, $first: Int) { searchContentItems(query: $q, first: $first) { edges { node { title platform { slug } socialAccount { accountName connection { platformUsername } } revisions { totalCount } } } } }`;
  const count = async (first: number) => {
    const before = app.db.stats.statements;
    const r = await app.ok(Q, { q: "pasta", first }, { token: maya.user.token });
    expect(r.searchContentItems.edges).toHaveLength(first);
    return app.db.stats.statements - before;
  };
  expect(await count(3)).toBe(await count(1));
});

it("refuses an empty query and anonymous viewers", async () => {
  expect(errorCode(await app.gql(SEARCH, { q: "   " }, { token: maya.user.token }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await app.gql(SEARCH, { q: "pasta" }))).toBe("UNAUTHENTICATED");
});

it("the SQL where-clause used by search selects exactly the rows of contentItemWhereFor", async () => {
  const admin = await makeUser(app, ["ADMIN"]);
  const viewers: (Viewer | null)[] = [
    null,
    { id: maya.user.id, roles: new Set(["CREATOR"]), sessionId: null },
    { id: dan.user.id, roles: new Set(["CREATOR"]), sessionId: null },
    { id: admin.id, roles: new Set(["ADMIN"]), sessionId: null },
  ];
  await app.prisma.contentItem.updateMany({ where: { platformContentId: "yt-004" }, data: { deletedAt: app.clock.now() } });
  for (const viewer of viewers) {
    const viaPrisma = (await app.prisma.contentItem.findMany({ where: contentItemWhereFor(viewer), select: { id: true } })).map((r) => r.id).sort();
    const viaSql = (
      await app.prisma.$queryRaw<{ id: string }[]>(
        Prisma.sql`SELECT ci.id::text AS id FROM content_item ci JOIN social_account sa ON sa.id = ci.social_account_id WHERE ${contentItemSqlFor(viewer)}`,
      )
    )
      .map((r) => r.id)
      .sort();
    expect(viaSql).toEqual(viaPrisma);
  }
  await app.prisma.contentItem.updateMany({ where: { platformContentId: "yt-004" }, data: { deletedAt: null } });
});
