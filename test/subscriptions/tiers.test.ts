// Tiers: admin CRUD with validation and audit rows, the public list of active tiers, and
// admin-only fields.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeSubscription, makeTier, makeUser } from "../helpers/factories/subscriptions.ts";

let app: TestApp;
let adminToken: string;
beforeAll(async () => {
  app = await createTestApp();
  adminToken = await (await makeUser(app, { admin: true })).token();
});
afterAll(() => app.close());

const FIELDS = `id name slug description priceMonthly priceYearly currency trialDays fullCatalogAccess categories offeringAccessRules
  monthlyCredits creditRollover maxCreditRollover maxSocialAccounts maxSyncsPerMonth maxAiAnalysesPerMonth maxSeoSubmissionsPerMonth
  features isFeatured isActive sortOrder deactivatedAt`;
const CREATE = `mutation($input: SubscriptionTierCreateInput!) { createSubscriptionTier(input: $input) { ${FIELDS} stripePriceIdMonthly } }`;
const UPDATE = `mutation($id: ID!, $input: SubscriptionTierUpdateInput!) { updateSubscriptionTier(id: $id, input: $input) { ${FIELDS} } }`;
const DELETE = `mutation($id: ID!) { deleteSubscriptionTier(id: $id) }`;
const LIST = `query($inactive: Boolean) { subscriptionTiers(first: 50, includeInactive: $inactive) { totalCount edges { node { slug isActive } } } }`;

describe("admin CRUD", () => {
  it("creates a tier with every field, audited", async () => {
    const input = {
      name: "Yoga",
      slug: "Yoga-Tier",
      description: "All yoga classes",
      priceMonthly: "9.99",
      priceYearly: "99",
      currency: "EUR",
      trialDays: 7,
      categories: ["yoga", "meditation", "yoga"],
      offeringAccessRules: [{ type: "ONE_TIME_EVENT", included: true }, { type: "RETREAT", included: false, discountPercent: 20 }],
      monthlyCredits: 5,
      creditRollover: true,
      maxCreditRollover: 10,
      maxSocialAccounts: 2,
      maxSyncsPerMonth: 30,
      maxAiAnalysesPerMonth: 10,
      maxSeoSubmissionsPerMonth: 4,
      features: ["Live classes"],
      isFeatured: true,
      sortOrder: 2,
      stripePriceIdMonthly: "price_yoga_m",
    };
    const r = await app.ok(CREATE, { input }, { token: adminToken });
    expect(r.createSubscriptionTier).toMatchObject({
      ...input,
      slug: "yoga-tier",
      priceYearly: "99.00",
      categories: ["yoga", "meditation"],
      fullCatalogAccess: false,
      isActive: true,
      deactivatedAt: null,
    });
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "subscription_tier.create" } });
    expect(audit.entityId).toBe(Buffer.from(r.createSubscriptionTier.id, "base64url").toString().split(":")[1]);
  });

  it.each([
    [{ name: "", slug: "x" }, "name"],
    [{ name: "A", slug: "Not a slug!" }, "slug"],
    [{ name: "A", slug: "a-1", currency: "usd" }, "currency"],
    [{ name: "A", slug: "a-2", priceMonthly: "9.999" }, "priceMonthly"],
    [{ name: "A", slug: "a-3", trialDays: -1 }, "trialDays"],
    [{ name: "A", slug: "a-4", maxSyncsPerMonth: -5 }, "maxSyncsPerMonth"],
    [{ name: "A", slug: "a-5", offeringAccessRules: [{ type: "PARTY", included: true }] }, "offeringAccessRules.0.type"],
    [{ name: "A", slug: "a-6", offeringAccessRules: { type: "RETREAT" } }, "offeringAccessRules"],
  ])("refuses %j as BAD_USER_INPUT naming %s, writing nothing", async (input, field) => {
    const before = await app.prisma.subscriptionTier.count();
    const r = await app.gql(CREATE, { input }, { token: adminToken });
    expect(r.errors?.[0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
    expect(await app.prisma.subscriptionTier.count()).toBe(before);
  });

  it("updates, retires and reactivates a tier; a taken slug is CONFLICT", async () => {
    const tier = await makeTier(app, { slug: "upd-tier" });
    await makeTier(app, { slug: "taken-slug" });
    const id = gid("SubscriptionTier", tier.id);
    const r = await app.ok(UPDATE, { id, input: { priceMonthly: null, maxSyncsPerMonth: 9, isActive: false } }, { token: adminToken });
    expect(r.updateSubscriptionTier).toMatchObject({ priceMonthly: null, maxSyncsPerMonth: 9, isActive: false, name: tier.name });
    expect(r.updateSubscriptionTier.deactivatedAt).not.toBeNull();
    const back = await app.ok(UPDATE, { id, input: { isActive: true } }, { token: adminToken });
    expect(back.updateSubscriptionTier).toMatchObject({ isActive: true, deactivatedAt: null });
    const taken = await app.gql(UPDATE, { id, input: { slug: "taken-slug" } }, { token: adminToken });
    expect(taken.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "SLUG_TAKEN" });
    expect(await app.prisma.auditLog.count({ where: { action: "subscription_tier.update", entityId: tier.id } })).toBe(2);
    expect(errorCode(await app.gql(UPDATE, { id: gid("SubscriptionTier", "00000000-0000-4000-8000-000000000000"), input: {} }, { token: adminToken }))).toBe("NOT_FOUND");
  });

  it("deletes only tiers nobody subscribed to", async () => {
    const unused = await makeTier(app);
    const used = await makeTier(app);
    await makeSubscription(app, { userId: (await makeUser(app)).id, tierId: used.id, status: "EXPIRED" });
    const r = await app.ok(DELETE, { id: gid("SubscriptionTier", unused.id) }, { token: adminToken });
    expect(r.deleteSubscriptionTier).toBe(gid("SubscriptionTier", unused.id));
    expect(await app.prisma.subscriptionTier.findUnique({ where: { id: unused.id } })).toBeNull();
    const refused = await app.gql(DELETE, { id: gid("SubscriptionTier", used.id) }, { token: adminToken });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: "CONFLICT", reason: "TIER_IN_USE" });
  });

  it("is for admins only", async () => {
    const member = await (await makeUser(app)).token();
    expect(errorCode(await app.gql(CREATE, { input: { name: "X", slug: "member-made" } }, { token: member }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(CREATE, { input: { name: "X", slug: "anon-made" } }))).toBe("UNAUTHENTICATED");
    expect(await app.prisma.subscriptionTier.count({ where: { slug: { in: ["member-made", "anon-made"] } } })).toBe(0);
  });
});

