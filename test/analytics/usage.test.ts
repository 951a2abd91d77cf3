// Usage is visible: a user's AI calls (tokens, cost per currency) and SEO submissions per allowance
// cycle on `viewer.usage` (the user and admins only), and platform totals per calendar month for admins.
import { jobs } from "../../src/app/domains.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { Prisma } from "../../src/generated/prisma/client.ts";
import { errorCode } from "../helpers/app.ts";
import { createIntegrationsApp, freeTier, gid, itemIdByPlatformId, lookups, makeUser, syncedCreator, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let engineId: string;

beforeAll(async () => {
  app = await createIntegrationsApp();
  await lookups(app);
  await freeTier(app, { maxAiAnalysesPerMonth: 10, maxSeoSubmissionsPerMonth: 10 });
  engineId = (await app.prisma.searchEngine.create({ data: { slug: "bing", displayName: "Bing", supportsIndexnow: true, apiEndpoint: "https://www.bing.com/indexnow" } })).id;
  // The catalogue prices the local analyser (an admin sets model prices), so calls cost money.
  const provider = await app.prisma.aiProvider.create({ data: { slug: "local", displayName: "Local keyword analyser", isApiKeyRequired: false } });
  await app.prisma.aiModel.create({
    data: { providerId: provider.id, modelName: "keyword-tfidf", displayName: "Keyword TF-IDF", capabilities: ["suggestions"], inputCostPer1kTokens: "0.0015", outputCostPer1kTokens: "0.002", currency: "EUR" },
  });
});
afterAll(() => app.close());

const USAGE = `query($last: Int) { viewer { usage(last: $last) { start end users ai { calls promptTokens completionTokens totalTokens costs { amount currency } } seo { operations urls } } } }`;
const REQUEST_AI = `mutation($id: ID!) { requestAiSuggestions(contentItemId: $id) { promptTokens completionTokens totalCost currency } }`;
const TOTALS = `query($from: Date!, $to: Date!) { usageTotals(from: $from, to: $to) { start end users ai { calls totalTokens costs { amount currency } } seo { operations urls } } }`;

async function seoSubmissions(token: string, n: number) {
  const c = await app.ok(`mutation($i: ConnectSearchEngineInput!) { connectSearchEngine(input: $i) { id } }`, { i: { searchEngine: gid("SearchEngine", engineId), siteUrl: "https://maya.example/", apiKey: "a1b2c3d4e5f6a7b8" } }, { token });
  await app.ok(`mutation($id: ID!) { verifySeoConnection(id: $id) { isVerified } }`, { id: c.connectSearchEngine.id }, { token });
  for (let i = 0; i < n; i++) await app.ok(`mutation($i: SubmitUrlForIndexingInput!) { submitUrlForIndexing(input: $i) { id } }`, { i: { connection: c.connectSearchEngine.id, url: `https://maya.example/p${i}` } }, { token });
}

it("shows a user's AI tokens and costs and SEO submissions per allowance cycle, newest first", async () => {
  const maya = await syncedCreator(app, await app.prisma.platform.findUniqueOrThrow({ where: { slug: "youtube" } }));
  const item = gid("ContentItem", await itemIdByPlatformId(app, "yt-001"));
  const calls = [(await app.ok(REQUEST_AI, { id: item }, { token: maya.user.token })).requestAiSuggestions, (await app.ok(REQUEST_AI, { id: item }, { token: maya.user.token })).requestAiSuggestions];
  await seoSubmissions(maya.user.token, 2);
  const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: maya.user.id } });

  const expectedCost = calls.reduce((s, c) => s.add(c.totalCost), new Prisma.Decimal(0));
  expect(expectedCost.gt(0)).toBe(true);
  const r = await app.ok(USAGE, {}, { token: maya.user.token });
  expect(r.viewer.usage).toEqual([
    {
      start: sub.currentPeriodStart.toISOString(),
      end: sub.currentPeriodEnd.toISOString(),
      users: 1,
      ai: {
        calls: 2,
        promptTokens: calls[0].promptTokens + calls[1].promptTokens,
        completionTokens: calls[0].completionTokens + calls[1].completionTokens,
        totalTokens: calls.reduce((s, c) => s + c.promptTokens + c.completionTokens, 0),
        costs: [{ amount: expectedCost.toFixed(6), currency: "EUR" }],
      },
      seo: { operations: 2, urls: 2 },
    },
  ]);

  // The next cycle: a new period on top, the old one unchanged.
  app.clock.advance(32 * 86_400_000);
  try {
    await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "subscriptions.rollover"));
    const token = await app.token(maya.user.id);
    await app.ok(REQUEST_AI, { id: item }, { token });
    const next = (await app.ok(USAGE, {}, { token })).viewer.usage;
    expect(next.map((p: any) => [p.ai.calls, p.seo.operations])).toEqual([
      [1, 0],
      [2, 2],
    ]);
    expect(new Date(next[0].start).getTime()).toBe(new Date(next[1].end).getTime());
    expect((await app.ok(USAGE, { last: 1 }, { token })).viewer.usage).toHaveLength(1);
    expect(errorCode(await app.gql(USAGE, { last: 0 }, { token }))).toBe("BAD_USER_INPUT");
  } finally {
    app.clock.reset();
  }
});

it("is private: another member is refused a user's usage and the totals; an admin sees both", async () => {
  const owner = await app.prisma.aiUsage.findFirstOrThrow({ select: { userId: true, createdAt: true } });
  const other = await makeUser(app, ["MEMBER"]);
  const admin = await makeUser(app, ["MEMBER", "ADMIN"]);
  const OF = `query($id: ID!) { node(id: $id) { ... on User { usage { ai { calls } } } } }`;
  expect(errorCode(await app.gql(OF, { id: gid("User", owner.userId) }, { token: other.token }))).toBe("FORBIDDEN");
  expect(errorCode(await app.gql(USAGE, {}))).toBeUndefined(); // anonymous: viewer is null, nothing to show
  expect((await app.ok(USAGE, {})).viewer).toBeNull();
  expect((await app.ok(USAGE, {}, { token: other.token })).viewer.usage).toEqual([]);
  const seen = (await app.ok(OF, { id: gid("User", owner.userId) }, { token: admin.token })).node.usage;
  expect(seen.map((p: any) => p.ai.calls)).toEqual([1, 2]);

  const month = owner.createdAt.toISOString().slice(0, 10);
  expect(errorCode(await app.gql(TOTALS, { from: month, to: month }, { token: other.token }))).toBe("FORBIDDEN");
  const totals = (await app.ok(TOTALS, { from: month, to: month }, { token: admin.token })).usageTotals;
  const all = await app.prisma.aiUsage.aggregate({ _sum: { cost: true, totalTokens: true }, _count: true });
  expect(totals).toHaveLength(1);
  expect(totals[0]).toMatchObject({
    users: 1,
    ai: { calls: all._count, totalTokens: all._sum.totalTokens, costs: [{ amount: all._sum.cost!.toFixed(6), currency: "EUR" }] },
    seo: { operations: 2, urls: 2 },
  });
  expect(new Date(totals[0].start).getUTCDate()).toBe(1);
  expect(errorCode(await app.gql(TOTALS, { from: "2026-01-01", to: "2028-06-01" }, { token: admin.token }))).toBe("BAD_USER_INPUT");
});
