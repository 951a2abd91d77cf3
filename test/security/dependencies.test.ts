// Dependency faults and the limits that depend on shared state: Redis down (everything falls
// back to the database store), a Redis restart (locks survive, queued attempts punish no one),
// trusted proxies, and the per-IP / per-viewer operation rate limits.
import { Redis } from "ioredis";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createUser, PASSWORD } from "../helpers/factories/identity.ts";
import { loadManifest } from "../../src/app/persisted.ts";
import { codeOf, expectNothingInternal, hostile, post } from "./harness.ts";

// Issue 15's own logical database (the machine's Redis; CI starts the same one).
const REDIS_URL = process.env.SECURITY_REDIS_URL ?? "redis://127.0.0.1:6379/1";
const redisClient = (url: string) => new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 1_000 });
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }`;

describe("Redis down: limits and persisted operations fall back to the database store", () => {
  let app: TestApp;
  let dead: Redis;
  beforeAll(async () => {
    // Nothing listens on this port (inside issue 15's range): Redis "is down" from the start.
    dead = redisClient("redis://127.0.0.1:4629/1");
    dead.on("error", () => undefined);
    dead.connect().catch(() => undefined);
    app = await createTestApp({ redis: dead, env: { SIGNIN_MAX_FAILURES_PER_EMAIL: "3", RATE_LIMIT_IP_PER_MINUTE: "5", PERSISTED_OPERATIONS_ONLY: "true" } });
  });
  afterAll(async () => {
    await app.close();
    dead.disconnect();
  });

  it("/readyz stays ready and names Redis as down", async () => {
    const res = await app.yoga.fetch("http://test/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", database: "up", redis: "down" });
  });

  it("sign-in works and its brute-force lock still holds (never INTERNAL_SERVER_ERROR)", async () => {
    const user = await createUser(app);
    const ip = { "x-forwarded-for": "198.51.100.20" };
    const id = [...loadManifest().entries()].find(([, d]) => /mutation SignIn\b/.test(d))![0];
    const send = (p: string) => hostile(app, post({ documentId: `sha256:${id}`, variables: { email: user.email, password: p } }, ip));
    const ok = await send(PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.body.data.signIn.accessToken).toBeTruthy();
    for (let i = 0; i < 3; i++) expect(codeOf(await send("Wrong-password-1"))).toBe("UNAUTHENTICATED");
    const locked = await send(PASSWORD);
    expect(codeOf(locked)).toBe("RATE_LIMITED");
    expectNothingInternal(locked.text);
  });

  it("the per-IP operation limit still applies (in-memory insurance)", async () => {
    const ip = { "x-forwarded-for": "198.51.100.21" };
    const id = [...loadManifest().entries()].find(([, d]) => /query Viewer\b/.test(d))![0];
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 7; i++) codes.push(codeOf(await hostile(app, post({ documentId: `sha256:${id}` }, ip))));
    expect(codes.slice(0, 5)).toEqual(Array(5).fill(undefined));
    expect(codes.slice(5)).toEqual(["RATE_LIMITED", "RATE_LIMITED"]);
  });
});

describe("Redis restart: a lock survives, queued attempts punish no one", () => {
  let app: TestApp;
  let redis: Redis;
  beforeAll(async () => {
    redis = redisClient(REDIS_URL);
    await redis.connect();
    await redis.flushdb();
    app = await createTestApp({ redis, env: { SIGNIN_MAX_FAILURES_PER_EMAIL: "3" } });
  });
  afterAll(async () => {
    await app.close();
    await redis.flushdb().catch(() => undefined);
    redis.disconnect();
  });

  it("/readyz reports Redis up", async () => {
    expect(await (await app.yoga.fetch("http://test/readyz")).json()).toMatchObject({ status: "ready", database: "up", redis: "up" });
  });

  it("a lock imposed through Redis holds after Redis lost its data", async () => {
    const user = await createUser(app);
    const attempt = (p: string) => app.gql(SIGN_IN, { e: user.email, p }, { headers: { "x-forwarded-for": "198.51.100.30" } });
    for (let i = 0; i < 3; i++) expect(errorCode(await attempt("Wrong-password-1"))).toBe("UNAUTHENTICATED");
    await redis.flushdb(); // a restart without persistence
    expect(errorCode(await attempt(PASSWORD))).toBe("RATE_LIMITED");
  });

  it("correct sign-ins sent while Redis is away do not lock the user once it is back", async () => {
    const user = await createUser(app);
    const attempt = () => app.gql(SIGN_IN, { e: user.email, p: PASSWORD }, { headers: { "x-forwarded-for": "198.51.100.31" } });
    redis.disconnect(); // away: commands fail at once, the database store answers
    const during = await Promise.all(Array.from({ length: 6 }, attempt));
    expect(during.map(errorCode)).toEqual(Array(6).fill(undefined));
    await redis.connect();
    expect(errorCode(await attempt())).toBeUndefined();
  });
});

describe("trusted proxies and operation rate limits", () => {
  // One app without TRUST_PROXY: every request below comes from the same (socket) address.
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ env: { TRUST_PROXY: "", RATE_LIMIT_IP_PER_MINUTE: "10", RATE_LIMIT_VIEWER_PER_MINUTE: "3" } });
  });
  afterAll(() => app.close());

  it("the per-viewer limit follows the viewer across addresses, with retryAfterSeconds and Retry-After", async () => {
    const user = await createUser(app);
    const token = await app.token(user.id);
    const send = (i: number) => hostile(app, post({ query: "{ viewer { id } }" }, { authorization: `Bearer ${token}`, "x-forwarded-for": `203.0.113.${i}` }));
    for (let i = 0; i < 3; i++) expect(codeOf(await send(i))).toBeUndefined();
    const limited = await send(9);
    expect(limited.status).toBe(429);
    expect(codeOf(limited)).toBe("RATE_LIMITED");
    expect(limited.body.errors[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
    expectNothingInternal(limited.text);
    expect(limited.healthMs).toBeLessThan(100);
  });

  it("without TRUST_PROXY a new X-Forwarded-For per request does not escape the per-IP limit", async () => {
    // 4 of the address's 10 operations this minute were used above.
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 12; i++) codes.push(codeOf(await hostile(app, post({ query: "{ __typename }" }, { "x-forwarded-for": `203.0.113.${i}` }))));
    expect(codes.slice(0, 6)).toEqual(Array(6).fill(undefined));
    expect(codes.slice(6)).toEqual(Array(6).fill("RATE_LIMITED"));
  });

  it("the client address: socket without TRUST_PROXY, X-Forwarded-For only through trusted hops or ranges", async () => {
    const { clientAddress, parseTrustProxy } = await import("../../src/core/client-ip.ts");
    expect(clientAddress("10.0.0.5", "6.6.6.6", parseTrustProxy(undefined))).toBe("10.0.0.5");
    expect(clientAddress("::ffff:10.0.0.5", "6.6.6.6, 7.7.7.7", parseTrustProxy("1"))).toBe("7.7.7.7");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 7.7.7.7", parseTrustProxy("2"))).toBe("6.6.6.6");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 10.0.0.9", parseTrustProxy("10.0.0.0/8"))).toBe("6.6.6.6");
    expect(clientAddress("192.0.2.1", "6.6.6.6", parseTrustProxy("10.0.0.0/8"))).toBe("192.0.2.1");
    expect(() => parseTrustProxy("10.0.0.0/8, nonsense")).toThrow(/nonsense/);
  });
});
