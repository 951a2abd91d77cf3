// SEO: site connections (key in the vault), verification, URL submissions metered by the
// SEO_SUBMISSION quota, the recorded IndexNow request, retries with backoff by the job, ownership.
import { jobs } from "../../src/app/domains.ts";
import type { IndexingClient, IndexNowRequest, IndexingOutcome } from "../../src/core/ports.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { errorCode } from "../helpers/app.ts";
import { createIntegrationsApp, freeTier, gid, lookups, makeUser, syncedCreator, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let engine: { id: string };

const CONNECT = `mutation($i: ConnectSearchEngineInput!) { connectSearchEngine(input: $i) { id siteUrl isActive isVerified searchEngine { slug } } }`;
const VERIFY = `mutation($id: ID!) { verifySeoConnection(id: $id) { isVerified lastError lastVerifiedAt } }`;
const SUBMIT = `mutation($i: SubmitUrlForIndexingInput!) { submitUrlForIndexing(input: $i) {
  id submittedUrl submissionType submissionMethod status requestPayload responseStatus retryCount nextRetryAt errorMessage submittedAt
  contentItem { id } searchEngine { slug } } }`;

const dbId = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];

beforeAll(async () => {
  app = await createIntegrationsApp({ SEO_MAX_RETRIES: "2", SEO_RETRY_BASE_SECONDS: "60" });
  await lookups(app);
  await freeTier(app, { maxSeoSubmissionsPerMonth: 3 });
  engine = await app.prisma.searchEngine.create({ data: { slug: "bing", displayName: "Bing", supportsIndexnow: true, apiEndpoint: "https://www.bing.com/indexnow" } });
});
afterAll(() => app.close());

async function verifiedSite(token: string, siteUrl = "https://maya.example/") {
  const c = await app.ok(CONNECT, { i: { searchEngine: gid("SearchEngine", engine.id), siteUrl, apiKey: "a1b2c3d4e5f6a7b8" } }, { token });
  await app.ok(VERIFY, { id: c.connectSearchEngine.id }, { token });
  return c.connectSearchEngine.id as string;
}

/** An indexing client that fails the way `answers` says, in order, and records what it sent. */
function scriptedClient(answers: IndexingOutcome[]): IndexingClient & { sent: IndexNowRequest[] } {
  const sent: IndexNowRequest[] = [];
  return {
    kind: "http",
    sent,
    async send(request) {
      sent.push(request);
      return answers.shift() ?? { status: "SUBMITTED", httpStatus: 200, body: null, retryable: false, error: null };
    },
    async verifyKey() {
      return { ok: true, error: null };
    },
  };
}

