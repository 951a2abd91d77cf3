// The ports without a database: the file/env secrets store, the HTTP platform client and the
// OpenAI-compatible client (fake fetch, no network), the local analyser, the IndexNow client.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyseLocally, createAiProvider, createOpenAiCompatibleClient } from "../../src/adapters/ai.ts";
import { AiProviderError, type AiAnalysisInput } from "../../src/core/ports.ts";
import { createHttpPlatformClient, parsePlatformUrls } from "../../src/adapters/platforms.ts";
import { PlatformError, type FetchLike } from "../../src/core/ports.ts";
import { createFileSecretStore, envNameFor } from "../../src/adapters/secrets-file.ts";
import { loadConfig } from "../../src/core/config.ts";
import { createHttpIndexingClient } from "../../src/adapters/indexnow.ts";
import { buildIndexNowRequest, storableRequest } from "../../src/core/ports.ts";
import { retryDelaySeconds } from "../../src/domains/seo/service.ts";

const reply = (status: number, body: unknown): ReturnType<FetchLike> =>
  Promise.resolve({ status, ok: status >= 200 && status < 300, json: async () => body, text: async () => String(body) });

describe("file secrets store", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gw-secrets-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("puts, gets, replaces and deletes entries as 0600 files", async () => {
    const store = createFileSecretStore(dir, {});
    await store.put("platform-connection/abc", "one");
    await store.put("platform-connection/abc", "two");
    expect(await store.get("platform-connection/abc")).toBe("two");
    expect(fs.statSync(path.join(dir, "platform-connection__abc")).mode & 0o777).toBe(0o600);
    await store.delete("platform-connection/abc");
    await store.delete("platform-connection/abc");
    expect(await store.get("platform-connection/abc")).toBeNull();
  });

  it("falls back to a VAULT_ environment variable named from the reference", async () => {
    expect(envNameFor("seo-connection/1a2b")).toBe("VAULT_SEO_CONNECTION_1A2B");
    const store = createFileSecretStore(dir, { VAULT_SEO_CONNECTION_1A2B: "from-env" });
    expect(await store.get("seo-connection/1a2b")).toBe("from-env");
  });

  it("refuses names that could escape the directory", async () => {
    const store = createFileSecretStore(dir, {});
    for (const bad of ["../x", "a/../../b", "/etc/passwd", "A", ""]) await expect(store.put(bad, "v")).rejects.toThrow("invalid secret name");
  });
});

describe("HTTP platform client", () => {
  it("sends the token only in the Authorization header and validates answers", async () => {
    const seen: { url: string; auth?: string }[] = [];
    const client = createHttpPlatformClient("https://adapter.example/youtube/", {
      fetch: (url, init) => {
        seen.push({ url, auth: init.headers.authorization });
        if (url.endsWith("/me")) return reply(200, { platformUserId: "u1", username: "maya" });
        if (url.includes("/content")) return reply(200, { items: [{ platformContentId: "v1", title: "T", tags: ["a"], publishedAt: "2026-01-01T00:00:00Z" }] });
        return reply(200, { platformAccountId: "c/1", accountName: "Chan", followerCount: 3 });
      },
    });
    expect(await client.verify("tok-1")).toEqual({ platformUserId: "u1", username: "maya", displayName: null, avatarUrl: null, scopes: [] });
    expect(await client.getAccount("tok-1", "c/1")).toMatchObject({ platformAccountId: "c/1", followerCount: 3, postCount: 0 });
    const items = await client.listContent("tok-1", "c/1", { limit: 10 });
    expect(items[0]).toMatchObject({ platformContentId: "v1", tags: ["a"], hashtags: [], viewsCount: 0 });
    expect(items[0].publishedAt).toEqual(new Date("2026-01-01T00:00:00Z"));
    expect(seen.map((s) => s.url)).toEqual([
      "https://adapter.example/youtube/me",
      "https://adapter.example/youtube/accounts/c%2F1",
      "https://adapter.example/youtube/accounts/c%2F1/content?limit=10",
    ]);
    expect(seen.every((s) => s.auth === "Bearer tok-1" && !s.url.includes("tok-1"))).toBe(true);
  });

  it.each([
    [401, "unauthorized"],
    [403, "unauthorized"],
    [404, "not_found"],
    [503, "unavailable"],
  ])("HTTP %i → %s", async (status, kind) => {
    const client = createHttpPlatformClient("https://a.example", { fetch: () => reply(status, {}) });
    await expect(client.verify("secret-token")).rejects.toMatchObject({ kind });
    await client.verify("secret-token").catch((e: PlatformError) => expect(e.message).not.toContain("secret-token"));
  });

  it("a network error is unavailable and a malformed answer invalid_response", async () => {
    await expect(createHttpPlatformClient("https://a.example", { fetch: () => Promise.reject(new Error("ECONNREFUSED")) }).verify("t")).rejects.toMatchObject({ kind: "unavailable" });
    await expect(createHttpPlatformClient("https://a.example", { fetch: () => reply(200, { nope: 1 }) }).verify("t")).rejects.toMatchObject({ kind: "invalid_response" });
  });

  it("parses PLATFORM_API_URLS", () => {
    expect([...parsePlatformUrls("youtube=https://a.example/yt,tiktok=http://b:8080")]).toEqual([
      ["youtube", "https://a.example/yt"],
      ["tiktok", "http://b:8080"],
    ]);
  });
});

