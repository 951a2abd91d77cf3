// Tips: bounds from config, no self-tips, only to creators, idempotent, visible to both sides.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { key, makeAdmin, makeCreator, makeUser } from "../helpers/factories/commerce.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ env: { TIP_MIN_AMOUNT: "1.00", TIP_MAX_AMOUNT: "100.00" } });
});
afterAll(() => app.close());

const TIP = `mutation($to: ID!, $amount: Decimal!, $currency: String!, $message: String, $key: String!) {
  tipCreator(creatorId: $to, amount: $amount, currency: $currency, message: $message, idempotencyKey: $key) {
    tip { id amount currency message status fromUser { id } toCreator { id } }
    checkout { status provider payment { platformFeeAmount creatorPayoutAmount } } } }`;

it("tips a creator: completed at once with the local provider, fee split, creator notified", async () => {
  const creator = await makeCreator(app);
  const fan = await makeUser(app);
  const r = await app.ok(TIP, { to: creator.gid, amount: "5.00", currency: "usd", message: "Great work!", key: key() }, { token: fan.token });
  expect(r.tipCreator.tip).toMatchObject({ amount: "5.00", currency: "USD", message: "Great work!", status: "COMPLETED", fromUser: { id: fan.gid }, toCreator: { id: creator.gid } });
  expect(r.tipCreator.checkout).toEqual({ status: "COMPLETED", provider: "local", payment: { platformFeeAmount: "1.50", creatorPayoutAmount: "3.50" } });
  expect(await app.prisma.notification.count({ where: { userId: creator.id, type: "TIP_RECEIVED" } })).toBe(1);
  expect(await app.prisma.emailLog.count({ where: { userId: fan.id, emailType: "tip_receipt" } })).toBe(1);

  const given = await app.ok(`{ viewer { tipsGiven { totalCount edges { node { amount } } } } }`, {}, { token: fan.token });
  expect(given.viewer.tipsGiven).toEqual({ totalCount: 1, edges: [{ node: { amount: "5.00" } }] });
  const received = await app.ok(`{ viewer { tipsReceived { totalCount edges { node { message fromUser { id } } } } } }`, {}, { token: creator.token });
  expect(received.viewer.tipsReceived).toEqual({ totalCount: 1, edges: [{ node: { message: "Great work!", fromUser: { id: fan.gid } } }] });
  // The dashboard view counts completed tips.
  const dash = await app.prisma.dashboardCreator.findFirst({ where: { creatorId: creator.id } });
  expect(dash?.totalTips.toFixed(2)).toBe("5.00");
});

it("is idempotent per key and refuses a key reused for a different tip", async () => {
  const creator = await makeCreator(app);
  const fan = await makeUser(app);
  const k = key();
  const a = await app.ok(TIP, { to: creator.gid, amount: "2.00", currency: "USD", key: k }, { token: fan.token });
  const b = await app.ok(TIP, { to: creator.gid, amount: "2.00", currency: "USD", key: k }, { token: fan.token });
  expect(b.tipCreator.tip.id).toBe(a.tipCreator.tip.id);
  const c = await app.gql(TIP, { to: creator.gid, amount: "3.00", currency: "USD", key: k }, { token: fan.token });
  expect(c.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "IDEMPOTENCY_KEY_REUSED" });
  expect(await app.prisma.tip.count({ where: { fromUserId: fan.id } })).toBe(1);
});

it("enforces bounds, currency, no self-tips, creators only, sign-in", async () => {
  const creator = await makeCreator(app);
  const fan = await makeUser(app);
  const plain = await makeUser(app);
  const field = (r: any) => [errorCode(r), r.errors?.[0]?.extensions?.field];
  expect(field(await app.gql(TIP, { to: creator.gid, amount: "0.50", currency: "USD", key: key() }, { token: fan.token }))).toEqual(["BAD_USER_INPUT", "amount"]);
  expect(field(await app.gql(TIP, { to: creator.gid, amount: "100.01", currency: "USD", key: key() }, { token: fan.token }))).toEqual(["BAD_USER_INPUT", "amount"]);
  expect(field(await app.gql(TIP, { to: creator.gid, amount: "1.005", currency: "USD", key: key() }, { token: fan.token }))).toEqual(["BAD_USER_INPUT", "amount"]);
  expect(field(await app.gql(TIP, { to: creator.gid, amount: "5.00", currency: "dollars", key: key() }, { token: fan.token }))).toEqual(["BAD_USER_INPUT", "currency"]);
  expect(field(await app.gql(TIP, { to: creator.gid, amount: "5.00", currency: "USD", message: "x".repeat(501), key: key() }, { token: fan.token }))).toEqual(["BAD_USER_INPUT", "message"]);
  const self = await app.gql(TIP, { to: creator.gid, amount: "5.00", currency: "USD", key: key() }, { token: creator.token });
  expect(self.errors![0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "SELF_TIP" });
  expect(errorCode(await app.gql(TIP, { to: plain.gid, amount: "5.00", currency: "USD", key: key() }, { token: fan.token }))).toBe("NOT_FOUND");
  expect(errorCode(await app.gql(TIP, { to: creator.gid, amount: "5.00", currency: "USD", key: key() }))).toBe("UNAUTHENTICATED");
  expect(await app.prisma.tip.count({ where: { OR: [{ fromUserId: fan.id }, { fromUserId: creator.id }] } })).toBe(0);
  expect(await app.prisma.payment.count({ where: { OR: [{ userId: fan.id }, { userId: creator.id }] } })).toBe(0);
});

it("a tip is visible to the tipper, the creator and admins only", async () => {
  const creator = await makeCreator(app);
  const fan = await makeUser(app);
  const stranger = await makeUser(app);
  const admin = await makeAdmin(app);
  const r = await app.ok(TIP, { to: creator.gid, amount: "5.00", currency: "USD", key: key() }, { token: fan.token });
  const NODE = `query($id: ID!) { node(id: $id) { ... on Tip { amount } } }`;
  for (const who of [fan, creator, admin]) expect((await app.ok(NODE, { id: r.tipCreator.tip.id }, { token: who.token })).node).toEqual({ amount: "5.00" });
  expect((await app.ok(NODE, { id: r.tipCreator.tip.id }, { token: stranger.token })).node).toBeNull();
  expect((await app.ok(NODE, { id: r.tipCreator.tip.id })).node).toBeNull();
  const other = await app.gql(`query($id: ID!) { node(id: $id) { ... on User { tipsGiven { totalCount } } } }`, { id: fan.gid }, { token: stranger.token });
  expect(errorCode(other)).toBe("FORBIDDEN");
});
