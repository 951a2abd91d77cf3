// Lookup tables: active rows are public, admins see and write all of them; writes are validated
// and audited.
import { errorCode } from "../helpers/app.ts";
import { createIntegrationsApp, gid, makeUser, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let admin: Awaited<ReturnType<typeof makeUser>>;
let creator: Awaited<ReturnType<typeof makeUser>>;

beforeAll(async () => {
  app = await createIntegrationsApp();
  admin = await makeUser(app, ["ADMIN"]);
  creator = await makeUser(app);
});
afterAll(() => app.close());

const CREATE_PLATFORM = `mutation($i: PlatformInput!) { createPlatform(input: $i) { id slug displayName isActive sortOrder websiteUrl } }`;
const UPDATE_PLATFORM = `mutation($id: ID!, $i: PlatformUpdateInput!) { updatePlatform(id: $id, input: $i) { id slug isActive displayName } }`;
const PLATFORMS = `{ platforms { totalCount edges { node { slug } } } }`;
const slugs = (r: any) => r.platforms.edges.map((e: any) => e.node.slug);

describe("platforms", () => {
  let instagram: string;

  it("an admin creates platforms; everyone reads the active ones in order", async () => {
    const a = await app.ok(CREATE_PLATFORM, { i: { slug: "Instagram", displayName: "Instagram", sortOrder: 2, websiteUrl: "https://instagram.com" } }, { token: admin.token });
    expect(a.createPlatform).toMatchObject({ slug: "instagram", isActive: true, sortOrder: 2 });
    instagram = a.createPlatform.id;
    await app.ok(CREATE_PLATFORM, { i: { slug: "youtube", displayName: "YouTube", sortOrder: 1 } }, { token: admin.token });
    await app.ok(CREATE_PLATFORM, { i: { slug: "myspace", displayName: "Myspace", isActive: false } }, { token: admin.token });
    expect(slugs(await app.ok(PLATFORMS))).toEqual(["youtube", "instagram"]);
    expect(slugs(await app.ok(PLATFORMS, {}, { token: creator.token }))).toEqual(["youtube", "instagram"]);
    expect(slugs(await app.ok(PLATFORMS, {}, { token: admin.token }))).toEqual(["myspace", "youtube", "instagram"]);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "platform.create", entityId: Buffer.from(instagram, "base64url").toString().split(":")[1] } });
    expect(audit.newValues).toMatchObject({ slug: "instagram", displayName: "Instagram" });
  });

  it("an admin updates a platform; deactivating hides it from the public, node(id) included", async () => {
    const r = await app.ok(UPDATE_PLATFORM, { id: instagram, i: { isActive: false, displayName: "Instagram (paused)" } }, { token: admin.token });
    expect(r.updatePlatform).toMatchObject({ isActive: false, displayName: "Instagram (paused)", slug: "instagram" });
    expect(slugs(await app.ok(PLATFORMS))).toEqual(["youtube"]);
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: instagram })).node).toBeNull();
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "platform.update" } });
    expect(audit.oldValues).toEqual({ isActive: true, displayName: "Instagram" });
    expect(audit.newValues).toEqual({ isActive: false, displayName: "Instagram (paused)" });
  });

  it("refuses non-admins, taken slugs, bad input and unknown ids", async () => {
    const input = { i: { slug: "tiktok", displayName: "TikTok" } };
    expect(errorCode(await app.gql(CREATE_PLATFORM, input, { token: creator.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(CREATE_PLATFORM, input))).toBe("UNAUTHENTICATED");
    const dup = await app.gql(CREATE_PLATFORM, { i: { slug: "youtube", displayName: "Again" } }, { token: admin.token });
    expect(dup.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "SLUG_TAKEN" });
    const bad = await app.gql(CREATE_PLATFORM, { i: { slug: "x", displayName: "X", websiteUrl: "javascript:alert(1)" } }, { token: admin.token });
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "websiteUrl" });
    const badSlug = await app.gql(CREATE_PLATFORM, { i: { slug: "no spaces", displayName: "X" } }, { token: admin.token });
    expect(badSlug.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "slug" });
    expect(errorCode(await app.gql(UPDATE_PLATFORM, { id: gid("Platform", "00000000-0000-4000-8000-000000000000"), i: { isActive: true } }, { token: admin.token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(UPDATE_PLATFORM, { id: instagram, i: {} }, { token: admin.token }))).toBe("BAD_USER_INPUT");
  });
});