const INPUT: AiAnalysisInput = {
  title: "Fresh Pasta From Scratch",
  description: "Hand-rolled tagliatelle with flour and eggs. Easy and delicious.",
  tags: ["cooking", "italian"],
  hashtags: ["#homemade"],
  category: null,
  language: "en",
  platform: "youtube",
  tone: "casual",
  corpus: [
    { title: "Weeknight Risotto", description: "Creamy risotto.", tags: ["italian", "dinner"], category: "Food" },
    { title: "Pasta sauce basics", description: "Tomato pasta sauce.", tags: ["sauce"], category: "Food" },
  ],
  trending: [
    { keyword: "pasta", score: 90 },
    { keyword: "skateboarding", score: 99 },
  ],
};

describe("local analyser", () => {
  it("is deterministic and derives keywords, trending matches, category and scores", () => {
    const a = analyseLocally(INPUT);
    expect(analyseLocally(INPUT)).toEqual(a);
    expect(a.trendingKeywords).toEqual(["pasta"]);
    expect(a.trendingScore).toBe(90);
    expect(a.suggestedCategory).toBe("Food");
    expect(a.suggestedTags).toEqual(expect.arrayContaining(["pasta", "cooking", "italian"]));
    expect(a.suggestedTags.length).toBeLessThanOrEqual(10);
    expect(a.suggestedTitles[a.suggestedTitles.length - 1]).toBe("Fresh Pasta From Scratch");
    expect(a.sentiment).toBe("positive");
    for (const s of [a.seoScore, a.readabilityScore, a.confidenceScore]) expect(s).toEqual(expect.any(Number));
    expect(a.promptTokens).toBeGreaterThan(0);
  });

  it("is what createAiProvider gives without AI_API_BASE_URL", () => {
    const p = createAiProvider({ AI_MODEL: "x", AI_PROVIDER_SLUG: "openai", AI_TIMEOUT_MS: 1000 });
    expect([p.providerSlug, p.modelName]).toEqual(["local", "keyword-tfidf"]);
  });
});

