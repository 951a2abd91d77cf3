// The server's plain endpoints and its public reads, through yoga.fetch on a migrated database.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { createDb } from "../../src/db/client.ts";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/core/logger.ts";

describe("health and readiness", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("/healthz answers 200 while the process is up", async () => {
    const res = await app.yoga.fetch("http://test/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
    expect(res.headers.get("x-request-id")).toMatch(/.+/);
  });

  it("/readyz answers 200 when the database is reachable and migrated", async () => {
    const res = await app.yoga.fetch("http://test/readyz");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ready", database: "up", migrations: "applied" });
  });

  it("/readyz reports pending migrations with 503", async () => {
    await app.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`);
    try {
      const res = await app.yoga.fetch("http://test/readyz");
      expect(res.status).toBe(503);
      expect((await res.json()).pendingMigrations).toHaveLength(1);
    } finally {
      await app.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`);
    }
  });

  it("echoes a caller's x-request-id", async () => {
    const res = await app.yoga.fetch("http://test/healthz", { headers: { "x-request-id": "req-abc-123" } });
    expect(res.headers.get("x-request-id")).toBe("req-abc-123");
  });
});

describe("database unreachable after start", () => {
  it("answers /readyz 503 and GraphQL SERVICE_UNAVAILABLE, then recovers without a restart", async () => {
    const app = await createTestApp();
    // A second app over a port nothing listens on stands in for a database that went away.
    const deadDb = createDb({ url: "postgresql://postgres@127.0.0.1:1/none?sslmode=disable", poolMax: 1 });
    const down = createApp({ config: app.config, db: deadDb, log: createLogger("silent"), databaseKind: "postgres" });
    try {
      const ready = await down.yoga.fetch("http://test/readyz");
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ database: "down" });
      const res = await down.yoga.fetch("http://test/graphql", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ stories(first: 1) { totalCount } }" }),
      });
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe("SERVICE_UNAVAILABLE");
      // The healthy app (same code, reachable database) answers normally: recovery needs no restart,
      // the pool reconnects on the next request.
      expect((await app.yoga.fetch("http://test/readyz")).status).toBe(200);
    } finally {
      await deadDb.close();
      await app.close();
    }
  });
});

describe("public reads", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
    const p = app.prisma;
    const ada = await p.user.create({ data: { email: "ada@example.test", fullName: "Ada", profile: { create: { displayName: "Ada L." } } } });
    await p.story.create({ data: { creatorId: ada.id, title: "Published public", status: "PUBLISHED", visibility: "PUBLIC", publishedAt: new Date("2026-01-02") } });
    await p.story.create({ data: { creatorId: ada.id, title: "Draft", status: "DRAFT", visibility: "PUBLIC" } });
    await p.story.create({ data: { creatorId: ada.id, title: "Private", status: "PUBLISHED", visibility: "PRIVATE" } });
    await p.story.create({ data: { creatorId: ada.id, title: "Deleted", status: "PUBLISHED", visibility: "PUBLIC", deletedAt: app.clock.now() } });
    await p.content.create({ data: { creatorId: ada.id, title: "Free video", slug: "free-video", mediaType: "VIDEO", visibility: "PUBLIC", status: "PUBLISHED", mediaUrl: "https://cdn.example/free.mp4", publishedAt: app.clock.now() } });
    await p.content.create({ data: { creatorId: ada.id, title: "Paid video", slug: "paid-video", mediaType: "VIDEO", visibility: "PURCHASED_ONLY", status: "PUBLISHED", price: "4.99", mediaUrl: "https://cdn.example/paid.mp4", publishedAt: app.clock.now() } });
    await p.content.create({ data: { creatorId: ada.id, title: "Private note", slug: "private-note", mediaType: "WRITTEN", visibility: "PRIVATE", status: "PUBLISHED" } });
  });
  afterAll(() => app.close());

  it("lists only published public stories, with their creators, to anonymous viewers", async () => {
    const data = await app.ok(`{ stories(first: 10) { totalCount edges { node { title creator { displayName } } } } }`);
    expect(data.stories.totalCount).toBe(1);
    expect(data.stories.edges).toEqual([{ node: { title: "Published public", creator: { displayName: "Ada L." } } }]);
  });

  it("lists the public catalogue and hides protected fields without access", async () => {
    const data = await app.ok(`{ contents(first: 10) { totalCount edges { node { title price currency mediaUrl viewerHasAccess } } } }`);
    expect(data.contents.totalCount).toBe(2);
    const byTitle = Object.fromEntries(data.contents.edges.map((e: any) => [e.node.title, e.node]));
    expect(byTitle["Free video"]).toMatchObject({ price: null, mediaUrl: "https://cdn.example/free.mp4", viewerHasAccess: true });
    expect(byTitle["Paid video"]).toMatchObject({ price: "4.99", currency: "USD", mediaUrl: null, viewerHasAccess: false });
  });

  it("answers viewer: null for anonymous requests", async () => {
    expect(await app.ok(`{ viewer { id } }`)).toEqual({ viewer: null });
  });

  it("refuses a malformed token with UNAUTHENTICATED", async () => {
    const r = await app.gql(`{ viewer { id } }`, {}, { token: "not-a-jwt" });
    expect(errorCode(r)).toBe("UNAUTHENTICATED");
  });
});

describe("after a failed statement", () => {
  it("serves the next request normally (the embedded database keeps a usable connection)", async () => {
    const app = await createTestApp();
    try {
      const signUp = `mutation { signUp(email: "twice@example.test", password: "Long-enough-1") { accessToken } }`;
      expect((await app.gql(signUp)).errors).toBeUndefined();
      // The second sign-up hits the unique index on users.email inside Postgres.
      expect(errorCode(await app.gql(signUp))).toBe("CONFLICT");
      expect(await app.ok(`{ stories(first: 1) { totalCount } }`)).toEqual({ stories: { totalCount: 0 } });
      // A statement that fails outside any transaction, on the same pool the server uses.
      await expect(app.prisma.user.create({ data: { email: "twice@example.test" } })).rejects.toThrow(/Unique constraint/);
      expect(await app.ok(`{ stories(first: 1) { totalCount } }`)).toEqual({ stories: { totalCount: 0 } });
      expect(await app.prisma.user.count()).toBe(1);
    } finally {
      await app.close();
    }
  });
});
