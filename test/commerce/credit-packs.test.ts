// Credit packs: members buy credits with money (EARNED_PURCHASE) through the payment state
// machine; a retry is the same payment; a refund takes back what is left unspent.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { key, makeAdmin, makeUser } from "../helpers/factories/commerce.ts";
import { applyCreditChange } from "../../src/domains/commerce/credits.ts";
import { transaction } from "../../src/core/tx.ts";

const CREATE = `mutation { createCreditPack(name: "Ten credits", credits: 10, price: "9.00") { id name credits price currency isActive } }`;
const BUY = `mutation($id: ID!, $k: String!) { purchaseCreditPack(creditPackId: $id, idempotencyKey: $k) { status amount currency payment { id purpose } } }`;
const ME = `query { viewer { creditBalance creditTransactions { edges { node { type amount balanceAfter description } } } } }`;
const REFUND = `mutation($id: ID!) { refundPayment(paymentId: $id, reason: "changed my mind") { status } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

describe("credit packs", () => {
  it("an admin sells a pack; a member buys it and gets the credits once, however often the request is retried", async () => {
    const admin = await makeAdmin(app);
    const pack = (await app.ok(CREATE, {}, { token: admin.token })).createCreditPack;
    expect(pack).toMatchObject({ credits: 10, price: "9.00", currency: "USD", isActive: true });
    expect((await app.ok(`query { creditPacks { edges { node { id } } } }`)).creditPacks.edges.map((e: any) => e.node.id)).toContain(pack.id);

    const fan = await makeUser(app);
    const k = key();
    const a = (await app.ok(BUY, { id: pack.id, k }, { token: fan.token })).purchaseCreditPack;
    expect(a).toMatchObject({ status: "COMPLETED", amount: "9.00", payment: { purpose: "CREDIT_PACK" } });
    const b = (await app.ok(BUY, { id: pack.id, k }, { token: fan.token })).purchaseCreditPack;
    expect(b.payment.id).toBe(a.payment.id);
    const me = (await app.ok(ME, {}, { token: fan.token })).viewer;
    expect(me.creditBalance).toBe(10);
    expect(me.creditTransactions.edges.map((e: any) => e.node)).toEqual([{ type: "EARNED_PURCHASE", amount: 10, balanceAfter: 10, description: "Bought: Ten credits" }]);
    const payment = await app.prisma.payment.findFirstOrThrow({ where: { userId: fan.id, purpose: "CREDIT_PACK" } });
    expect(payment.platformFeeAmount.toFixed(2)).toBe("0.00"); // platform revenue
    expect(await app.prisma.creatorEarning.count({ where: { paymentId: payment.id } })).toBe(0);
  });

  it("a refund takes back the unspent credits, never below zero", async () => {
    const admin = await makeAdmin(app);
    const pack = (await app.ok(CREATE, {}, { token: admin.token })).createCreditPack;
    const fan = await makeUser(app);
    const bought = (await app.ok(BUY, { id: pack.id, k: key() }, { token: fan.token })).purchaseCreditPack;
    // 4 of the 10 credits are spent meanwhile.
    await transaction(app.prisma, (tx) => applyCreditChange(tx, { userId: fan.id, type: "ADJUSTMENT", amount: -4, reason: "spent elsewhere" }));
    await app.ok(REFUND, { id: bought.payment.id }, { token: admin.token });
    const me = (await app.ok(ME, {}, { token: fan.token })).viewer;
    expect(me.creditBalance).toBe(0);
    expect(me.creditTransactions.edges[0].node).toMatchObject({ type: "ADJUSTMENT", amount: -6, balanceAfter: 0 });
  });

  it("retired packs are not sold; members cannot create packs; a bad price is refused", async () => {
    const admin = await makeAdmin(app);
    const pack = (await app.ok(CREATE, {}, { token: admin.token })).createCreditPack;
    await app.ok(`mutation($id: ID!) { updateCreditPack(id: $id, isActive: false) { isActive } }`, { id: pack.id }, { token: admin.token });
    const fan = await makeUser(app);
    expect(errorCode(await app.gql(BUY, { id: pack.id, k: key() }, { token: fan.token }))).toBe("NOT_FOUND");
    expect(errorCode(await app.gql(CREATE, {}, { token: fan.token }))).toBe("FORBIDDEN");
    const bad = await app.gql(`mutation { createCreditPack(name: "x", credits: 0, price: "1.00") { id } }`, {}, { token: admin.token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "credits" });
    expect(await app.prisma.payment.count({ where: { userId: fan.id } })).toBe(0);
  });
});
