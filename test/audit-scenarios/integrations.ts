// Audit scenarios for the integrations mutations (see test/helpers/audit.ts): each prepares what
// the mutation needs and returns a request that performs it successfully.
import type { TestApp } from "../helpers/app.ts";
import type { AuditScenarios } from "../helpers/audit.ts";
import { SYNC, addAccount, connect, freeTier, gid, lookups, makeUser } from "../helpers/factories/integrations.ts";

async function admin(app: TestApp) {
  return (await makeUser(app, ["ADMIN"])).token;
}

/** A creator on the free plan with a connected YouTube account (fixture platform client). */
async function creatorWithConnection(app: TestApp) {
  const { youtube } = await lookups(app);
  await freeTier(app);
  const creator = await makeUser(app);
  const connection = await connect(app, creator.token, youtube.id);
  return { creator, connection, youtube };
}

async function creatorWithAccount(app: TestApp) {
  const setup = await creatorWithConnection(app);
  const account = await addAccount(app, setup.creator.token, setup.connection.gid, "UC-maya-kitchen");
  return { ...setup, account };
}

async function syncedItem(app: TestApp) {
  const setup = await creatorWithAccount(app);
  await app.ok(SYNC, { id: setup.account }, { token: setup.creator.token });
  const item = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId: "yt-001", socialAccount: { userId: setup.creator.id } } });
  return { ...setup, item: gid("ContentItem", item.id) };
}

