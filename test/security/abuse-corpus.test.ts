// The abuse corpus (issue 15): every hostile request an attacker tried, plus the OWASP GraphQL
// cheat-sheet cases. Each case asserts the status, the stable code, that nothing internal leaks,
// and that /healthz answers in < 100 ms while the case is in flight.
import { SignJWT } from "jose";
import { createTestApp, PRODUCTION_LIMITS, TEST_JWT_SECRET, type TestApp } from "../helpers/app.ts";
import { gid, makeUser, type TestUser } from "../helpers/factories/stories.ts";
import { MANIFEST_FILE, loadManifest } from "../../src/app/persisted.ts";
import { codeOf, expectNothingInternal, hostile, post, type Hostile } from "./harness.ts";

const HEALTH_BUDGET_MS = 100;

function expectRefused(h: Hostile, status: number, code: string) {
  expect({ status: h.status, code: codeOf(h) }).toEqual({ status, code });
  expect(h.body?.data ?? null).toBeNull();
  expectNothingInternal(h.text);
  expect(h.healthMs).toBeLessThan(HEALTH_BUDGET_MS);
}

const aliases = (n: number, field = "stories(first: 5) { edges { node { id title creator { id } } } }") =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(" ")} }`;

function cycle(depth: number): string {
  let inner = "id";
  for (let i = 0; i < depth; i++) inner = i % 2 ? `story { ${inner} }` : `comments(first: 1) { edges { node { ${inner} } } }`;
  return `{ stories(first: 1) { edges { node { ${inner} } } } }`;
}

const sign = (claims: Record<string, unknown>, opts: { exp?: boolean } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer("creator-gateway").setAudience("creator-gateway").setIssuedAt();
  if (opts.exp !== false) jwt.setExpirationTime("10m");
  return jwt.sign(new TextEncoder().encode(TEST_JWT_SECRET));
};

// One app (and admin) for the limits and hygiene cases; the production cases have their own.
let app: TestApp;
let admin: TestUser;
beforeAll(async () => {
  app = await createTestApp({ env: PRODUCTION_LIMITS });
  admin = await makeUser(app, ["ADMIN"], "admin");
  // Warm: the cases measure the abuse, not the app's first request.
  await app.gql("{ __typename }", {}, { token: admin.token });
});
afterAll(() => app.close());

describe("abuse corpus: operation limits (every viewer, every document)", () => {
  it.each([
    ["anonymous", () => ({})],
    ["an admin", () => ({ authorization: `Bearer ${admin.token}` })],
  ])("10,000 aliases of stories { creator } from %s: 400 QUERY_TOO_COMPLEX before anything runs", async (_who, headers) => {
    const h = await hostile(app, post({ query: aliases(10_000) }, headers()));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions).toMatchObject({ rule: "tokens", limit: 1000 });
  });

  it("a refused operation is a 400 for an application/json client too (not only graphql-response+json)", async () => {
    for (const query of [aliases(10_000), aliases(16, "stories(first: 1) { totalCount }"), "{ stories(first: 1000) { totalCount } }"]) {
      const h = await hostile(app, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify({ query }) });
      expect(h.status).toBe(400);
      expect(["QUERY_TOO_COMPLEX", "BAD_USER_INPUT"]).toContain(codeOf(h));
    }
  });

  it("16 aliases (under the token limit): the aliases rule with limit and measured value", async () => {
    const h = await hostile(app, post({ query: aliases(16, "stories(first: 1) { totalCount }") }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions).toMatchObject({ rule: "aliases", limit: 15, measured: 16 });
  });

  it("a depth-100+ story → comments → story cycle (valid against the schema)", async () => {
    const h = await hostile(app, post({ query: cycle(101) }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions.rule).toMatch(/depth|tokens/);
  });

  it("a depth-7 cycle (under the token limit): the depth rule", async () => {
    const h = await hostile(app, post({ query: cycle(3) }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions).toMatchObject({ rule: "depth", limit: 6 });
    expect(h.body.errors[0].extensions.measured).toBeGreaterThan(6);
  });

  it("200 directives", async () => {
    const h = await hostile(app, post({ query: `{ stories(first: 1) { ${"totalCount @include(if: true) ".repeat(200)} } }` }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
  });

  it("51 directives (under the token limit): the directives rule", async () => {
    const h = await hostile(app, post({ query: `{ ${"__typename @skip(if: false) ".repeat(51)} }` }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions).toMatchObject({ rule: "directives", limit: 50, measured: 51 });
  });

  it("a 2 MB query: 413 REQUEST_ENTITY_TOO_LARGE (declared length)", async () => {
    const h = await hostile(app, post({ query: `{ __typename } #${"x".repeat(2_000_000)}` }));
    expectRefused(h, 413, "REQUEST_ENTITY_TOO_LARGE");
  });

  it("a 2 MB body without a content-length (streamed): 413 REQUEST_ENTITY_TOO_LARGE", async () => {
    const chunk = new TextEncoder().encode(" ".repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 32) c.enqueue(chunk);
        else c.close();
      },
    });
    const h = await hostile(app, { method: "POST", headers: { "content-type": "application/json" }, body, duplex: "half" } as RequestInit);
    expectRefused(h, 413, "REQUEST_ENTITY_TOO_LARGE");
  });

  it("100,000 tokens", async () => {
    const h = await hostile(app, post({ query: `{ ${"a ".repeat(100_000)} }` }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions).toMatchObject({ rule: "tokens" });
  });

  it("nodes(ids:) with 10,000 ids (variables): BAD_USER_INPUT naming ids", async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => gid("Story", `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
    const h = await hostile(app, post({ query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables: { ids } }));
    expectRefused(h, 400, "BAD_USER_INPUT");
    expect(h.body.errors[0].extensions.field).toBe("ids");
  });

  it("first: 1000 is refused, naming the argument", async () => {
    const h = await hostile(app, post({ query: "{ stories(first: 1000) { totalCount } }" }));
    expectRefused(h, 400, "BAD_USER_INPUT");
    expect(h.body.errors[0].extensions.field).toBe("first");
  });

  it("nested pages multiply: stories(first: 100) × comments(first: 100) is over the cost limit", async () => {
    const h = await hostile(app, post({ query: "{ stories(first: 100) { edges { node { id comments(first: 100) { totalCount } } } } }" }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
    expect(h.body.errors[0].extensions).toMatchObject({ rule: "cost", limit: 5000 });
    expect(h.body.errors[0].extensions.measured).toBeGreaterThan(5000);
  });

  it("the same shape with variables is costed with the variables' values", async () => {
    const q = "query($a: Int, $b: Int) { stories(first: $a) { edges { node { id comments(first: $b) { totalCount } } } } }";
    expectRefused(await hostile(app, post({ query: q, variables: { a: 100, b: 100 } })), 400, "QUERY_TOO_COMPLEX");
    const small = await hostile(app, post({ query: q, variables: { a: 5, b: 5 } }));
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
  });

  it("OWASP: batched operations (an array body) are refused", async () => {
    const h = await hostile(app, post(Array.from({ length: 100 }, () => ({ query: "{ __typename }" }))));
    expect(h.status).toBeGreaterThanOrEqual(400);
    expect(h.status).toBeLessThan(500);
    expectNothingInternal(h.text);
    expect(h.healthMs).toBeLessThan(HEALTH_BUDGET_MS);
  });

  it("OWASP: field duplication (1,000 × the same field)", async () => {
    expectRefused(await hostile(app, post({ query: `{ stories(first: 1) { ${"totalCount ".repeat(1000)} } }` })), 400, "QUERY_TOO_COMPLEX");
  });

  it("OWASP: circular fragments are a validation error", async () => {
    const h = await hostile(app, post({ query: "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }" }));
    expectRefused(h, 400, "GRAPHQL_VALIDATION_FAILED");
  });

  it("OWASP: a mutation over GET is refused", async () => {
    const h = await hostile(app, { method: "GET", path: `/graphql?query=${encodeURIComponent("mutation { signOut }")}` });
    expect(h.status).toBe(405);
    expectNothingInternal(h.text);
  });

  it("every persisted operation passes the production limits (the manifest check)", async () => {
    const { checkManifest } = await import("../../scripts/check-operations.ts");
    expect(loadManifest(MANIFEST_FILE).size).toBeGreaterThan(0);
    expect([...checkManifest().entries()]).toEqual([]);
  });

  it("the manifest check fails on an operation past a limit", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const file = path.join(os.tmpdir(), `manifest-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify({ ["sha256:" + "a".repeat(64)]: "query Costly($n: Int) { stories(first: $n) { edges { node { id comments(first: 100) { totalCount } } } } }" }));
    try {
      const { checkManifest } = await import("../../scripts/check-operations.ts");
      const failures = [...checkManifest(file).values()].flat();
      expect(failures.join(" ")).toMatch(/cost limit of 5000/);
    } finally {
      fs.rmSync(file, { force: true });
    }
  });
});

