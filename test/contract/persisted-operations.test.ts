// Persisted operations: Relay documentId, Apollo APQ hash and GET all run a persisted operation;
// unknown ids and arbitrary documents are refused where persisted-only is on (admins excepted);
// a mutation never runs over GET.
import { loadManifest } from "../../src/app/persisted.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";

const PUBLIC_STORIES_ID = [...loadManifest().entries()].find(([, doc]) => doc.startsWith("query PublicStories"))![0];

async function post(app: TestApp, body: unknown, token?: string) {
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await app.yoga.fetch("http://test/graphql", { method: "POST", headers, body: JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

describe.each([
  ["persisted-only (production)", "true"],
  ["development (arbitrary documents allowed)", "false"],
])("persisted operations, %s", (_label, persistedOnly) => {
  let app: TestApp;
  let adminToken: string;
  let memberToken: string;
  beforeAll(async () => {
    app = await createTestApp({ env: { PERSISTED_OPERATIONS_ONLY: persistedOnly } });
    const admin = await app.prisma.user.create({ data: { email: "admin@example.test", roles: { create: { role: "ADMIN" } } } });
    const member = await app.prisma.user.create({ data: { email: "member@example.test", roles: { create: { role: "MEMBER" } } } });
    adminToken = await app.token(admin.id);
    memberToken = await app.token(member.id);
    await app.prisma.story.create({ data: { creatorId: admin.id, title: "Persisted", status: "PUBLISHED", visibility: "PUBLIC" } });
  });
  afterAll(() => app.close());

  it("runs an operation by Relay documentId (with or without the sha256: prefix)", async () => {
    for (const documentId of [`sha256:${PUBLIC_STORIES_ID}`, PUBLIC_STORIES_ID]) {
      const r = await post(app, { documentId, variables: { first: 5 } });
      expect(r.status).toBe(200);
      expect(r.body.data.stories.totalCount).toBe(1);
    }
  });

  it("runs an operation by Apollo APQ hash", async () => {
    const r = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: PUBLIC_STORIES_ID } } });
    expect(r.body.data.stories.edges[0].node.title).toBe("Persisted");
  });

  it("runs a persisted read over GET, cacheable by a CDN", async () => {
    const res = await app.yoga.fetch(`http://test/graphql?documentId=sha256:${PUBLIC_STORIES_ID}&variables=${encodeURIComponent('{"first":2}')}`, {
      headers: { accept: "application/graphql-response+json" },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).data.stories.totalCount).toBe(1);
  });

  it("answers PERSISTED_QUERY_NOT_FOUND for an unknown id", async () => {
    const r = await post(app, { documentId: `sha256:${"0".repeat(64)}` });
    expect(r.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    expect(r.body.data ?? null).toBeNull();
  });

  it("never runs a mutation over GET", async () => {
    const before = await app.prisma.user.count();
    const q = encodeURIComponent(`mutation { signUp(email: "get@example.test", password: "Long-enough-1") { accessToken } }`);
    const res = await app.yoga.fetch(`http://test/graphql?query=${q}`, { headers: { accept: "application/json", authorization: `Bearer ${adminToken}` } });
    expect(res.status).toBe(405);
    expect(await app.prisma.user.count()).toBe(before);
  });

  if (persistedOnly === "true") {
    it("refuses an arbitrary document with PERSISTED_QUERY_ONLY, for anonymous and members", async () => {
      for (const token of [undefined, memberToken]) {
        const r = await post(app, { query: "{ stories(first: 1) { totalCount } }" }, token);
        expect(r.body.errors[0].extensions.code).toBe("PERSISTED_QUERY_ONLY");
      }
    });
    it("still lets admins run arbitrary documents (GraphiQL keeps working)", async () => {
      const r = await post(app, { query: "{ stories(first: 1) { totalCount } }" }, adminToken);
      expect(r.body.data.stories.totalCount).toBe(1);
    });
  } else {
    it("allows arbitrary documents in development", async () => {
      const r = await post(app, { query: "{ stories(first: 1) { totalCount } }" });
      expect(r.body.data.stories.totalCount).toBe(1);
    });
  }
});