describe("OpenAI-compatible client", () => {
  const answer = {
    suggestedTitles: ["A", "B"],
    suggestedDescription: "D",
    suggestedTags: ["x"],
    seoScore: 72.456,
    confidenceScore: -5,
    sentiment: "neutral",
  };

  it("posts a JSON-mode chat completion and reads the answer and the token usage", async () => {
    let sent: { url: string; init: Parameters<FetchLike>[1] } | undefined;
    const client = createOpenAiCompatibleClient({
      baseUrl: "https://api.example/v1/",
      apiKey: "sk-key",
      model: "m-1",
      providerSlug: "openai",
      fetch: (url, init) => {
        sent = { url, init };
        return reply(200, { choices: [{ message: { content: "```json\n" + JSON.stringify(answer) + "\n```" } }], usage: { prompt_tokens: 321, completion_tokens: 45 } });
      },
    });
    const out = await client.analyse(INPUT, { modelName: "m-2" });
    expect(sent!.url).toBe("https://api.example/v1/chat/completions");
    expect(sent!.init.headers.authorization).toBe("Bearer sk-key");
    const body = JSON.parse(sent!.init.body!);
    expect(body).toMatchObject({ model: "m-2", response_format: { type: "json_object" } });
    expect(body.messages[0].role).toBe("system");
    expect(JSON.parse(body.messages[1].content)).toMatchObject({ title: "Fresh Pasta From Scratch", trendingKeywords: ["pasta", "skateboarding"] });
    expect(body.messages[1].content).not.toContain("Weeknight Risotto"); // the corpus stays local
    expect(out).toMatchObject({ suggestedTitles: ["A", "B"], suggestedTags: ["x"], seoScore: 72.46, confidenceScore: 0, trendingKeywords: [], promptTokens: 321, completionTokens: 45 });
  });

  it("turns HTTP errors, network errors and non-JSON answers into AiProviderError without the key", async () => {
    const make = (fetch: FetchLike) => createOpenAiCompatibleClient({ baseUrl: "https://x", apiKey: "sk-hidden", model: "m", providerSlug: "openai", fetch });
    for (const fetch of [
      () => reply(500, {}),
      () => Promise.reject(new Error("boom sk-hidden")),
      () => reply(200, { choices: [{ message: { content: "not json" } }] }),
      () => reply(200, { unexpected: true }),
    ] as FetchLike[]) {
      const err = await make(fetch).analyse(INPUT).catch((e) => e);
      expect(err).toBeInstanceOf(AiProviderError);
      expect(err.message).not.toContain("sk-hidden");
    }
  });
});

describe("IndexNow", () => {
  it("builds the request and stores it without the key", () => {
    const req = buildIndexNowRequest(null, "https://site.example/blog", "abcdef123456", ["https://site.example/blog/p1"]);
    expect(req).toEqual({
      endpoint: "https://api.indexnow.org/indexnow",
      body: { host: "site.example", key: "abcdef123456", keyLocation: "https://site.example/blog/abcdef123456.txt", urlList: ["https://site.example/blog/p1"] },
    });
    expect(JSON.stringify(storableRequest(req))).not.toContain("abcdef123456");
  });

  it.each([
    [200, "SUBMITTED", false],
    [202, "SUBMITTED", false],
    [400, "FAILED", false],
    [403, "FAILED", false],
    [422, "FAILED", false],
    [429, "FAILED", true],
    [503, "FAILED", true],
  ])("HTTP %i → %s (retryable %s)", async (status, outcome, retryable) => {
    const client = createHttpIndexingClient({ fetch: () => reply(status, null) });
    const r = await client.send(buildIndexNowRequest("https://www.bing.com/indexnow", "https://s.example", "k1234567", ["https://s.example/a"]));
    expect([r.status, r.retryable, r.httpStatus]).toEqual([outcome, retryable, status]);
  });

  it("verifies a key against the key file", async () => {
    const client = createHttpIndexingClient({ fetch: (url) => (url === "https://s.example/k1234567.txt" ? reply(200, "k1234567\n") : reply(404, "")) });
    expect(await client.verifyKey("https://s.example/k1234567.txt", "k1234567")).toEqual({ ok: true, error: null });
    expect((await client.verifyKey("https://s.example/other.txt", "k1234567")).ok).toBe(false);
  });

  it("backs off exponentially, capped at 6 hours", () => {
    expect([1, 2, 3, 4].map((n) => retryDelaySeconds(n, 60))).toEqual([60, 120, 240, 480]);
    expect(retryDelaySeconds(20, 60)).toBe(6 * 3600);
  });
});

describe("configuration", () => {
  it("has defaults that need no network, and names a bad variable", () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ SECRETS_DIR: ".data/secrets", PLATFORM_FIXTURES_DIR: "fixtures/platforms", INDEXNOW_MODE: "record", SEO_MAX_RETRIES: 5 });
    expect(c.AI_API_BASE_URL).toBeUndefined();
    expect(() => loadConfig({ PLATFORM_API_URLS: "youtube=ftp://x" })).toThrow(/^Invalid configuration: PLATFORM_API_URLS /);
    expect(() => loadConfig({ INDEXNOW_MODE: "carrier-pigeon" })).toThrow(/^Invalid configuration: INDEXNOW_MODE /);
    expect(() => loadConfig({ AI_API_BASE_URL: "api.openai.com" })).toThrow(/^Invalid configuration: AI_API_BASE_URL /);
  });
});
