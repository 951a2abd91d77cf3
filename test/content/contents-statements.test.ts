// `contents` with creator, series and tags: the number of SQL statements depends on the depth of
// the query, not on how many items, creators or series there are.
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { createUser } from "../helpers/factories/identity.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const Q = `query($t: String!) { contents(first: 50, tag: $t) { totalCount edges { node { title tags price viewerHasAccess mediaUrl thumbnailUrl
  creator { displayName creatorProfile { slug verified } } series { title slug price creator { displayName } } } } } }`;

async function catalogue(tag: string, creators: number, perCreator: number) {
  for (let c = 0; c < creators; c++) {
    const user = await createUser(app, { roles: ["MEMBER", "CREATOR"] });
    await app.prisma.creatorProfile.create({ data: { userId: user.id, displayName: `C${c}`, slug: `${tag}-creator-${c}` } });
    const series = await app.prisma.contentSeries.create({ data: { creatorId: user.id, title: `S${c}`, slug: `${tag}-series-${c}`, status: "PUBLISHED", price: "10.00" } });
    for (let i = 0; i < perCreator; i++) {
      await app.prisma.content.create({
        data: { creatorId: user.id, title: `T${c}-${i}`, slug: `${tag}-${c}-${i}`, mediaType: "AUDIO", visibility: "PURCHASED_ONLY", price: "2.00", status: "PUBLISHED", publishedAt: new Date(), tags: [tag, `x${i}`], seriesId: series.id, seriesPosition: i },
      });
    }
  }
  const fan = await createUser(app);
  const token = await app.token(fan.id);
  const before = app.db.stats.statements;
  const r = await app.ok(Q, { t: tag }, { token });
  expect(r.contents.totalCount).toBe(creators * perCreator);
  expect(r.contents.edges.every((e: any) => e.node.series?.title && e.node.creator.creatorProfile.slug)).toBe(true);
  return app.db.stats.statements - before;
}

it("stays bounded by depth: 2 creators × 2 items and 6 creators × 4 items cost the same", async () => {
  const small = await catalogue("small", 2, 2);
  const large = await catalogue("large", 6, 4);
  expect(large).toBe(small);
  // Measured: 10 (page, count, access batch, creators, creator profiles, series, series creators, …).
  expect(small).toBeLessThanOrEqual(10);
});
