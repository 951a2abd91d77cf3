// Audit scenarios for the commerce mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { key, makeAdmin, makeContent, makeCreator, makeSeries, makeUser, makeVoicePack } from "../helpers/factories/commerce.ts";

export const scenarios: AuditScenarios = {
  purchaseContent: async (app) => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id);
    return { query: `mutation($id: ID!, $k: String!) { purchaseContent(contentId: $id, idempotencyKey: $k) { purchase { id } } }`, variables: { id: content.gid, k: key() }, token: buyer.token };
  },
  purchaseSeries: async (app) => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const series = await makeSeries(app, creator.id);
    return { query: `mutation($id: ID!, $k: String!) { purchaseSeries(seriesId: $id, idempotencyKey: $k) { purchase { id } } }`, variables: { id: series.gid, k: key() }, token: buyer.token };
  },
  purchaseVoicePack: async (app) => {
    const buyer = await makeUser(app);
    const pack = await makeVoicePack(app);
    return { query: `mutation($id: ID!, $k: String!) { purchaseVoicePack(voicePackId: $id, idempotencyKey: $k) { purchase { id } } }`, variables: { id: pack.gid, k: key() }, token: buyer.token };
  },
  claimContent: async (app) => {
    const creator = await makeCreator(app);
    const user = await makeUser(app);
    const content = await makeContent(app, creator.id, { price: null });
    return { query: `mutation($id: ID!) { claimContent(contentId: $id) { id } }`, variables: { id: content.gid }, token: user.token };
  },
  tipCreator: async (app) => {
    const creator = await makeCreator(app);
    const fan = await makeUser(app);
    return {
      query: `mutation($to: ID!, $k: String!) { tipCreator(creatorId: $to, amount: "5.00", currency: "USD", idempotencyKey: $k) { tip { id } } }`,
      variables: { to: creator.gid, k: key() },
      token: fan.token,
    };
  },
  refundPayment: async (app) => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const admin = await makeAdmin(app);
    const content = await makeContent(app, creator.id);
    const r = await app.ok(`mutation($id: ID!, $k: String!) { purchaseContent(contentId: $id, idempotencyKey: $k) { checkout { payment { id } } } }`, { id: content.gid, k: key() }, { token: buyer.token });
    return {
      query: `mutation($id: ID!) { refundPayment(paymentId: $id, reason: "audit scenario") { status } }`,
      variables: { id: r.purchaseContent.checkout.payment.id },
      token: admin.token,
    };
  },
  adjustCredits: async (app) => {
    const admin = await makeAdmin(app);
    const user = await makeUser(app);
    return {
      query: `mutation($u: ID!, $k: String!) { adjustCredits(userId: $u, amount: 10, reason: "audit scenario", idempotencyKey: $k) { id } }`,
      variables: { u: user.gid, k: key() },
      token: admin.token,
    };
  },
  createVoicePack: async (app) => {
    const admin = await makeAdmin(app);
    return { query: `mutation { createVoicePack(name: "Audit voices", price: "1.99", voiceIds: ["v1"]) { id } }`, token: admin.token };
  },
  updateVoicePack: async (app) => {
    const admin = await makeAdmin(app);
    const pack = await makeVoicePack(app);
    return { query: `mutation($id: ID!) { updateVoicePack(id: $id, price: "6.00") { id } }`, variables: { id: pack.gid }, token: admin.token };
  },
};