describe("abuse corpus: input hygiene", () => {
  it.each([
    ["stories(search)", "query($s: String) { stories(first: 1, search: $s) { totalCount } }", "search"],
    ["contents(search)", "query($s: String) { contents(first: 1, search: $s) { totalCount } }", "search"],
    ["searchContentItems(query)", "query($s: String!) { searchContentItems(first: 1, query: $s) { totalCount } }", "query"],
    ["appSetting(key)", "query($s: String!) { appSetting(key: $s) { key } }", "key"],
    ["resourceCard(slug)", "query($s: String!) { resourceCard(slug: $s) { id } }", "slug"],
  ])("a NUL byte in %s is BAD_USER_INPUT naming the argument", async (_name, query, field) => {
    const h = await hostile(app, post({ query, variables: { s: "a\u0000b" } }, { authorization: `Bearer ${admin.token}` }));
    expectRefused(h, 400, "BAD_USER_INPUT");
    expect(h.body.errors[0].extensions.field).toBe(field);
  });

  it("a NUL in a literal argument; a lone surrogate in a literal (parser) and inside an input object", async () => {
    const h = await hostile(app, post({ query: '{ stories(first: 1, search: "a\\u0000b") { totalCount } }' }));
    expectRefused(h, 400, "BAD_USER_INPUT");
    expect(h.body.errors[0].extensions.field).toBe("search");
    expectRefused(await hostile(app, post({ query: '{ stories(first: 1, search: "a\\ud800b") { totalCount } }' })), 400, "GRAPHQL_PARSE_FAILED");
    const nested = await hostile(
      app,
      post({ query: "mutation($i: CreateStoryInput!) { createStory(input: $i) { id } }", variables: { i: { title: "x\udc00" } } }, { authorization: `Bearer ${admin.token}` }),
    );
    expectRefused(nested, 400, "BAD_USER_INPUT");
    expect(nested.body.errors[0].extensions.field).toBe("input.title");
  });

  it.each([
    ["a non-uuid key", gid("User", "not-a-uuid")],
    ["an unknown type", gid("Nope", "00000000-0000-4000-8000-000000000000")],
    ["not base64 at all", "%%%"],
  ])("node(id:) with %s is BAD_USER_INPUT", async (_what, id) => {
    const h = await hostile(app, post({ query: "query($id: ID!) { node(id: $id) { id } }", variables: { id } }));
    expect(codeOf(h)).toBe("BAD_USER_INPUT");
    expectNothingInternal(h.text);
    expect(h.healthMs).toBeLessThan(HEALTH_BUDGET_MS);
  });

  it.each([
    ["sub is not a uuid", { sub: "not-a-uuid" }, {}],
    ["sid is not a uuid", { sub: "00000000-0000-4000-8000-000000000000", sid: "x'; DROP TABLE users;--" }, {}],
    ["no exp", { sub: "00000000-0000-4000-8000-000000000000" }, { exp: false }],
  ])("a signed token whose %s: UNAUTHENTICATED, never 500", async (_what, claims, opts) => {
    const token = await sign(claims, opts);
    const h = await hostile(app, post({ query: "{ viewer { id } }" }, { authorization: `Bearer ${token}` }));
    // GraphQL over HTTP: a request-level error answered as JSON (200), with its code; never a 5xx.
    expectRefused(h, 200, "UNAUTHENTICATED");
  });

  it("LIKE wildcards match literally: search '%' and appSettings(prefix: '_') find nothing they should not", async () => {
    const creator = await makeUser(app, ["CREATOR"], "creator");
    await app.prisma.story.create({ data: { creatorId: creator.id, title: "Plain title", status: "PUBLISHED", visibility: "PUBLIC", publishedAt: new Date("2026-01-01") } });
    await app.prisma.story.create({ data: { creatorId: creator.id, title: "100% real", status: "PUBLISHED", visibility: "PUBLIC", publishedAt: new Date("2026-01-01") } });
    const pct = await app.ok("{ stories(first: 10, search: \"%\") { edges { node { title } } } }");
    expect(pct.stories.edges.map((e: any) => e.node.title)).toEqual(["100% real"]);
    const under = await app.ok("{ stories(first: 10, search: \"_\") { totalCount } }");
    expect(under.stories.totalCount).toBe(0);
    await app.prisma.appSetting.create({ data: { key: "abc.one", value: "1" } as never });
    const settings = await app.ok("{ appSettings(first: 10, prefix: \"_\") { totalCount } }", {}, { token: admin.token });
    expect(settings.appSettings.totalCount).toBe(0);
  });

  it("emailLogs(recipient:) is an exact match: a backslash is no error, '%' matches nothing", async () => {
    for (const recipient of ["\\", "%", "_@example.test"]) {
      const h = await hostile(app, post({ query: "query($r: String) { emailLogs(first: 5, recipient: $r) { totalCount } }", variables: { r: recipient } }, { authorization: `Bearer ${admin.token}` }));
      expect(h.status).toBe(200);
      expect(h.body.errors).toBeUndefined();
      expect(h.body.data.emailLogs.totalCount).toBe(0);
      expectNothingInternal(h.text);
    }
  });
});

