// AI suggestions: the local analyser by default, costs from ai_model prices, ai_usage, the
// AI_ANALYSIS quota, applying fields (revisions + application records), ownership, and an
// OpenAI-compatible provider plugged in with a fake fetch.
import { createOpenAiCompatibleClient } from "../../src/adapters/ai.ts";
import { errorCode } from "../helpers/app.ts";
import { createIntegrationsApp, freeTier, gid, lookups, makeUser, syncedCreator, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let platforms: Awaited<ReturnType<typeof lookups>>;
let maya: Awaited<ReturnType<typeof syncedCreator>>;
let pastaItem: string;

const REQUEST = `mutation($id: ID!) { requestAiSuggestions(contentItemId: $id) {
  id version suggestedTitles suggestedDescription suggestedTags suggestedCategory trendingKeywords trendingHashtags
  seoScore readabilityScore sentiment promptTokens completionTokens totalCost currency
  provider { slug } model { modelName } contentItem { id } } }`;
const APPLY = `mutation($s: ID!, $f: [AiSuggestionField!]!, $i: Int) { applyAiSuggestion(suggestionId: $s, fields: $f, titleIndex: $i) {
  contentItem { title tags hashtags category }
  suggestion { isApplied appliedAt applications { appliedField appliedValue appliedBy { id } } }
  revisions { fieldName oldValue newValue changeSource suggestion { id } user { id } } } }`;

beforeAll(async () => {
  app = await createIntegrationsApp();
  platforms = await lookups(app);
  await freeTier(app, { maxAiAnalysesPerMonth: 3 });
  const admin = await makeUser(app, ["ADMIN"]);
  // The local analyser's catalogue rows, with prices so cost is visible.
  const local = await app.ok(`mutation { createAiProvider(input: { slug: "local", displayName: "Local", isApiKeyRequired: false }) { id } }`, {}, { token: admin.token });
  await app.ok(
    `mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "keyword-tfidf", displayName: "TF-IDF", inputCostPer1kTokens: "0.500000", outputCostPer1kTokens: "1.500000" }) { id } }`,
    { p: local.createAiProvider.id },
    { token: admin.token },
  );
  for (const [keyword, score] of [
    ["pasta", 80],
    ["homemade", 60],
    ["skateboarding", 99],
  ] as const) {
    await app.ok(
      `mutation($p: ID!, $k: String!, $s: Float!) { createTrendingKeyword(input: { platform: $p, keyword: $k, trendingScore: $s, source: "test" }) { id } }`,
      { p: gid("Platform", platforms.youtube.id), k: keyword, s: score },
      { token: admin.token },
    );
  }
  maya = await syncedCreator(app, platforms.youtube);
  const item = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId: "yt-001", socialAccount: { userId: maya.user.id } } });
  pastaItem = gid("ContentItem", item.id);
});
afterAll(() => app.close());

it("the local analyser suggests titles, tags and trending keywords, priced at the model's rates", async () => {
  const r = await app.ok(REQUEST, { id: pastaItem }, { token: maya.user.token });
  const s = r.requestAiSuggestions;
  expect(s).toMatchObject({ version: 1, provider: { slug: "local" }, model: { modelName: "keyword-tfidf" }, contentItem: { id: pastaItem }, currency: "USD", suggestedCategory: "Food" });
  expect(s.suggestedTitles.length).toBeGreaterThanOrEqual(2);
  expect(s.suggestedTitles).toContain("Fresh Pasta From Scratch in 20 Minutes");
  expect(s.suggestedTags).toEqual(expect.arrayContaining(["pasta", "cooking", "italian", "homemade"]));
  expect(s.trendingKeywords).toEqual(["pasta", "homemade"]);
  expect(s.trendingHashtags).toEqual(["#pasta", "#homemade"]);
  expect(s.promptTokens).toBeGreaterThan(0);
  expect(s.completionTokens).toBeGreaterThan(0);
  const expected = ((s.promptTokens / 1000) * 0.5 + (s.completionTokens / 1000) * 1.5).toFixed(6);
  expect(Number(s.totalCost).toFixed(6)).toBe(expected);

  const usage = await app.prisma.aiUsage.findFirstOrThrow({ where: { suggestionId: Buffer.from(s.id, "base64url").toString().split(":")[1] } });
  expect(usage).toMatchObject({ userId: maya.user.id, operationType: "content_suggestions", promptTokens: s.promptTokens, completionTokens: s.completionTokens, totalTokens: s.promptTokens + s.completionTokens });
  expect(usage.cost.toFixed(6)).toBe(expected);
  expect(usage.billingCycleEnd).not.toBeNull();

  // Deterministic: asking again gives the same suggestions as version 2.
  const again = await app.ok(REQUEST, { id: pastaItem }, { token: maya.user.token });
  expect(again.requestAiSuggestions.version).toBe(2);
  expect(again.requestAiSuggestions.suggestedTitles).toEqual(s.suggestedTitles);
  expect(again.requestAiSuggestions.suggestedTags).toEqual(s.suggestedTags);
});

