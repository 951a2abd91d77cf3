// Audit scenarios for the subscription mutations (see test/helpers/audit.ts): each prepares its
// rows and performs the mutation once, successfully, on the local provider (no Stripe keys).
import type { AuditScenarios } from "../helpers/audit.ts";
import { gid, makeSubscription, makeTier, makeUser } from "../helpers/factories/subscriptions.ts";

const admin = async (app: Parameters<AuditScenarios[string]>[0]) => (await makeUser(app, { admin: true })).token();

export const scenarios: AuditScenarios = {
  createSubscriptionTier: async (app) => ({
    query: `mutation { createSubscriptionTier(input: { name: "Audit", slug: "audit-create", priceMonthly: "4.99" }) { id } }`,
    token: await admin(app),
  }),
  updateSubscriptionTier: async (app) => {
    const tier = await makeTier(app, { slug: "audit-update" });
    return {
      query: `mutation($id: ID!) { updateSubscriptionTier(id: $id, input: { isActive: false }) { id } }`,
      variables: { id: gid("SubscriptionTier", tier.id) },
      token: await admin(app),
    };
  },
  deleteSubscriptionTier: async (app) => {
    const tier = await makeTier(app, { slug: "audit-delete" });
    return { query: `mutation($id: ID!) { deleteSubscriptionTier(id: $id) }`, variables: { id: gid("SubscriptionTier", tier.id) }, token: await admin(app) };
  },
  subscribe: async (app) => {
    const tier = await makeTier(app, { slug: "audit-subscribe", monthlyCredits: 3 });
    const user = await makeUser(app);
    return {
      query: `mutation($t: ID!) { subscribe(tierId: $t, idempotencyKey: "audit-subscribe-1") { subscription { id } } }`,
      variables: { t: gid("SubscriptionTier", tier.id) },
      token: await user.token(),
    };
  },
  cancelSubscription: async (app) => {
    const tier = await makeTier(app, { slug: "audit-cancel" });
    const user = await makeUser(app);
    await makeSubscription(app, { userId: user.id, tierId: tier.id });
    return { query: `mutation { cancelSubscription { id } }`, token: await user.token() };
  },
  resumeSubscription: async (app) => {
    const tier = await makeTier(app, { slug: "audit-resume" });
    const user = await makeUser(app);
    await makeSubscription(app, { userId: user.id, tierId: tier.id, cancelAtPeriodEnd: true, canceledAt: app.clock.now() });
    return { query: `mutation { resumeSubscription { id } }`, token: await user.token() };
  },
  changeTier: async (app) => {
    const tier = await makeTier(app, { slug: "audit-change-from" });
    const next = await makeTier(app, { slug: "audit-change-to" });
    const user = await makeUser(app);
    await makeSubscription(app, { userId: user.id, tierId: tier.id });
    return { query: `mutation($t: ID!) { changeTier(tierId: $t) { id } }`, variables: { t: gid("SubscriptionTier", next.id) }, token: await user.token() };
  },
};