it("connects a site with its key in the vault, verifies it, and submits a URL: recorded and PENDING", async () => {
  const maya = await syncedCreator(app, await app.prisma.platform.findUniqueOrThrow({ where: { slug: "youtube" } }));
  const c = await app.ok(CONNECT, { i: { searchEngine: gid("SearchEngine", engine.id), siteUrl: "https://maya.example/", apiKey: "a1b2c3d4e5f6a7b8" } }, { token: maya.user.token });
  expect(c.connectSearchEngine).toMatchObject({ siteUrl: "https://maya.example", isActive: true, isVerified: false, searchEngine: { slug: "bing" } });
  const row = await app.prisma.seoConnection.findUniqueOrThrow({ where: { id: dbId(c.connectSearchEngine.id) } });
  expect(row.vaultSecretName).toMatch(/^seo-connection\//);
  expect(await app.runtime.services.secrets.get(row.vaultSecretName)).toBe("a1b2c3d4e5f6a7b8");

  const unverified = await app.gql(SUBMIT, { i: { connection: c.connectSearchEngine.id, url: "https://maya.example/pasta" } }, { token: maya.user.token });
  expect(unverified.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "CONNECTION_NOT_VERIFIED" });
  const v = await app.ok(VERIFY, { id: c.connectSearchEngine.id }, { token: maya.user.token });
  expect(v.verifySeoConnection).toMatchObject({ isVerified: true, lastError: null });

  const item = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId: "yt-001", socialAccount: { userId: maya.user.id } } });
  const r = await app.ok(SUBMIT, { i: { connection: c.connectSearchEngine.id, url: "https://maya.example/pasta", contentItem: gid("ContentItem", item.id) } }, { token: maya.user.token });
  const s = r.submitUrlForIndexing;
  expect(s).toMatchObject({
    submittedUrl: "https://maya.example/pasta",
    submissionType: "url_updated",
    submissionMethod: "indexnow",
    status: "PENDING",
    responseStatus: null,
    retryCount: 0,
    nextRetryAt: null,
    contentItem: { id: gid("ContentItem", item.id) },
    searchEngine: { slug: "bing" },
  });
  expect(s.requestPayload).toEqual({
    endpoint: "https://www.bing.com/indexnow",
    body: { host: "maya.example", key: "[vault]", keyLocation: "https://maya.example/[vault].txt", urlList: ["https://maya.example/pasta"] },
  });
  // The default client recorded the real request (with the key) and sent nothing.
  const recorded = (app.runtime.services.indexing as unknown as { recorded: IndexNowRequest[] }).recorded;
  expect(recorded.at(-1)).toEqual({ endpoint: "https://www.bing.com/indexnow", body: { host: "maya.example", key: "a1b2c3d4e5f6a7b8", keyLocation: "https://maya.example/a1b2c3d4e5f6a7b8.txt", urlList: ["https://maya.example/pasta"] } });

  const usage = await app.prisma.seoUsage.findFirstOrThrow({ where: { submissionId: dbId(s.id) } });
  expect(usage).toMatchObject({ userId: maya.user.id, searchEngineId: engine.id, contentItemId: item.id, operationType: "url_updated", urlsCount: 1 });
  expect(usage.billingCycleEnd).not.toBeNull();
  expect(await app.prisma.quotaUsageHistory.count({ where: { userId: maya.user.id, quotaKind: "SEO_SUBMISSION", relatedEntityId: dbId(s.id) } })).toBe(1);
  expect(await app.prisma.auditLog.count({ where: { entityId: dbId(s.id), action: { in: ["seo_submission.create", "seo_submission.dispatch"] } } })).toBe(2);
});

it("refuses URLs of another host and bad keys", async () => {
  const creator = await makeUser(app);
  const site = await verifiedSite(creator.token);
  const r = await app.gql(SUBMIT, { i: { connection: site, url: "https://evil.example/x" } }, { token: creator.token });
  expect(r.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "url" });
  const key = await app.gql(CONNECT, { i: { searchEngine: gid("SearchEngine", engine.id), siteUrl: "https://other.example", apiKey: "has spaces in it" } }, { token: creator.token });
  expect(key.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "apiKey" });
  const site2 = await app.gql(CONNECT, { i: { searchEngine: gid("SearchEngine", engine.id), siteUrl: "ftp://other.example", apiKey: "a1b2c3d4e5f6a7b8" } }, { token: creator.token });
  expect(site2.errors![0].extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "siteUrl" });
});

it("QUOTA_EXCEEDED with limit and resetsAt once the plan's submissions are used up; nothing is stored", async () => {
  const creator = await makeUser(app);
  const site = await verifiedSite(creator.token);
  for (let i = 0; i < 3; i++) await app.ok(SUBMIT, { i: { connection: site, url: `https://maya.example/p${i}` } }, { token: creator.token });
  const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: creator.id } });
  const r = await app.gql(SUBMIT, { i: { connection: site, url: "https://maya.example/p4" } }, { token: creator.token });
  expect(errorCode(r)).toBe("QUOTA_EXCEEDED");
  expect(r.errors![0].extensions).toMatchObject({ quota: "SEO_SUBMISSION", limit: 3, used: 3, resetsAt: sub.currentPeriodEnd.toISOString() });
  expect(await app.prisma.seoSubmission.count({ where: { connectionId: dbId(site) } })).toBe(3);
  expect(await app.prisma.seoUsage.count({ where: { userId: creator.id } })).toBe(3);
});

