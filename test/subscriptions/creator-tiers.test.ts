// Creator-owned tiers: creators create, price, archive (and restore) their own membership tiers;
// a member of a creator's tier reads that creator's MEMBERS_ONLY content and no one else's.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { key, makeContent, makeCreator, makeUser } from "../helpers/factories/commerce.ts";

const CREATE = `mutation($input: CreatorTierCreateInput!) { createCreatorTier(input: $input) { id name slug priceMonthly priceYearly currency isActive fullCatalogAccess creator { id } } }`;
const UPDATE = `mutation($id: ID!, $input: CreatorTierUpdateInput!) { updateCreatorTier(id: $id, input: $input) { id priceMonthly description features } }`;
const ARCHIVE = `mutation($id: ID!) { archiveCreatorTier(id: $id) { id isActive } }`;
const RESTORE = `mutation($id: ID!) { restoreCreatorTier(id: $id) { id isActive } }`;
const LIST = `query($c: ID!) { subscriptionTiers(creatorId: $c) { edges { node { id name } } } }`;
const SUBSCRIBE = `mutation($tier: ID!, $key: String!) { subscribe(tierId: $tier, billingPeriod: MONTHLY, idempotencyKey: $key) { subscription { id status } } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on Content { viewerHasAccess mediaUrl } } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

let n = 0;
const slug = () => `members-${Date.now().toString(36)}-${n++}`;

describe("creator-owned tiers", () => {
  it("a creator creates, prices, archives and restores their own tier; it is listed under them", async () => {
    const creator = await makeCreator(app);
    const t = (await app.ok(CREATE, { input: { name: "Studio members", slug: slug(), priceMonthly: "5.00", priceYearly: "50.00" } }, { token: creator.token })).createCreatorTier;
    expect(t).toMatchObject({ name: "Studio members", priceMonthly: "5.00", priceYearly: "50.00", currency: "USD", isActive: true, fullCatalogAccess: false, creator: { id: creator.gid } });
    expect((await app.ok(LIST, { c: creator.gid })).subscriptionTiers.edges.map((e: any) => e.node.id)).toEqual([t.id]);

    const u = (await app.ok(UPDATE, { id: t.id, input: { priceMonthly: "6.50", description: "Early access and studio notes", features: ["Early access"] } }, { token: creator.token })).updateCreatorTier;
    expect(u).toMatchObject({ priceMonthly: "6.50", description: "Early access and studio notes", features: ["Early access"] });

    expect((await app.ok(ARCHIVE, { id: t.id }, { token: creator.token })).archiveCreatorTier.isActive).toBe(false);
    expect((await app.ok(LIST, { c: creator.gid })).subscriptionTiers.edges).toEqual([]);
    const fan = await makeUser(app);
    const refused = await app.gql(SUBSCRIBE, { tier: t.id, key: key() }, { token: fan.token });
    // An archived tier is no longer on sale: to a new customer it does not exist.
    expect(errorCode(refused)).toBe("NOT_FOUND");
    expect((await app.ok(RESTORE, { id: t.id }, { token: creator.token })).restoreCreatorTier.isActive).toBe(true);
    const audits = await app.prisma.auditLog.count({ where: { entityType: "SubscriptionTier", entityId: (await app.prisma.subscriptionTier.findFirstOrThrow({ where: { creatorId: creator.id } })).id } });
    expect(audits).toBe(4); // create, update, archive, restore
  });

  it("members cannot create tiers; another creator's tier is NOT_FOUND; a tier needs a price; slugs are unique", async () => {
    const member = await makeUser(app);
    expect(errorCode(await app.gql(CREATE, { input: { name: "x", slug: slug(), priceMonthly: "1.00" } }, { token: member.token }))).toBe("FORBIDDEN");
    const a = await makeCreator(app);
    const b = await makeCreator(app);
    const s = slug();
    const t = (await app.ok(CREATE, { input: { name: "A", slug: s, priceMonthly: "3.00" } }, { token: a.token })).createCreatorTier;
    expect(errorCode(await app.gql(UPDATE, { id: t.id, input: { priceMonthly: "0.50" } }, { token: b.token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(ARCHIVE, { id: t.id }, { token: b.token }))).toBe("NOT_FOUND");
    const noPrice = await app.gql(CREATE, { input: { name: "Free?", slug: slug() } }, { token: a.token });
    expect(noPrice.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "priceMonthly" });
    const dup = await app.gql(CREATE, { input: { name: "Again", slug: s, priceMonthly: "3.00" } }, { token: b.token });
    expect(dup.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "SLUG_TAKEN" });
    const bad = await app.gql(CREATE, { input: { name: "Bad", slug: slug(), priceMonthly: "-1" } }, { token: a.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    expect(await app.prisma.subscriptionTier.count({ where: { creatorId: b.id } })).toBe(0);
  });

  it("a member of a creator's tier reads that creator's members-only content, not another creator's", async () => {
    const a = await makeCreator(app);
    const b = await makeCreator(app);
    const aMembers = await makeContent(app, a.id, { visibility: "MEMBERS_ONLY", price: null });
    const bMembers = await makeContent(app, b.id, { visibility: "MEMBERS_ONLY", price: null });
    const t = (await app.ok(CREATE, { input: { name: "A members", slug: slug(), priceMonthly: "4.00" } }, { token: a.token })).createCreatorTier;
    const fan = await makeUser(app);
    expect((await app.ok(READ, { id: aMembers.gid }, { token: fan.token })).node).toMatchObject({ viewerHasAccess: false, mediaUrl: null });

    const sub = (await app.ok(SUBSCRIBE, { tier: t.id, key: key() }, { token: fan.token })).subscribe.subscription;
    expect(sub.status).toBe("ACTIVE");
    expect((await app.ok(READ, { id: aMembers.gid }, { token: fan.token })).node).toMatchObject({ viewerHasAccess: true, mediaUrl: "https://cdn.example.test/media.mp4" });
    expect((await app.ok(READ, { id: bMembers.gid }, { token: fan.token })).node).toMatchObject({ viewerHasAccess: false, mediaUrl: null });

    // Archiving stops new sales; the member keeps access until the period ends.
    await app.ok(ARCHIVE, { id: t.id }, { token: a.token });
    expect((await app.ok(READ, { id: aMembers.gid }, { token: fan.token })).node.viewerHasAccess).toBe(true);
  });
});
