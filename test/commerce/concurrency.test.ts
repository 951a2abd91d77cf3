// Races that must hold on real Postgres (pool of 10) and on the embedded database (one
// connection): identical purchases, credit spends, booking capacity.
import { transaction } from "../../src/core/tx.ts";
import { applyCreditChange } from "../../src/domains/commerce/credits.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { giveCredits, key, makeContent, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const BUY = `mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) { purchase { id status } } }`;
const BOOK = `mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id status } } }`;

it("100 concurrent identical purchase requests make one purchase, one payment and one grant", async () => {
  const creator = await makeCreator(app);
  const buyer = await makeUser(app);
  const content = await makeContent(app, creator.id);
  const k = key();
  const results = await Promise.all(Array.from({ length: 100 }, () => app.gql(BUY, { id: content.gid, key: k }, { token: buyer.token })));
  const errors = results.filter((r) => r.errors);
  expect(errors.map((r) => r.errors)).toEqual([]);
  const ids = new Set(results.map((r) => r.data.purchaseContent.purchase.id));
  expect(ids.size).toBe(1);
  expect(results.every((r) => r.data.purchaseContent.purchase.status === "COMPLETED")).toBe(true);
  expect(await app.prisma.purchase.count({ where: { customerId: buyer.id } })).toBe(1);
  expect(await app.prisma.payment.count({ where: { userId: buyer.id } })).toBe(1);
  expect(await app.prisma.contentAccess.count({ where: { userId: buyer.id } })).toBe(1);
  expect(await app.prisma.auditLog.count({ where: { action: "payment.complete", actorId: buyer.id } })).toBe(1);
  expect((await app.prisma.content.findUniqueOrThrow({ where: { id: content.id } })).purchaseCount).toBe(1);
});

it("concurrent purchases of one item with different keys complete exactly once", async () => {
  const creator = await makeCreator(app);
  const buyer = await makeUser(app);
  const content = await makeContent(app, creator.id);
  const results = await Promise.all(Array.from({ length: 20 }, () => app.gql(BUY, { id: content.gid, key: key() }, { token: buyer.token })));
  const ok = results.filter((r) => !r.errors);
  expect(ok).toHaveLength(1);
  for (const r of results.filter((x) => x.errors)) {
    expect(errorCode(r)).toBe("CONFLICT");
    expect(["ALREADY_OWNED", "PURCHASE_IN_PROGRESS"]).toContain(r.errors![0].extensions!.reason);
  }
  expect(await app.prisma.purchase.count({ where: { customerId: buyer.id, status: "COMPLETED" } })).toBe(1);
  expect(await app.prisma.payment.count({ where: { userId: buyer.id } })).toBe(1);
});

it("50 concurrent credit spends against a balance covering 10: exactly 10 succeed", async () => {
  const user = await makeUser(app);
  await giveCredits(app, user.id, 10);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) =>
      transaction(app.prisma, (tx) => applyCreditChange(tx, { userId: user.id, type: "SPENT_OFFERING", amount: -1, description: `spend ${i}` })),
    ),
  );
  const ok = outcomes.filter((o) => o.status === "fulfilled");
  const failed = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  expect(ok).toHaveLength(10);
  expect(failed).toHaveLength(40);
  for (const f of failed) expect(f.reason.extensions).toMatchObject({ code: "CONFLICT", reason: "INSUFFICIENT_CREDITS", balance: 0, required: 1 });
  await expectConsistentLedger(user.id, 0);
});

it("concurrent credit bookings against a balance covering 10: exactly 10 bookings, balance 0", async () => {
  // Through the API. The embedded database serves one connection and a request that waits more
  // than 5 s for it gets SERVICE_UNAVAILABLE (src/db/client.ts), so a burst there is smaller; the
  // 50-way race on the ledger itself runs on both databases in the test above.
  const requests = app.kind === "embedded" ? 25 : 50;
  const creator = await makeCreator(app);
  const weekly = { capacityType: "UNLIMITED" as const, maxParticipants: null, offeringType: "RECURRING_FIXED" as const, schedule: { pattern: "weekly", day: "monday", time: "18:00", duration_minutes: 60 }, creditCost: 1 };
  const user = await makeUser(app);
  await giveCredits(app, user.id, 10);
  // A customer holds one live booking per offering, so each spend books another offering.
  const offerings = await Promise.all(Array.from({ length: requests }, () => makeOffering(app, creator.id, weekly)));
  const results = await Promise.all(offerings.map((o) => app.gql(BOOK, { input: { offeringId: o.gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: user.token })));
  const ok = results.filter((r) => !r.errors);
  expect(ok).toHaveLength(10);
  for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "INSUFFICIENT_CREDITS" });
  expect(await app.prisma.offeringBooking.count({ where: { customerId: user.id } })).toBe(10);
  expect(await app.prisma.offering.aggregate({ where: { creatorId: creator.id }, _sum: { bookingCount: true } })).toEqual({ _sum: { bookingCount: 10 } });
  await expectConsistentLedger(user.id, 0);
});

it("capacity holds: 30 customers race for 5 seats", async () => {
  const creator = await makeCreator(app);
  const offering = await makeOffering(app, creator.id, { maxParticipants: 5, creditCost: 1 });
  const customers = await Promise.all(Array.from({ length: 30 }, () => makeUser(app)));
  for (const c of customers) await giveCredits(app, c.id, 1);
  const results = await Promise.all(customers.map((c) => app.gql(BOOK, { input: { offeringId: offering.gid, paymentMethod: "CREDITS", idempotencyKey: key() } }, { token: c.token })));
  const ok = results.filter((r) => !r.errors);
  expect(ok).toHaveLength(5);
  for (const r of results.filter((x) => x.errors)) expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "SOLD_OUT" });
  expect((await app.prisma.offering.findUniqueOrThrow({ where: { id: offering.id } })).bookingCount).toBe(5);
  expect(await app.prisma.offeringBooking.count({ where: { offeringId: offering.id, status: "CONFIRMED" } })).toBe(5);
  // Losers were not charged.
  const balances = await app.prisma.creditBalance.findMany({ where: { userId: { in: customers.map((c) => c.id) } } });
  expect(balances.filter((b) => b.currentBalance === 0)).toHaveLength(5);
});

async function expectConsistentLedger(userId: string, expectedBalance: number) {
  const rows = await app.prisma.creditTransaction.findMany({ where: { userId }, orderBy: [{ createdAt: "asc" }, { balanceAfter: "desc" }] });
  let running = 0;
  const afters = new Set<number>();
  for (const r of rows) {
    running += r.amount;
    afters.add(r.balanceAfter);
    expect(r.balanceAfter).toBeGreaterThanOrEqual(0);
  }
  expect(running).toBe(expectedBalance);
  // Serialized changes: every balance_after from the top down to the final balance appears exactly once.
  expect(rows.map((r) => r.balanceAfter).sort((a, b) => b - a)).toEqual([...afters].sort((a, b) => b - a));
  expect((await app.prisma.creditBalance.findUniqueOrThrow({ where: { userId } })).currentBalance).toBe(expectedBalance);
}