describe("abuse corpus: production surface", () => {
  let prod: TestApp;
  let admin: TestUser;
  beforeAll(async () => {
    // Strict production: persisted operations only, except for admins (who may run any document).
    prod = await createTestApp({ env: { ...PRODUCTION_LIMITS, NODE_ENV: "production", PERSISTED_OPERATIONS_ONLY: "true" } });
    admin = await makeUser(prod, ["ADMIN"], "admin");
    await prod.gql("{ __typename }", {}, { token: admin.token });
  });
  afterAll(() => prod.close());

  it("the persisted Catalogue operation with search 'a\\u0000b', anonymously: BAD_USER_INPUT naming search", async () => {
    const id = [...loadManifest().entries()].find(([, doc]) => /query Catalogue\b/.test(doc))![0];
    const h = await hostile(prod, post({ documentId: `sha256:${id}`, variables: { search: "a\u0000b" } }));
    expectRefused(h, 400, "BAD_USER_INPUT");
    expect(h.body.errors[0].extensions.field).toBe("search");
  });

  it("an admin's arbitrary document is held to the same limits in strict production", async () => {
    const h = await hostile(prod, post({ query: aliases(10_000) }, { authorization: `Bearer ${admin.token}` }));
    expectRefused(h, 400, "QUERY_TOO_COMPLEX");
  });

  it("introspection is refused in production, for admins too", async () => {
    const h = await hostile(prod, post({ query: "{ __schema { types { name } } }" }, { authorization: `Bearer ${admin.token}` }));
    expectRefused(h, 400, "GRAPHQL_VALIDATION_FAILED");
  });

  it("no 'Did you mean' suggestions in production", async () => {
    const h = await hostile(prod, post({ query: "{ storeis { id } }" }, { authorization: `Bearer ${admin.token}` }));
    expectRefused(h, 400, "GRAPHQL_VALIDATION_FAILED");
    expect(h.text).not.toMatch(/Did you mean/);
  });

  it.each(["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"])("a %s POST is refused (CSRF): 415", async (type) => {
    const h = await hostile(prod, { method: "POST", headers: { "content-type": type }, body: "query=%7B__typename%7D" });
    expectRefused(h, 415, "UNSUPPORTED_MEDIA_TYPE");
  });
});
