// The platform client port: how a sync talks to a social platform. One client per platform slug:
//  - an HTTP client when PLATFORM_API_URLS names a base URL for the slug (it speaks the small
//    normalised JSON protocol below, i.e. it expects an adapter service in front of the real
//    platform API: GET /me, GET /accounts, GET /accounts/:id, GET /accounts/:id/content?limit=N,
//    all with `Authorization: Bearer <token>`);
//  - otherwise the fixture client, which reads the same JSON shapes from files under
//    PLATFORM_FIXTURES_DIR/<slug>/ (profile.json, accounts/<platformAccountId>.json). The demo and
//    the tests use it; a token starting with "revoked" is refused like an expired OAuth token.
//    A token may have its own fixture set: when <slug>/tokens/<token>/ exists, that directory
//    (profile.json, accounts/) answers for the token (the demo connections' tokens use this).
// Both validate what they read with the same zod schemas, and neither puts the token anywhere
// but the Authorization header (never in a URL, a log line or an error message).
import fs from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { PlatformError, type FetchLike, type PlatformClient, type PlatformClients, type PlatformErrorKind } from "../core/ports.ts";

const count = z.number().int().min(0).default(0);
const optText = z.string().max(10_000).nullish().transform((v) => v ?? null);

const profileSchema = z.object({
  platformUserId: z.string().min(1).max(200),
  username: optText,
  displayName: optText,
  avatarUrl: optText,
  scopes: z.array(z.string().max(200)).max(100).default([]),
});

const accountSchema = z.object({
  platformAccountId: z.string().min(1).max(200),
  accountName: z.string().min(1).max(300),
  accountUrl: optText,
  description: optText,
  followerCount: count,
  followingCount: count,
  postCount: count,
});

const contentSchema = z.object({
  platformContentId: z.string().min(1).max(300),
  contentType: optText,
  platformUrl: optText,
  title: optText,
  description: optText,
  thumbnailUrl: optText,
  mediaUrl: optText,
  durationSeconds: z.number().int().positive().nullish().transform((v) => v ?? null),
  viewsCount: count,
  likesCount: count,
  commentsCount: count,
  sharesCount: count,
  tags: z.array(z.string().min(1).max(100)).max(500).default([]),
  hashtags: z.array(z.string().min(1).max(100)).max(500).default([]),
  category: optText,
  language: optText,
  publishedAt: z.coerce.date().nullish().transform((v) => v ?? null),
});

const accountFileSchema = z.object({ account: accountSchema, items: z.array(contentSchema).default([]) });

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new PlatformError("invalid_response", `The platform returned an invalid ${what}.`);
  return r.data;
}

const SAFE_ID = /^[A-Za-z0-9_.@-]{1,200}$/;

function assertSafeId(id: string): void {
  if (!SAFE_ID.test(id) || id.startsWith(".")) throw new PlatformError("not_found", "No such account on the platform.");
}