it("applying fields writes them into the item with one revision and one application per field", async () => {
  const req = await app.ok(REQUEST, { id: pastaItem }, { token: maya.user.token });
  const s = req.requestAiSuggestions;
  const r = await app.ok(APPLY, { s: s.id, f: ["TITLE", "TAGS", "HASHTAGS"], i: 0 }, { token: maya.user.token });
  const out = r.applyAiSuggestion;
  expect(out.contentItem).toMatchObject({ title: s.suggestedTitles[0], tags: s.suggestedTags, hashtags: s.trendingHashtags });
  expect(out.suggestion.isApplied).toBe(true);
  // Applied in one transaction, the three share their time: compare them as a set.
  expect(out.suggestion.applications.map((a: any) => a.appliedField).sort()).toEqual(["hashtags", "tags", "title"]);
  expect(out.suggestion.applications.find((a: any) => a.appliedField === "title")).toEqual({ appliedField: "title", appliedValue: s.suggestedTitles[0], appliedBy: { id: gid("User", maya.user.id) } });
  expect(out.revisions).toEqual([
    { fieldName: "title", oldValue: "Fresh Pasta From Scratch in 20 Minutes", newValue: s.suggestedTitles[0], changeSource: "AI_SUGGESTION", suggestion: { id: s.id }, user: { id: gid("User", maya.user.id) } },
    { fieldName: "tags", oldValue: '["cooking","italian","homemade"]', newValue: JSON.stringify(s.suggestedTags), changeSource: "AI_SUGGESTION", suggestion: { id: s.id }, user: { id: gid("User", maya.user.id) } },
    { fieldName: "hashtags", oldValue: '["#homemade"]', newValue: JSON.stringify(s.trendingHashtags), changeSource: "AI_SUGGESTION", suggestion: { id: s.id }, user: { id: gid("User", maya.user.id) } },
  ]);

  // The item's revision history shows them, newest first.
  const history = await app.ok(`query($id: ID!) { node(id: $id) { ... on ContentItem { revisions { totalCount edges { node { fieldName changeSource } } } } } }`, { id: pastaItem }, { token: maya.user.token });
  expect(history.node.revisions.totalCount).toBe(3);
  expect(history.node.revisions.edges.every((e: any) => e.node.changeSource === "AI_SUGGESTION")).toBe(true);
  const audit = await app.prisma.auditLog.count({ where: { action: "ai_suggestion.apply" } });
  expect(audit).toBe(1);
});

