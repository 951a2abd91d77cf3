// Tokens and keys never come back out: no graph field exposes them (introspection), reading every
// field of the rows that reference them shows no trace, no table holds them, and no log line
// (pino at trace level, captured) contains them, through successes and failures alike.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { getNamedType, isLeafType, isObjectType, type GraphQLObjectType } from "graphql";
import { loadConfig } from "../../src/core/config.ts";
import { createDb } from "../../src/db/client.ts";
import { jobs } from "../../src/app/domains.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { getRawSchema } from "../../src/app/schema.ts";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/core/logger.ts";
import { errorCode, TEST_JWT_SECRET, TEST_LIMITS, TestClock } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";
import { FIXTURES, freeTier, gid, lookups, makeUser } from "../helpers/factories/integrations.ts";
import { signAccessToken } from "../../src/domains/identity/tokens.ts";

const ACCESS_TOKEN = "ya29.A0-platform-access-token-do-not-leak";
const REFRESH_TOKEN = "1//refresh-token-do-not-leak";
const REJECTED_TOKEN = "revoked-token-do-not-leak";
const SEO_KEY = "indexnowkey0do0not0leak";
const SECRETS = [ACCESS_TOKEN, REFRESH_TOKEN, REJECTED_TOKEN, SEO_KEY];

describe("introspection", () => {
  it("no output field is named like a token, secret, key or vault reference", () => {
    const schema = getRawSchema();
    // Reviewed exceptions: identity's own session tokens, returned to the user who just signed
    // in; Stripe's PaymentIntent client secret, which Stripe requires the paying client to hold to
    // confirm its own payment; natural keys of settings, templates and cache entries (names, not secrets).
    const allowed = new Set([
      "AuthPayload.accessToken",
      "AuthPayload.refreshToken",
      "Checkout.clientSecret",
      "SubscribePayload.paymentClientSecret",
      "AppSetting.key",
      "CacheEntry.key",
      "EmailTemplate.key",
      "EmailLog.templateKey",
    ]);
    const suspicious = Object.values(schema.getTypeMap())
      // Mutation fields are operations (changePassword…), not data a client reads back.
      .filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith("__") && t.name !== "Mutation")
      .flatMap((t) => Object.keys(t.getFields()).map((f) => `${t.name}.${f}`))
      .filter((name) => /(token|api_?key|key)$|secret|vault|password|credential/i.test(name) && !allowed.has(name));
    expect(suspicious).toEqual([]);
  });
});