/** Reads profile.json and accounts/<id>.json under <dir>/<slug>. */
export function createFixturePlatformClient(dir: string, slug: string): PlatformClient {
  const root = path.resolve(dir, slug);
  const checkToken = (token: string) => {
    if (!token || token.startsWith("revoked")) throw new PlatformError("unauthorized", "The platform refused the access token.");
  };
  /** The token's own fixture set (<slug>/tokens/<token>/) when there is one, else the platform's. */
  const baseFor = async (token: string): Promise<string> => {
    checkToken(token);
    if (!SAFE_ID.test(token) || token.startsWith(".")) return root;
    const own = path.join(root, "tokens", token);
    try {
      if ((await fs.stat(own)).isDirectory()) return own;
    } catch {
      // no fixture set of its own
    }
    return root;
  };
  const readJson = async (file: string, missing: PlatformErrorKind): Promise<unknown> => {
    let raw: string;
    try {
      raw = await fs.readFile(file, "utf8");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new PlatformError(missing, missing === "not_found" ? "No such account on the platform." : "The platform is not available.");
      throw new PlatformError("unavailable", "The platform is not available.");
    }
    try {
      return JSON.parse(raw);
    } catch {
      throw new PlatformError("invalid_response", "The platform returned invalid JSON.");
    }
  };
  const accountFile = async (base: string, id: string) => {
    assertSafeId(id);
    return parse(accountFileSchema, await readJson(path.join(base, "accounts", `${id}.json`), "not_found"), "account");
  };
  return {
    kind: "fixture",
    async verify(token) {
      const base = await baseFor(token);
      return parse(profileSchema, await readJson(path.join(base, "profile.json"), "unavailable"), "profile");
    },
    async listAccounts(token) {
      const base = await baseFor(token);
      let files: string[];
      try {
        files = (await fs.readdir(path.join(base, "accounts"))).filter((f) => f.endsWith(".json")).sort();
      } catch {
        return [];
      }
      return Promise.all(files.map(async (f) => (await accountFile(base, f.slice(0, -5))).account));
    },
    async getAccount(token, id) {
      return (await accountFile(await baseFor(token), id)).account;
    },
    async listContent(token, id, { limit }) {
      return (await accountFile(await baseFor(token), id)).items.slice(0, limit);
    },
  };
}


/** The HTTP client of one platform adapter (see the header comment for the protocol). */
export function createHttpPlatformClient(baseUrl: string, opts: { fetch?: FetchLike; timeoutMs?: number } = {}): PlatformClient {
  const doFetch: FetchLike = opts.fetch ?? ((url, init) => fetch(url, init));
  const root = baseUrl.replace(/\/+$/, "");
  const get = async (pathname: string, token: string, what: string): Promise<unknown> => {
    let res: Awaited<ReturnType<FetchLike>>;
    try {
      res = await doFetch(`${root}${pathname}`, {
        method: "GET",
        headers: { authorization: `Bearer ${token}`, accept: "application/json" },
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch {
      throw new PlatformError("unavailable", "The platform is not available.");
    }
    if (res.status === 401 || res.status === 403) throw new PlatformError("unauthorized", "The platform refused the access token.");
    if (res.status === 404) throw new PlatformError("not_found", `No such ${what} on the platform.`);
    if (!res.ok) throw new PlatformError("unavailable", `The platform answered HTTP ${res.status}.`);
    try {
      return await res.json();
    } catch {
      throw new PlatformError("invalid_response", "The platform returned invalid JSON.");
    }
  };
  return {
    kind: "http",
    async verify(token) {
      return parse(profileSchema, await get("/me", token, "profile"), "profile");
    },
    async listAccounts(token) {
      return parse(z.object({ accounts: z.array(accountSchema) }), await get("/accounts", token, "account list"), "account list").accounts;
    },
    async getAccount(token, id) {
      return parse(accountSchema, await get(`/accounts/${encodeURIComponent(id)}`, token, "account"), "account");
    },
    async listContent(token, id, { limit }) {
      const body = await get(`/accounts/${encodeURIComponent(id)}/content?limit=${limit}`, token, "account");
      return parse(z.object({ items: z.array(contentSchema) }), body, "content list").items.slice(0, limit);
    },
  };
}

/** "youtube=https://a,tiktok=https://b" → Map. */
export function parsePlatformUrls(spec: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of (spec ?? "").split(",").filter(Boolean)) {
    const i = pair.indexOf("=");
    map.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return map;
}

export function createPlatformClients(config: { PLATFORM_API_URLS?: string; PLATFORM_FIXTURES_DIR: string }, fetchImpl?: FetchLike): PlatformClients {
  const urls = parsePlatformUrls(config.PLATFORM_API_URLS);
  const cache = new Map<string, PlatformClient>();
  return {
    forPlatform(slug) {
      let client = cache.get(slug);
      if (!client) {
        const url = urls.get(slug);
        client = url ? createHttpPlatformClient(url, { fetch: fetchImpl }) : createFixturePlatformClient(config.PLATFORM_FIXTURES_DIR, slug);
        cache.set(slug, client);
      }
      return client;
    },
  };
}