describe("the public list", () => {
  it("shows active platform tiers in order; admins may include inactive ones; provider ids and counts are admin fields", async () => {
    await app.prisma.subscriptionTier.updateMany({ data: { isActive: false } });
    await makeTier(app, { slug: "list-b", sortOrder: 2 });
    await makeTier(app, { slug: "list-a", sortOrder: 1, stripePriceIdMonthly: "price_list_a" });
    await makeTier(app, { slug: "list-off", sortOrder: 0, isActive: false });
    const creator = await makeUser(app, { creator: true });
    await makeTier(app, { slug: "list-creator", creatorId: creator.id });
    const anon = await app.ok(LIST, { inactive: true });
    expect(anon.subscriptionTiers.edges.map((e: { node: { slug: string } }) => e.node.slug)).toEqual(["list-a", "list-b"]);
    expect(anon.subscriptionTiers.totalCount).toBe(2);
    const admin = await app.ok(LIST, { inactive: true }, { token: adminToken });
    expect(admin.subscriptionTiers.edges.map((e: { node: { slug: string } }) => e.node.slug)).toContain("list-off");

    const own = await app.ok(`query($c: ID!) { subscriptionTiers(first: 5, creatorId: $c) { edges { node { slug creator { id } } } } }`, { c: creator.gid });
    expect(own.subscriptionTiers.edges).toEqual([{ node: { slug: "list-creator", creator: { id: creator.gid } } }]);

    const bySlug = `{ subscriptionTier(slug: "list-a") { slug stripePriceIdMonthly } }`;
    expect(errorCode(await app.gql(bySlug))).toBe("UNAUTHENTICATED");
    expect((await app.ok(`{ subscriptionTier(slug: "list-a") { slug subscriberCount } }`, {}, { token: adminToken })).subscriptionTier).toEqual({ slug: "list-a", subscriberCount: 0 });
    expect((await app.ok(`{ subscriptionTier(slug: "list-off") { slug } }`)).subscriptionTier).toBeNull();
  });
});
