// Audit scenarios for the issue-17 mutations: payouts, complimentary grants, credit packs,
// creator tiers, booking outcomes (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import type { TestApp } from "../helpers/app.ts";
import { gid, key, makeAdmin, makeContent, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";

const TIER = `mutation($input: CreatorTierCreateInput!) { createCreatorTier(input: $input) { id } }`;
const slug = () => `audit-tier-${Math.random().toString(36).slice(2, 10)}`;

async function creatorTier(app: TestApp) {
  const creator = await makeCreator(app);
  const r = await app.ok(TIER, { input: { name: "Audit members", slug: slug(), priceMonthly: "5.00" } }, { token: creator.token });
  return { creator, tierId: r.createCreatorTier.id as string };
}

async function creditPack(app: TestApp) {
  const admin = await makeAdmin(app);
  const r = await app.ok(`mutation { createCreditPack(name: "Audit pack", credits: 5, price: "4.00") { id } }`, {}, { token: admin.token });
  return { admin, packId: r.createCreditPack.id as string };
}

async function startedBooking(app: TestApp) {
  const host = await makeCreator(app);
  const offering = await makeOffering(app, host.id);
  const fan = await makeUser(app);
  const r = await app.ok(`mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id } } }`, { input: { offeringId: gid("Offering", offering.id), paymentMethod: "PURCHASE", idempotencyKey: key() } }, { token: fan.token });
  const access = await app.prisma.offeringPortalAccess.findFirstOrThrow({ where: { userId: fan.id } });
  app.clock.set(new Date(access.startsAt!.getTime() + 60_000));
  return { id: r.bookOffering.booking.id as string, token: await app.token(host.id) };
}

export const scenarios: AuditScenarios = {
  startPayoutOnboarding: async (app) => {
    const creator = await makeCreator(app);
    return { query: `mutation { startPayoutOnboarding { url } }`, token: creator.token };
  },
  refreshPayoutAccount: async (app) => {
    const creator = await makeCreator(app);
    await app.ok(`mutation { startPayoutOnboarding { url } }`, {}, { token: creator.token });
    return { query: `mutation { refreshPayoutAccount { status } }`, token: creator.token };
  },
  grantComplimentaryAccess: async (app) => {
    const admin = await makeAdmin(app);
    const creator = await makeCreator(app);
    const fan = await makeUser(app);
    const content = await makeContent(app, creator.id);
    return { query: `mutation($u: ID!, $c: ID!) { grantComplimentaryAccess(userId: $u, contentId: $c, reason: "audit scenario") { id } }`, variables: { u: fan.gid, c: content.gid }, token: admin.token };
  },
  revokeComplimentaryAccess: async (app) => {
    const admin = await makeAdmin(app);
    const creator = await makeCreator(app);
    const fan = await makeUser(app);
    const content = await makeContent(app, creator.id);
    const g = await app.ok(`mutation($u: ID!, $c: ID!) { grantComplimentaryAccess(userId: $u, contentId: $c, reason: "audit scenario") { id } }`, { u: fan.gid, c: content.gid }, { token: admin.token });
    return { query: `mutation($g: ID!) { revokeComplimentaryAccess(grantId: $g, reason: "audit scenario") { id } }`, variables: { g: g.grantComplimentaryAccess.id }, token: admin.token };
  },
  createCreditPack: async (app) => {
    const admin = await makeAdmin(app);
    return { query: `mutation { createCreditPack(name: "Audit pack", credits: 5, price: "4.00") { id } }`, token: admin.token };
  },
  updateCreditPack: async (app) => {
    const { admin, packId } = await creditPack(app);
    return { query: `mutation($id: ID!) { updateCreditPack(id: $id, price: "4.50") { id } }`, variables: { id: packId }, token: admin.token };
  },
  purchaseCreditPack: async (app) => {
    const { packId } = await creditPack(app);
    const fan = await makeUser(app);
    return { query: `mutation($id: ID!, $k: String!) { purchaseCreditPack(creditPackId: $id, idempotencyKey: $k) { status } }`, variables: { id: packId, k: key() }, token: fan.token };
  },
  createCreatorTier: async (app) => {
    const creator = await makeCreator(app);
    return { query: TIER, variables: { input: { name: "Audit members", slug: slug(), priceMonthly: "5.00" } }, token: creator.token };
  },
  updateCreatorTier: async (app) => {
    const { creator, tierId } = await creatorTier(app);
    return { query: `mutation($id: ID!) { updateCreatorTier(id: $id, input: { priceMonthly: "6.00" }) { id } }`, variables: { id: tierId }, token: creator.token };
  },
  archiveCreatorTier: async (app) => {
    const { creator, tierId } = await creatorTier(app);
    return { query: `mutation($id: ID!) { archiveCreatorTier(id: $id) { id } }`, variables: { id: tierId }, token: creator.token };
  },
  restoreCreatorTier: async (app) => {
    const { creator, tierId } = await creatorTier(app);
    await app.ok(`mutation($id: ID!) { archiveCreatorTier(id: $id) { id } }`, { id: tierId }, { token: creator.token });
    return { query: `mutation($id: ID!) { restoreCreatorTier(id: $id) { id } }`, variables: { id: tierId }, token: creator.token };
  },
  markBookingCompleted: async (app) => {
    const b = await startedBooking(app);
    return { query: `mutation($id: ID!) { markBookingCompleted(id: $id) { status } }`, variables: { id: b.id }, token: b.token };
  },
  markBookingNoShow: async (app) => {
    const b = await startedBooking(app);
    return { query: `mutation($id: ID!) { markBookingNoShow(id: $id) { status } }`, variables: { id: b.id }, token: b.token };
  },
};