it("retries retryable failures with exponential backoff through the job, then gives up as FAILED; retry sends again", async () => {
  const creator = await makeUser(app);
  const site = await verifiedSite(creator.token);
  const original = app.runtime.services.indexing;
  const busy: IndexingOutcome = { status: "FAILED", httpStatus: 429, body: null, retryable: true, error: "The search engine refused the submission: HTTP 429" };
  const client = scriptedClient([busy, busy, busy, { status: "SUBMITTED", httpStatus: 200, body: null, retryable: false, error: null }]);
  app.runtime.services.indexing = client;
  try {
    const t0 = app.clock.now().getTime();
    const r = await app.ok(SUBMIT, { i: { connection: site, url: "https://maya.example/busy" } }, { token: creator.token });
    const id = dbId(r.submitUrlForIndexing.id);
    expect(r.submitUrlForIndexing).toMatchObject({ status: "PENDING", retryCount: 1, responseStatus: 429 });
    const next1 = new Date(r.submitUrlForIndexing.nextRetryAt).getTime();
    expect(Math.round((next1 - t0) / 1000)).toBeGreaterThanOrEqual(59);
    expect(Math.round((next1 - t0) / 1000)).toBeLessThanOrEqual(61);

    // Not due yet: the job leaves it alone.
    await runJobsOnce(app.runtime, jobs);
    expect(client.sent).toHaveLength(1);

    app.clock.advance(61_000);
    await runJobsOnce(app.runtime, jobs);
    let row = await app.prisma.seoSubmission.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "PENDING", retryCount: 2 });
    expect(Math.round((row.nextRetryAt!.getTime() - app.clock.now().getTime()) / 1000)).toBe(120); // doubled

    app.clock.advance(121_000);
    await runJobsOnce(app.runtime, jobs);
    row = await app.prisma.seoSubmission.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "FAILED", retryCount: 3, nextRetryAt: null, responseStatus: 429 });
    expect(row.errorMessage).toContain("429");
    expect(client.sent).toHaveLength(3);

    // retrySeoSubmission sends it again without new quota; this time the engine accepts it.
    const used = (await app.prisma.subscription.findFirstOrThrow({ where: { userId: creator.id } })).seoSubmissionsUsed;
    const again = await app.ok(`mutation($id: ID!) { retrySeoSubmission(id: $id) { status submittedAt retryCount responseStatus } }`, { id: r.submitUrlForIndexing.id }, { token: creator.token });
    expect(again.retrySeoSubmission).toMatchObject({ status: "SUBMITTED", retryCount: 0, responseStatus: 200 });
    expect(again.retrySeoSubmission.submittedAt).not.toBeNull();
    expect((await app.prisma.subscription.findFirstOrThrow({ where: { userId: creator.id } })).seoSubmissionsUsed).toBe(used);
    expect(client.sent.every((s) => s.body.key === "a1b2c3d4e5f6a7b8")).toBe(true);
    const notFailed = await app.gql(`mutation($id: ID!) { retrySeoSubmission(id: $id) { id } }`, { id: r.submitUrlForIndexing.id }, { token: creator.token });
    expect(notFailed.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "NOT_FAILED" });
  } finally {
    app.runtime.services.indexing = original;
  }
});

it("a refusal (403) fails at once without retries", async () => {
  const creator = await makeUser(app);
  const site = await verifiedSite(creator.token);
  const original = app.runtime.services.indexing;
  app.runtime.services.indexing = scriptedClient([{ status: "FAILED", httpStatus: 403, body: null, retryable: false, error: "The key is not valid for this host." }]);
  try {
    const r = await app.ok(SUBMIT, { i: { connection: site, url: "https://maya.example/x" } }, { token: creator.token });
    expect(r.submitUrlForIndexing).toMatchObject({ status: "FAILED", retryCount: 0, nextRetryAt: null, responseStatus: 403 });
  } finally {
    app.runtime.services.indexing = original;
  }
});

