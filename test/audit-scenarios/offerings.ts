// Audit scenarios for the offerings mutations (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { futureDate, gid, giveCredits, key, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";

export const scenarios: AuditScenarios = {
  createOffering: async (app) => {
    const creator = await makeCreator(app);
    return {
      query: `mutation($input: CreateOfferingInput!) { createOffering(input: $input) { id } }`,
      variables: { input: { title: "Audit workshop", offeringType: "ONE_TIME_EVENT", capacityType: "SMALL_GROUP", maxParticipants: 8, deliveryMethod: "ONLINE", schedule: { date: futureDate(20, app.clock.now()), start_time: "10:00", duration_minutes: 60 }, price: "15.00" } },
      token: creator.token,
    };
  },
  updateOffering: async (app) => {
    const creator = await makeCreator(app);
    const o = await makeOffering(app, creator.id);
    return { query: `mutation($id: ID!) { updateOffering(id: $id, input: { title: "Renamed" }) { id } }`, variables: { id: o.gid }, token: creator.token };
  },
  publishOffering: async (app) => {
    const creator = await makeCreator(app);
    const o = await makeOffering(app, creator.id, { status: "DRAFT", publishedAt: null });
    return { query: `mutation($id: ID!) { publishOffering(id: $id) { id } }`, variables: { id: o.gid }, token: creator.token };
  },
  archiveOffering: async (app) => {
    const creator = await makeCreator(app);
    const o = await makeOffering(app, creator.id);
    return { query: `mutation($id: ID!) { archiveOffering(id: $id) { id } }`, variables: { id: o.gid }, token: creator.token };
  },
  addOfferingResource: async (app) => {
    const creator = await makeCreator(app);
    const o = await makeOffering(app, creator.id);
    return {
      query: `mutation($id: ID!) { addOfferingResource(offeringId: $id, input: { resourceType: LINK, linkUrl: "https://example.test/prep", title: "Prep", availableWhen: BEFORE }) { id } }`,
      variables: { id: o.gid },
      token: creator.token,
    };
  },
  removeOfferingResource: async (app) => {
    const creator = await makeCreator(app);
    const o = await makeOffering(app, creator.id);
    const r = await app.prisma.offeringResource.create({ data: { offeringId: o.id, resourceType: "TEXT", textContent: "hello", title: "Hello" } });
    return { query: `mutation($id: ID!) { removeOfferingResource(id: $id) }`, variables: { id: gid("OfferingResource", r.id) }, token: creator.token };
  },
  bookOffering: async (app) => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const o = await makeOffering(app, creator.id, { price: "20.00" });
    return {
      query: `mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id } } }`,
      variables: { input: { offeringId: o.gid, paymentMethod: "PURCHASE", idempotencyKey: key() } },
      token: customer.token,
    };
  },
  cancelBooking: async (app) => {
    const creator = await makeCreator(app);
    const customer = await makeUser(app);
    const o = await makeOffering(app, creator.id, { creditCost: 2 });
    await giveCredits(app, customer.id, 2);
    const r = await app.ok(`mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id } } }`, { input: { offeringId: o.gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: customer.token });
    return { query: `mutation($id: ID!) { cancelBooking(id: $id, reason: "audit") { id } }`, variables: { id: r.bookOffering.booking.id }, token: customer.token };
  },
};