it("rejects applying a field the suggestion does not have, or nothing", async () => {
  const suggestion = gid("AiSuggestion", (await app.prisma.aiSuggestion.findFirstOrThrow({ orderBy: { createdAt: "asc" } })).id);
  expect(errorCode(await app.gql(APPLY, { s: suggestion, f: ["TITLE"], i: 15 }, { token: maya.user.token }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await app.gql(APPLY, { s: suggestion, f: [] }, { token: maya.user.token }))).toBe("BAD_USER_INPUT");
  expect(errorCode(await app.gql(APPLY, { s: suggestion, f: ["TAGS", "TAGS"] }, { token: maya.user.token }))).toBe("BAD_USER_INPUT");
});

it("QUOTA_EXCEEDED with limit and resetsAt once the plan's AI analyses are used up; nothing is stored", async () => {
  const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: maya.user.id } });
  expect(sub.aiAnalysesUsed).toBe(3);
  const before = await app.prisma.aiSuggestion.count();
  const r = await app.gql(REQUEST, { id: pastaItem }, { token: maya.user.token });
  expect(errorCode(r)).toBe("QUOTA_EXCEEDED");
  expect(r.errors![0].extensions).toMatchObject({ quota: "AI_ANALYSIS", limit: 3, used: 3, resetsAt: sub.currentPeriodEnd.toISOString() });
  expect(await app.prisma.aiSuggestion.count()).toBe(before);
  expect(await app.prisma.aiUsage.count({ where: { userId: maya.user.id } })).toBe(3);
});

it("a creator cannot request or apply suggestions on another creator's items", async () => {
  const other = await makeUser(app);
  const suggestion = await app.prisma.aiSuggestion.findFirstOrThrow();
  expect(errorCode(await app.gql(REQUEST, { id: pastaItem }, { token: other.token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(APPLY, { s: gid("AiSuggestion", suggestion.id), f: ["TITLE"] }, { token: other.token }))).toBe("NOT_FOUND");
  const node = await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: gid("AiSuggestion", suggestion.id) }, { token: other.token });
  expect(node.node).toBeNull();
  const member = await makeUser(app, ["MEMBER"]);
  expect(errorCode(await app.gql(REQUEST, { id: pastaItem }, { token: member.token }))).toBe("FORBIDDEN");
});

it("an OpenAI-compatible provider is billed at its model's prices from the reported usage", async () => {
  const admin = await makeUser(app, ["ADMIN"]);
  const p = await app.ok(`mutation { createAiProvider(input: { slug: "openai", displayName: "OpenAI" }) { id } }`, {}, { token: admin.token });
  await app.ok(
    `mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "gpt-test", displayName: "GPT test", inputCostPer1kTokens: "0.150000", outputCostPer1kTokens: "0.600000" }) { id } }`,
    { p: p.createAiProvider.id },
    { token: admin.token },
  );
  const calls: { url: string; body: any; auth?: string }[] = [];
  const original = app.runtime.services.aiProvider;
  app.runtime.services.aiProvider = createOpenAiCompatibleClient({
    baseUrl: "https://llm.example/v1",
    apiKey: "sk-test-secret",
    model: "gpt-test",
    providerSlug: "openai",
    fetch: async (url, init) => {
      calls.push({ url, body: JSON.parse(init.body!), auth: init.headers.authorization });
      const answer = { suggestedTitles: ["Pasta in 20"], suggestedTags: ["pasta"], seoScore: 140, sentiment: "positive" };
      return { status: 200, ok: true, json: async () => ({ choices: [{ message: { content: JSON.stringify(answer) } }], usage: { prompt_tokens: 1200, completion_tokens: 300 } }) };
    },
  });
  try {
    const creator = await syncedCreator(app, platforms.youtube);
    const item = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId: "yt-002", socialAccount: { userId: creator.user.id } } });
    const r = await app.ok(REQUEST, { id: gid("ContentItem", item.id) }, { token: creator.user.token });
    expect(r.requestAiSuggestions).toMatchObject({
      provider: { slug: "openai" },
      model: { modelName: "gpt-test" },
      suggestedTitles: ["Pasta in 20"],
      seoScore: "100",
      promptTokens: 1200,
      completionTokens: 300,
    });
    expect(Number(r.requestAiSuggestions.totalCost)).toBeCloseTo(1.2 * 0.15 + 0.3 * 0.6, 6);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: "https://llm.example/v1/chat/completions", auth: "Bearer sk-test-secret", body: { model: "gpt-test" } });
    expect(calls[0].body.messages[1].content).toContain("Weeknight Risotto Without Stirring");
  } finally {
    app.runtime.services.aiProvider = original;
  }
});