it("a creator never sees or uses another creator's connections and submissions; deactivate drops the key", async () => {
  const alice = await makeUser(app);
  const bob = await makeUser(app);
  const bobSite = await verifiedSite(bob.token, "https://bob.example");
  const bobSub = await app.ok(SUBMIT, { i: { connection: bobSite, url: "https://bob.example/a" } }, { token: bob.token });
  const seen = await app.ok(`query($c: ID!, $s: ID!) { seoConnections { totalCount } seoSubmissions { totalCount } c: node(id: $c) { id } s: node(id: $s) { id } }`, { c: bobSite, s: bobSub.submitUrlForIndexing.id }, { token: alice.token });
  expect(seen).toEqual({ seoConnections: { totalCount: 0 }, seoSubmissions: { totalCount: 0 }, c: null, s: null });
  expect(errorCode(await app.gql(SUBMIT, { i: { connection: bobSite, url: "https://bob.example/b" } }, { token: alice.token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(VERIFY, { id: bobSite }, { token: alice.token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(`mutation($id: ID!) { deactivateSeoConnection(id: $id) { id } }`, { id: bobSite }, { token: alice.token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(`mutation($id: ID!) { retrySeoSubmission(id: $id) { id } }`, { id: bobSub.submitUrlForIndexing.id }, { token: alice.token }))).toBe("NOT_FOUND");
  // Bob's own item may not be attached to Alice's submission either.
  const aliceSite = await verifiedSite(alice.token, "https://alice.example");
  const bobItem = await syncedCreator(app, await app.prisma.platform.findUniqueOrThrow({ where: { slug: "tiktok" } }), "devdan");
  const item = await app.prisma.contentItem.findFirstOrThrow({ where: { socialAccount: { userId: bobItem.user.id } } });
  expect(errorCode(await app.gql(SUBMIT, { i: { connection: aliceSite, url: "https://alice.example/a", contentItem: gid("ContentItem", item.id) } }, { token: alice.token }))).toBe("NOT_FOUND");

  const row = await app.prisma.seoConnection.findUniqueOrThrow({ where: { id: dbId(bobSite) } });
  const d = await app.ok(`mutation($id: ID!) { deactivateSeoConnection(id: $id) { isActive isVerified } }`, { id: bobSite }, { token: bob.token });
  expect(d.deactivateSeoConnection).toEqual({ isActive: false, isVerified: false });
  expect(await app.runtime.services.secrets.get(row.vaultSecretName)).toBeNull();
  const after = await app.gql(SUBMIT, { i: { connection: bobSite, url: "https://bob.example/c" } }, { token: bob.token });
  expect(after.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "CONNECTION_INACTIVE" });

  const admin = await makeUser(app, ["ADMIN"]);
  const all = await app.ok(`{ seoConnections { totalCount } searchEngines { totalCount } }`, {}, { token: admin.token });
  expect(all.seoConnections.totalCount).toBeGreaterThanOrEqual(2);
  expect(errorCode(await app.gql(`{ seoConnections { totalCount } }`))).toBe("UNAUTHENTICATED");
});

it("search engines: public list of active ones, admin writes", async () => {
  const admin = await makeUser(app, ["ADMIN"]);
  const r = await app.ok(`mutation { createSearchEngine(input: { slug: "yandex", displayName: "Yandex", supportsIndexnow: true, isActive: false }) { id isActive } }`, {}, { token: admin.token });
  expect((await app.ok(`{ searchEngines { edges { node { slug } } } }`)).searchEngines.edges.map((e: any) => e.node.slug)).toEqual(["bing"]);
  await app.ok(`mutation($id: ID!) { updateSearchEngine(id: $id, input: { isActive: true }) { isActive } }`, { id: r.createSearchEngine.id }, { token: admin.token });
  expect((await app.ok(`{ searchEngines { edges { node { slug } } } }`)).searchEngines.edges.map((e: any) => e.node.slug)).toEqual(["bing", "yandex"]);
  const creator = await makeUser(app);
  expect(errorCode(await app.gql(`mutation { createSearchEngine(input: { slug: "x", displayName: "X" }) { id } }`, {}, { token: creator.token }))).toBe("FORBIDDEN");
});