describe("AI providers and models", () => {
  it("lists active models with their prices per 1k tokens; inactive providers hide their models", async () => {
    const p = await app.ok(`mutation { createAiProvider(input: { slug: "openai", displayName: "OpenAI", baseUrl: "https://api.openai.com/v1" }) { id } }`, {}, { token: admin.token });
    const providerId = p.createAiProvider.id;
    const m = await app.ok(
      `mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "gpt-4o-mini", displayName: "GPT-4o mini", capabilities: ["text"], maxContextTokens: 128000, inputCostPer1kTokens: "0.000150", outputCostPer1kTokens: "0.000600" }) { id modelName inputCostPer1kTokens outputCostPer1kTokens currency provider { slug } } }`,
      { p: providerId },
      { token: admin.token },
    );
    expect(m.createAiModel).toMatchObject({ modelName: "gpt-4o-mini", inputCostPer1kTokens: "0.00015", outputCostPer1kTokens: "0.0006", currency: "USD", provider: { slug: "openai" } });
    const MODELS = `query($p: ID) { aiModels(provider: $p) { totalCount edges { node { modelName } } } aiProviders { totalCount } }`;
    expect(await app.ok(MODELS, { p: providerId })).toMatchObject({ aiModels: { totalCount: 1 }, aiProviders: { totalCount: 1 } });
    await app.ok(`mutation($id: ID!) { updateAiProvider(id: $id, input: { isActive: false }) { isActive } }`, { id: providerId }, { token: admin.token });
    expect(await app.ok(MODELS, { p: providerId })).toMatchObject({ aiModels: { totalCount: 0 }, aiProviders: { totalCount: 0 } });
    expect(await app.ok(MODELS, { p: providerId }, { token: admin.token })).toMatchObject({ aiModels: { totalCount: 1 }, aiProviders: { totalCount: 1 } });

    const dup = await app.gql(`mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "gpt-4o-mini", displayName: "again" }) { id } }`, { p: providerId }, { token: admin.token });
    expect(errorCode(dup)).toBe("CONFLICT");
    const price = await app.gql(`mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "m2", displayName: "m2", inputCostPer1kTokens: "-1" }) { id } }`, { p: providerId }, { token: admin.token });
    expect(errorCode(price)).toBe("BAD_USER_INPUT");
    const missing = await app.gql(`mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "m3", displayName: "m3" }) { id } }`, { p: gid("AiProvider", "00000000-0000-4000-8000-000000000000") }, { token: admin.token });
    expect(errorCode(missing)).toBe("NOT_FOUND");
  });
});

describe("content types, account statuses and trending keywords", () => {
  it("admins write them; the public reads active types, all statuses, and keywords valid now", async () => {
    await app.ok(`mutation { createSocialContentType(input: { slug: "reel", displayName: "Reel", sortOrder: 1 }) { id } }`, {}, { token: admin.token });
    const story = await app.ok(`mutation { createSocialContentType(input: { slug: "story", displayName: "Story", sortOrder: 2 }) { id } }`, {}, { token: admin.token });
    await app.ok(`mutation($id: ID!) { updateSocialContentType(id: $id, input: { isActive: false }) { isActive } }`, { id: story.createSocialContentType.id }, { token: admin.token });
    const st = await app.ok(`mutation { createAccountStatus(input: { slug: "suspended", displayName: "Suspended" }) { id } }`, {}, { token: admin.token });
    await app.ok(`mutation($id: ID!) { updateAccountStatus(id: $id, input: { description: "Paused by the platform" }) { description } }`, { id: st.createAccountStatus.id }, { token: admin.token });
    const lists = await app.ok(`{ socialContentTypes { edges { node { slug } } } accountStatuses { edges { node { slug description } } } }`);
    expect(lists.socialContentTypes.edges.map((e: any) => e.node.slug)).toEqual(["reel"]);
    expect(lists.accountStatuses.edges).toEqual([{ node: { slug: "suspended", description: "Paused by the platform" } }]);

    const yt = await app.prisma.platform.findUniqueOrThrow({ where: { slug: "youtube" } });
    const now = app.clock.now();
    const KW = `mutation($i: TrendingKeywordInput!) { createTrendingKeyword(input: $i) { keyword trendingScore } }`;
    await app.ok(KW, { i: { platform: gid("Platform", yt.id), keyword: "Pasta", trendingScore: 80 } }, { token: admin.token });
    await app.ok(KW, { i: { keyword: "recipes", trendingScore: 50 } }, { token: admin.token });
    await app.ok(KW, { i: { platform: gid("Platform", yt.id), keyword: "old", trendingScore: 99, validFrom: new Date(now.getTime() - 86_400_000 * 10).toISOString(), validUntil: new Date(now.getTime() - 86_400_000).toISOString() } }, { token: admin.token });
    const bad = await app.gql(KW, { i: { keyword: "x", validUntil: new Date(now.getTime() - 1000).toISOString() } }, { token: admin.token });
    expect(bad.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "validUntil" });
    const trending = await app.ok(`query($p: ID!) { trendingKeywords(platform: $p) { totalCount edges { node { keyword trendingScore platform { slug } } } } }`, { p: gid("Platform", yt.id) });
    expect(trending.trendingKeywords.edges.map((e: any) => e.node)).toEqual([
      { keyword: "pasta", trendingScore: "80", platform: { slug: "youtube" } },
      { keyword: "recipes", trendingScore: "50", platform: null },
    ]);
    expect(errorCode(await app.gql(KW, { i: { keyword: "nope" } }, { token: creator.token }))).toBe("FORBIDDEN");
  });
});