export const scenarios: AuditScenarios = {
  createPlatform: async (app) => ({
    query: `mutation { createPlatform(input: { slug: "audit-platform", displayName: "Audit" }) { id } }`,
    token: await admin(app),
  }),
  updatePlatform: async (app) => {
    const p = await app.prisma.platform.create({ data: { slug: "audit-upd", displayName: "Before" } });
    return { query: `mutation($id: ID!) { updatePlatform(id: $id, input: { displayName: "After" }) { id } }`, variables: { id: gid("Platform", p.id) }, token: await admin(app) };
  },
  createSocialContentType: async (app) => ({
    query: `mutation { createSocialContentType(input: { slug: "audit-type", displayName: "Audit" }) { id } }`,
    token: await admin(app),
  }),
  updateSocialContentType: async (app) => {
    const t = await app.prisma.socialContentType.create({ data: { slug: "audit-type-upd", displayName: "Before" } });
    return { query: `mutation($id: ID!) { updateSocialContentType(id: $id, input: { isActive: false }) { id } }`, variables: { id: gid("SocialContentType", t.id) }, token: await admin(app) };
  },
  createAccountStatus: async (app) => ({
    query: `mutation { createAccountStatus(input: { slug: "audit-status", displayName: "Audit" }) { id } }`,
    token: await admin(app),
  }),
  updateAccountStatus: async (app) => {
    const s = await app.prisma.accountStatus.create({ data: { slug: "audit-status-upd", displayName: "Before" } });
    return { query: `mutation($id: ID!) { updateAccountStatus(id: $id, input: { displayName: "After" }) { id } }`, variables: { id: gid("AccountStatus", s.id) }, token: await admin(app) };
  },
  createAiProvider: async (app) => ({
    query: `mutation { createAiProvider(input: { slug: "audit-ai", displayName: "Audit AI" }) { id } }`,
    token: await admin(app),
  }),
  updateAiProvider: async (app) => {
    const p = await app.prisma.aiProvider.create({ data: { slug: "audit-ai-upd", displayName: "Before" } });
    return { query: `mutation($id: ID!) { updateAiProvider(id: $id, input: { isActive: false }) { id } }`, variables: { id: gid("AiProvider", p.id) }, token: await admin(app) };
  },
  createAiModel: async (app) => {
    const p = await app.prisma.aiProvider.create({ data: { slug: "audit-ai-m", displayName: "P" } });
    return {
      query: `mutation($p: ID!) { createAiModel(input: { provider: $p, modelName: "m", displayName: "M", inputCostPer1kTokens: "0.001000" }) { id } }`,
      variables: { p: gid("AiProvider", p.id) },
      token: await admin(app),
    };
  },
  updateAiModel: async (app) => {
    const p = await app.prisma.aiProvider.create({ data: { slug: "audit-ai-mu", displayName: "P" } });
    const m = await app.prisma.aiModel.create({ data: { providerId: p.id, modelName: "m", displayName: "M" } });
    return { query: `mutation($id: ID!) { updateAiModel(id: $id, input: { outputCostPer1kTokens: "0.002000" }) { id } }`, variables: { id: gid("AiModel", m.id) }, token: await admin(app) };
  },
  createTrendingKeyword: async (app) => {
    const { youtube } = await lookups(app);
    return {
      query: `mutation($p: ID!) { createTrendingKeyword(input: { platform: $p, keyword: "audit", trendingScore: 10 }) { id } }`,
      variables: { p: gid("Platform", youtube.id) },
      token: await admin(app),
    };
  },
  connectPlatform: async (app) => {
    const { youtube } = await lookups(app);
    const creator = await makeUser(app);
    return {
      query: `mutation($i: ConnectPlatformInput!) { connectPlatform(input: $i) { id } }`,
      variables: { i: { platform: gid("Platform", youtube.id), accessToken: "audit-access-token" } },
      token: creator.token,
    };
  },
  verifyPlatformConnection: async (app) => {
    const { creator, connection } = await creatorWithConnection(app);
    return { query: `mutation($id: ID!) { verifyPlatformConnection(id: $id) { id } }`, variables: { id: connection.gid }, token: creator.token };
  },
  deactivatePlatformConnection: async (app) => {
    const { creator, connection } = await creatorWithConnection(app);
    return { query: `mutation($id: ID!) { deactivatePlatformConnection(id: $id) { id } }`, variables: { id: connection.gid }, token: creator.token };
  },
  addSocialAccount: async (app) => {
    const { creator, connection } = await creatorWithConnection(app);
    return {
      query: `mutation($i: AddSocialAccountInput!) { addSocialAccount(input: $i) { id } }`,
      variables: { i: { connection: connection.gid, platformAccountId: "UC-maya-kitchen" } },
      token: creator.token,
    };
  },
  updateSocialAccount: async (app) => {
    const { creator, account } = await creatorWithAccount(app);
    return { query: `mutation($id: ID!) { updateSocialAccount(id: $id, input: { syncMode: AUTO }) { id } }`, variables: { id: account }, token: creator.token };
  },
  removeSocialAccount: async (app) => {
    const { creator, account } = await creatorWithAccount(app);
    return { query: `mutation($id: ID!) { removeSocialAccount(id: $id) { id } }`, variables: { id: account }, token: creator.token };
  },
  syncSocialAccount: async (app) => {
    const { creator, account } = await creatorWithAccount(app);
    return { query: SYNC, variables: { id: account }, token: creator.token };
  },
  requestAiSuggestions: async (app) => {
    const { creator, item } = await syncedItem(app);
    return { query: `mutation($id: ID!) { requestAiSuggestions(contentItemId: $id) { id } }`, variables: { id: item }, token: creator.token };
  },
  applyAiSuggestion: async (app) => {
    const { creator, item } = await syncedItem(app);
    const s = await app.ok(`mutation($id: ID!) { requestAiSuggestions(contentItemId: $id) { id } }`, { id: item }, { token: creator.token });
    return {
      query: `mutation($s: ID!) { applyAiSuggestion(suggestionId: $s, fields: [TITLE, TAGS]) { contentItem { id } } }`,
      variables: { s: s.requestAiSuggestions.id },
      token: creator.token,
    };
  },
  editContentItem: async (app) => {
    const { creator, item } = await syncedItem(app);
    return { query: `mutation($id: ID!) { editContentItem(id: $id, input: { title: "Edited by hand" }) { id } }`, variables: { id: item }, token: creator.token };
  },
  bulkEditContentItems: async (app) => {
    const { creator, item } = await syncedItem(app);
    return { query: `mutation($ids: [ID!]!) { bulkEditContentItems(ids: $ids, set: { category: "Bulk" }, addTags: ["audited"]) { updated } }`, variables: { ids: [item] }, token: creator.token };
  },
};
