// Who sees money rows: the payer and admins; creators see their sales without the buyer;
// nobody else sees purchases, payments, library or ledger, by User field or by node(id).
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { key, makeAdmin, makeContent, makeCreator, makeUser } from "../helpers/factories/commerce.ts";

let app: TestApp;
let creator: Awaited<ReturnType<typeof makeCreator>>;
let buyer: Awaited<ReturnType<typeof makeUser>>;
let stranger: Awaited<ReturnType<typeof makeUser>>;
let admin: Awaited<ReturnType<typeof makeAdmin>>;
let purchaseId: string;
let paymentId: string;

beforeAll(async () => {
  app = await createTestApp();
  creator = await makeCreator(app);
  buyer = await makeUser(app);
  stranger = await makeUser(app);
  admin = await makeAdmin(app);
  const content = await makeContent(app, creator.id, { price: "8.00" });
  const r = await app.ok(`mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) { purchase { id } checkout { payment { id } } } }`, { id: content.gid, key: key() }, { token: buyer.token });
  purchaseId = r.purchaseContent.purchase.id;
  paymentId = r.purchaseContent.checkout.payment.id;
});
afterAll(() => app.close());

const OWNED = `query($id: ID!) { node(id: $id) { ... on User { purchases { totalCount } payments { totalCount } library { totalCount } ownedVoicePacks { totalCount } tipsGiven { totalCount } creatorSales { totalCount } } } }`;

it("the viewer reads their own purchases, payments and library", async () => {
  const r = await app.ok(`{ viewer { purchases { totalCount edges { node { id status customer { id } payment { id } } } } payments { totalCount } library { totalCount } } }`, {}, { token: buyer.token });
  expect(r.viewer.purchases.edges).toEqual([{ node: { id: purchaseId, status: "COMPLETED", customer: { id: buyer.gid }, payment: { id: paymentId } } }]);
  expect(r.viewer.payments.totalCount).toBe(1);
  expect(r.viewer.library.totalCount).toBe(1);
});

it("another user cannot read them through the User fields", async () => {
  const r = await app.gql(OWNED, { id: buyer.gid }, { token: stranger.token });
  expect(errorCode(r)).toBe("FORBIDDEN");
  expect(r.data.node).toEqual({ purchases: null, payments: null, library: null, ownedVoicePacks: null, tipsGiven: null, creatorSales: null });
  expect(errorCode(await app.gql(OWNED, { id: buyer.gid }))).toBe("UNAUTHENTICATED");
  const asAdmin = await app.ok(OWNED, { id: buyer.gid }, { token: admin.token });
  expect(asAdmin.node).toMatchObject({ purchases: { totalCount: 1 }, payments: { totalCount: 1 }, library: { totalCount: 1 } });
});

it("another user gets null for the purchase and payment by id", async () => {
  const Q = `query($p: ID!, $pay: ID!) { p: node(id: $p) { id } pay: node(id: $pay) { id } }`;
  expect((await app.ok(Q, { p: purchaseId, pay: paymentId }, { token: stranger.token }))).toEqual({ p: null, pay: null });
  expect((await app.ok(Q, { p: purchaseId, pay: paymentId }))).toEqual({ p: null, pay: null });
  expect((await app.ok(Q, { p: purchaseId, pay: paymentId }, { token: buyer.token }))).toEqual({ p: { id: purchaseId }, pay: { id: paymentId } });
  expect(errorCode(await app.gql(`{ payments { totalCount } }`, {}, { token: stranger.token }))).toBe("FORBIDDEN");
  expect((await app.ok(`{ payments { totalCount } }`, {}, { token: admin.token })).payments.totalCount).toBeGreaterThanOrEqual(1);
});

it("the creator sees the sale and the split, but not who bought or their payment", async () => {
  const r = await app.gql(`{ viewer { creatorSales { totalCount edges { node { id amountPaid platformFeeAmount creatorPayoutAmount customer { id } } } } } }`, {}, { token: creator.token });
  expect(r.data.viewer.creatorSales.totalCount).toBe(1);
  expect(r.data.viewer.creatorSales.edges[0].node).toEqual({ id: purchaseId, amountPaid: "8.00", platformFeeAmount: "2.40", creatorPayoutAmount: "5.60", customer: null });
  expect(errorCode(r)).toBe("FORBIDDEN");
  const node = await app.gql(`query($id: ID!) { node(id: $id) { ... on Purchase { amountPaid payment { id } } } }`, { id: purchaseId }, { token: creator.token });
  expect(node.data.node).toEqual({ amountPaid: "8.00", payment: null });
  expect(errorCode(node)).toBe("FORBIDDEN");
  expect((await app.ok(`{ viewer { creatorSales { totalCount } } }`, {}, { token: stranger.token })).viewer.creatorSales.totalCount).toBe(0);
});
