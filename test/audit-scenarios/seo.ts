// Audit scenarios for the SEO mutations (see test/helpers/audit.ts).
import type { TestApp } from "../helpers/app.ts";
import type { AuditScenarios } from "../helpers/audit.ts";
import { freeTier, gid, makeUser } from "../helpers/factories/integrations.ts";

const KEY = "a1b2c3d4e5f6a7b8";

async function engine(app: TestApp) {
  return app.prisma.searchEngine.upsert({
    where: { slug: "bing" },
    create: { slug: "bing", displayName: "Bing", supportsIndexnow: true, apiEndpoint: "https://www.bing.com/indexnow" },
    update: {},
  });
}

/** A creator on the free plan with a site connected to Bing (verified unless told otherwise). */
async function site(app: TestApp, verified = true) {
  await freeTier(app);
  const e = await engine(app);
  const creator = await makeUser(app);
  const c = await app.ok(
    `mutation($i: ConnectSearchEngineInput!) { connectSearchEngine(input: $i) { id } }`,
    { i: { searchEngine: gid("SearchEngine", e.id), siteUrl: "https://audit.example", apiKey: KEY } },
    { token: creator.token },
  );
  const id = c.connectSearchEngine.id as string;
  if (verified) await app.ok(`mutation($id: ID!) { verifySeoConnection(id: $id) { id } }`, { id }, { token: creator.token });
  return { creator, id };
}

export const scenarios: AuditScenarios = {
  createSearchEngine: async (app) => ({
    query: `mutation { createSearchEngine(input: { slug: "audit-engine", displayName: "Audit" }) { id } }`,
    token: (await makeUser(app, ["ADMIN"])).token,
  }),
  updateSearchEngine: async (app) => {
    const e = await engine(app);
    return {
      query: `mutation($id: ID!) { updateSearchEngine(id: $id, input: { displayName: "Bing Webmaster" }) { id } }`,
      variables: { id: gid("SearchEngine", e.id) },
      token: (await makeUser(app, ["ADMIN"])).token,
    };
  },
  connectSearchEngine: async (app) => {
    const e = await engine(app);
    const creator = await makeUser(app);
    return {
      query: `mutation($i: ConnectSearchEngineInput!) { connectSearchEngine(input: $i) { id } }`,
      variables: { i: { searchEngine: gid("SearchEngine", e.id), siteUrl: "https://audit.example", apiKey: KEY } },
      token: creator.token,
    };
  },
  verifySeoConnection: async (app) => {
    const { creator, id } = await site(app, false);
    return { query: `mutation($id: ID!) { verifySeoConnection(id: $id) { id } }`, variables: { id }, token: creator.token };
  },
  deactivateSeoConnection: async (app) => {
    const { creator, id } = await site(app);
    return { query: `mutation($id: ID!) { deactivateSeoConnection(id: $id) { id } }`, variables: { id }, token: creator.token };
  },
  submitUrlForIndexing: async (app) => {
    const { creator, id } = await site(app);
    return {
      query: `mutation($i: SubmitUrlForIndexingInput!) { submitUrlForIndexing(input: $i) { id } }`,
      variables: { i: { connection: id, url: "https://audit.example/page" } },
      token: creator.token,
    };
  },
  retrySeoSubmission: async (app) => {
    const { creator, id } = await site(app);
    const s = await app.ok(
      `mutation($i: SubmitUrlForIndexingInput!) { submitUrlForIndexing(input: $i) { id } }`,
      { i: { connection: id, url: "https://audit.example/page" } },
      { token: creator.token },
    );
    const dbId = Buffer.from(s.submitUrlForIndexing.id, "base64url").toString().split(":")[1];
    await app.prisma.seoSubmission.update({ where: { id: dbId }, data: { status: "FAILED", nextRetryAt: null, errorMessage: "HTTP 503" } });
    return { query: `mutation($id: ID!) { retrySeoSubmission(id: $id) { id } }`, variables: { id: s.submitUrlForIndexing.id }, token: creator.token };
  },
};
