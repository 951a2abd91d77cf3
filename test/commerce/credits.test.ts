// Credits: the viewer's balance and ledger, admin adjustments with a reason, expiry FIFO by
// expiry date, and nobody reads another user's ledger.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { jobs } from "../../src/domains/commerce/jobs.ts";
import { giveCredits, key, makeAdmin, makeUser } from "../helpers/factories/commerce.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const ADJUST = `mutation($user: ID!, $amount: Int!, $reason: String!, $key: String!, $expiresAt: DateTime) {
  adjustCredits(userId: $user, amount: $amount, reason: $reason, idempotencyKey: $key, expiresAt: $expiresAt) { id type amount balanceAfter reason expiresAt } }`;
const LEDGER = `{ viewer { creditBalance creditTransactions { totalCount edges { node { type amount balanceAfter reason } } } } }`;

const runJob = (name: string) => jobs.find((j) => j.name === name)!.run(app.runtime);

it("admins adjust balances with a reason; the ledger records balance_after; never below zero", async () => {
  const admin = await makeAdmin(app);
  const user = await makeUser(app);
  const add = await app.ok(ADJUST, { user: user.gid, amount: 25, reason: "welcome bonus", key: key() }, { token: admin.token });
  expect(add.adjustCredits).toMatchObject({ type: "ADJUSTMENT", amount: 25, balanceAfter: 25, reason: "welcome bonus" });
  await app.ok(ADJUST, { user: user.gid, amount: -5, reason: "correction", key: key() }, { token: admin.token });
  const tooMuch = await app.gql(ADJUST, { user: user.gid, amount: -21, reason: "oops", key: key() }, { token: admin.token });
  expect(tooMuch.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "INSUFFICIENT_CREDITS", balance: 20, required: 21 });
  const noReason = await app.gql(ADJUST, { user: user.gid, amount: 5, reason: " ", key: key() }, { token: admin.token });
  expect([errorCode(noReason), noReason.errors![0].extensions!.field]).toEqual(["BAD_USER_INPUT", "reason"]);
  expect(errorCode(await app.gql(ADJUST, { user: user.gid, amount: 5, reason: "self-service", key: key() }, { token: user.token }))).toBe("FORBIDDEN");

  const ledger = await app.ok(LEDGER, {}, { token: user.token });
  expect(ledger.viewer.creditBalance).toBe(20);
  expect(ledger.viewer.creditTransactions.edges.map((e: any) => e.node)).toEqual([
    { type: "ADJUSTMENT", amount: -5, balanceAfter: 20, reason: "correction" },
    { type: "ADJUSTMENT", amount: 25, balanceAfter: 25, reason: "welcome bonus" },
  ]);
  expect(await app.prisma.auditLog.count({ where: { action: "credits.adjust", actorId: admin.id } })).toBe(2);
});

it("the same idempotencyKey adjusts once", async () => {
  const admin = await makeAdmin(app);
  const user = await makeUser(app);
  const k = key();
  const a = await app.ok(ADJUST, { user: user.gid, amount: 7, reason: "goodwill", key: k }, { token: admin.token });
  const b = await app.ok(ADJUST, { user: user.gid, amount: 7, reason: "goodwill", key: k }, { token: admin.token });
  expect(b.adjustCredits.id).toBe(a.adjustCredits.id);
  expect((await app.ok(LEDGER, {}, { token: user.token })).viewer.creditBalance).toBe(7);
});

it("expires what is left of each grant at its expiry, soonest-expiring credits spent first", async () => {
  const user = await makeUser(app);
  const now = app.clock.now();
  const day = 86_400_000;
  await giveCredits(app, user.id, 10, new Date(now.getTime() + 10 * day)); // expires first
  await giveCredits(app, user.id, 5, null); // never expires
  await giveCredits(app, user.id, 8, new Date(now.getTime() + 20 * day));
  const { transaction } = await import("../../src/core/tx.ts");
  const { applyCreditChange } = await import("../../src/domains/commerce/credits.ts");
  await transaction(app.prisma, (tx) => applyCreditChange(tx, { userId: user.id, type: "SPENT_OFFERING", amount: -6 })); // from the 10 → 4 left

  expect(await runJob("commerce.expire-credits")).toEqual({ users: 0, creditsExpired: 0 });
  app.clock.advance(11 * day);
  expect(await runJob("commerce.expire-credits")).toEqual({ users: 1, creditsExpired: 4 });
  expect(await runJob("commerce.expire-credits")).toEqual({ users: 0, creditsExpired: 0 });
  expect((await app.ok(LEDGER, {}, { token: await app.token(user.id) })).viewer.creditBalance).toBe(13);

  await transaction(app.prisma, (tx) => applyCreditChange(tx, { userId: user.id, type: "SPENT_OFFERING", amount: -10 })); // 8 expiring + 2 permanent
  app.clock.advance(10 * day);
  // The 8-credit grant expired fully spent: settled with nothing to take, and never looked at again.
  expect(await runJob("commerce.expire-credits")).toEqual({ users: 1, creditsExpired: 0 });
  expect(await runJob("commerce.expire-credits")).toEqual({ users: 0, creditsExpired: 0 });
  const ledger = await app.ok(LEDGER, {}, { token: await app.token(user.id) });
  expect(ledger.viewer.creditBalance).toBe(3);
  expect(ledger.viewer.creditTransactions.edges.filter((e: any) => e.node.type === "EXPIRED").map((e: any) => e.node)).toEqual([{ type: "EXPIRED", amount: -4, balanceAfter: 13, reason: null }]);
  expect(await app.prisma.notification.count({ where: { userId: user.id, type: "CREDITS_EXPIRING" } })).toBe(1);
  app.clock.set(now);
});

it("a user never reads another user's balance or ledger", async () => {
  const owner = await makeUser(app);
  const other = await makeUser(app);
  const admin = await makeAdmin(app);
  await giveCredits(app, owner.id, 3);
  const Q = `query($id: ID!) { node(id: $id) { ... on User { creditBalance creditTransactions { totalCount } } } }`;
  const r = await app.gql(Q, { id: owner.gid }, { token: other.token });
  expect(errorCode(r)).toBe("FORBIDDEN");
  expect(r.data.node).toEqual({ creditBalance: null, creditTransactions: null });
  expect(errorCode(await app.gql(Q, { id: owner.gid }))).toBe("UNAUTHENTICATED");
  expect((await app.ok(Q, { id: owner.gid }, { token: admin.token })).node).toEqual({ creditBalance: 3, creditTransactions: { totalCount: 1 } });
  const row = await app.prisma.creditTransaction.findFirstOrThrow({ where: { userId: owner.id } });
  const { encodeGlobalId } = await import("../../src/core/ids.ts");
  const NODE = `query($id: ID!) { node(id: $id) { ... on CreditTransaction { amount } } }`;
  expect((await app.ok(NODE, { id: encodeGlobalId("CreditTransaction", row.id) }, { token: other.token })).node).toBeNull();
  expect((await app.ok(NODE, { id: encodeGlobalId("CreditTransaction", row.id) }, { token: owner.token })).node).toEqual({ amount: 3 });
});