describe("secrets at run time", () => {
  let database: TestDatabase;
  let root: string;
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;
  let db: ReturnType<typeof createDb>;
  const clock = new TestClock();

  beforeAll(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "gw-secrets-log-"));
    database = await createTestDatabase();
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "trace",
      JWT_SECRET: TEST_JWT_SECRET,
      DATABASE_URL: database.url,
      JOBS_SCHEDULER_ENABLED: "false",
      SECRETS_DIR: path.join(root, "secrets"),
      PLATFORM_FIXTURES_DIR: FIXTURES,
      ...TEST_LIMITS,
    });
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    db = createDb({ url: database.url, poolMax: database.poolMax });
    app = createApp({ config, db, log: createLogger("trace", sink), databaseKind: database.kind, clock: clock.now });
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function gql(query: string, variables: Record<string, unknown>, token?: string) {
    const res = await app.yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as { data: any; errors?: { extensions?: { code?: string } }[] };
  }

  /** Every leaf field of a type, for a selection that reads all of it. */
  function allLeafFields(typeName: string): string {
    const type = getRawSchema().getType(typeName) as GraphQLObjectType;
    return Object.values(type.getFields())
      .filter((f) => isLeafType(getNamedType(f.type)) && f.args.length === 0)
      .map((f) => f.name)
      .join(" ");
  }

  it("are never in the graph's answers, the database's rows or the logs", async () => {
    const fake = { prisma: db.prisma, token: (id: string) => signAccessToken({ userId: id, sessionId: null }, TEST_JWT_SECRET, 900, clock.now()) };
    const { youtube } = await lookups(fake as never);
    await freeTier(fake as never);
    const creator = await makeUser(fake as never);
    const engine = await db.prisma.searchEngine.create({ data: { slug: "bing", displayName: "Bing", supportsIndexnow: true, apiEndpoint: "https://www.bing.com/indexnow" } });

    const connected = await gql(
      `mutation($i: ConnectPlatformInput!) { connectPlatform(input: $i) { ${allLeafFields("PlatformConnection")} } }`,
      { i: { platform: gid("Platform", youtube.id), accessToken: ACCESS_TOKEN, refreshToken: REFRESH_TOKEN } },
      creator.token,
    );
    expect(connected.errors).toBeUndefined();
    const connectionId = connected.data.connectPlatform.id;
    const rejected = await gql(`mutation($i: ConnectPlatformInput!) { connectPlatform(input: $i) { id } }`, { i: { platform: gid("Platform", youtube.id), accessToken: REJECTED_TOKEN } }, creator.token);
    expect(errorCode(rejected as never)).toBe("BAD_USER_INPUT");

    const account = await gql(`mutation($i: AddSocialAccountInput!) { addSocialAccount(input: $i) { id } }`, { i: { connection: connectionId, platformAccountId: "UC-maya-kitchen" } }, creator.token);
    await gql(`mutation($id: ID!) { syncSocialAccount(id: $id) { created } }`, { id: account.data.addSocialAccount.id }, creator.token);
    await gql(`mutation($id: ID!) { verifyPlatformConnection(id: $id) { isVerified } }`, { id: connectionId }, creator.token);

    const seo = await gql(
      `mutation($i: ConnectSearchEngineInput!) { connectSearchEngine(input: $i) { ${allLeafFields("SeoConnection")} } }`,
      { i: { searchEngine: gid("SearchEngine", engine.id), siteUrl: "https://maya.example", apiKey: SEO_KEY } },
      creator.token,
    );
    expect(seo.errors).toBeUndefined();
    await gql(`mutation($id: ID!) { verifySeoConnection(id: $id) { isVerified } }`, { id: seo.data.connectSearchEngine.id }, creator.token);
    const submitted = await gql(
      `mutation($i: SubmitUrlForIndexingInput!) { submitUrlForIndexing(input: $i) { ${allLeafFields("SeoSubmission")} } }`,
      { i: { connection: seo.data.connectSearchEngine.id, url: "https://maya.example/pasta" } },
      creator.token,
    );
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data.submitUrlForIndexing.requestPayload.body.key).toBe("[vault]");
    await runJobsOnce(app.runtime, jobs);

    const reads = await gql(
      `{ platformConnections { edges { node { ${allLeafFields("PlatformConnection")} } } } seoConnections { edges { node { ${allLeafFields("SeoConnection")} submissions { edges { node { ${allLeafFields("SeoSubmission")} } } } } } } }`,
      {},
      creator.token,
    );
    expect(reads.errors).toBeUndefined();

    // Unmasked errors must not echo them either: an unknown platform and a deactivated connection.
    await gql(`mutation($id: ID!) { deactivatePlatformConnection(id: $id) { isActive } }`, { id: connectionId }, creator.token);
    await gql(`mutation($id: ID!) { syncSocialAccount(id: $id) { created } }`, { id: account.data.addSocialAccount.id }, creator.token);

    const answers = JSON.stringify([connected, rejected, seo, submitted, reads]);
    const logs = lines.join("");
    expect(lines.length).toBeGreaterThan(10); // the capture works (trace level)
    const tables = await db.prisma.$queryRaw<{ table_name: string }[]>`
      SELECT table_name::text AS table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
    for (const secret of SECRETS) {
      expect({ secret, inAnswers: answers.includes(secret), inLogs: logs.includes(secret) }).toEqual({ secret, inAnswers: false, inLogs: false });
      for (const { table_name } of tables) {
        const [row] = await db.prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${table_name}" t WHERE t::text LIKE $1`, `%${secret}%`);
        expect({ secret, table_name, rows: row.n }).toEqual({ secret, table_name, rows: 0 });
      }
    }
  });
});
