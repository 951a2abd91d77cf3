// Seed 003: "email verification required before purchase". Purchases, tips, subscriptions and
// bookings answer FORBIDDEN (EMAIL_NOT_VERIFIED) for an unverified account and write nothing;
// PURCHASE_REQUIRES_VERIFIED_EMAIL=false turns the check off; the demo's fan5 shows it.
import { runSeed } from "../../prisma/seed/index.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { gid, key, makeContent, makeCreator, makeOffering, makeUser } from "../helpers/factories/commerce.ts";
import { makeTier } from "../helpers/factories/subscriptions.ts";

const BUY = `mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) { purchase { id status } } }`;
const TIP = `mutation($id: ID!, $key: String!) { tipCreator(creatorId: $id, amount: "5.00", currency: "USD", idempotencyKey: $key) { tip { id } } }`;
const SUBSCRIBE = `mutation($tier: ID!, $key: String!) { subscribe(tierId: $tier, billingPeriod: MONTHLY, idempotencyKey: $key) { subscription { id } } }`;
const BOOK = `mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id status } } }`;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

async function world() {
  const creator = await makeCreator(app);
  const content = await makeContent(app, creator.id, { price: "4.00" });
  const tier = await makeTier(app);
  const offering = await makeOffering(app, creator.id);
  return { creator, content, tier, offering };
}

const attempts = (w: Awaited<ReturnType<typeof world>>) => [
  ["purchaseContent", BUY, { id: w.content.gid, key: key() }],
  ["tipCreator", TIP, { id: w.creator.gid, key: key() }],
  ["subscribe", SUBSCRIBE, { tier: gid("SubscriptionTier", w.tier.id), key: key() }],
  ["bookOffering", BOOK, { input: { offeringId: gid("Offering", w.offering.id), paymentMethod: "PURCHASE", idempotencyKey: key() } }],
] as const;

describe("an unverified account cannot pay", () => {
  it("purchase, tip, subscribe and book answer FORBIDDEN EMAIL_NOT_VERIFIED and write nothing", async () => {
    const w = await world();
    const fan = await makeUser(app, { verified: false });
    for (const [field, query, vars] of attempts(w)) {
      const r = await app.gql(query, vars, { token: fan.token });
      expect([field, r.errors?.[0]?.extensions]).toEqual([field, { code: "FORBIDDEN", reason: "EMAIL_NOT_VERIFIED" }]);
      expect(r.errors![0].message).toMatch(/verify your e-mail/i);
    }
    expect(await app.prisma.payment.count({ where: { userId: fan.id } })).toBe(0);
    expect(await app.prisma.purchase.count({ where: { customerId: fan.id } })).toBe(0);
    expect(await app.prisma.subscription.count({ where: { userId: fan.id } })).toBe(0);
    expect(await app.prisma.offeringBooking.count({ where: { customerId: fan.id } })).toBe(0);

    // Once the address is verified the same requests go through.
    await app.prisma.user.update({ where: { id: fan.id }, data: { emailVerifiedAt: app.clock.now() } });
    for (const [field, query, vars] of attempts(w)) {
      const r = await app.gql(query, vars, { token: fan.token });
      expect([field, r.errors]).toEqual([field, undefined]);
    }
  });

  it("PURCHASE_REQUIRES_VERIFIED_EMAIL=false lets unverified accounts pay", async () => {
    const open = await createTestApp({ env: { PURCHASE_REQUIRES_VERIFIED_EMAIL: "false" } });
    try {
      const creator = await makeCreator(open);
      const content = await makeContent(open, creator.id, { price: "4.00" });
      const fan = await makeUser(open, { verified: false });
      const r = await open.ok(BUY, { id: content.gid, key: key() }, { token: fan.token });
      expect(r.purchaseContent.purchase.status).toBe("COMPLETED");
    } finally {
      await open.close();
    }
  });

  it("the demo's fan5 (never verified) is refused, fan2 (verified) is not", async () => {
    const demo = await createTestApp();
    try {
      await runSeed(demo.prisma);
      const signIn = async (email: string) =>
        (await demo.ok(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }`, { e: email, p: "Fan-demo-1!" })).signIn.accessToken as string;
      const pack = await demo.prisma.voicePack.findFirstOrThrow({ where: { name: "Noir Detectives" } });
      const BUY_PACK = `mutation($id: ID!, $key: String!) { purchaseVoicePack(voicePackId: $id, idempotencyKey: $key) { purchase { status } } }`;
      const refused = await demo.gql(BUY_PACK, { id: gid("VoicePack", pack.id), key: key() }, { token: await signIn("fan5@demo.test") });
      expect(refused.errors?.[0]?.extensions).toEqual({ code: "FORBIDDEN", reason: "EMAIL_NOT_VERIFIED" });
      const bought = await demo.ok(BUY_PACK, { id: gid("VoicePack", pack.id), key: key() }, { token: await signIn("fan2@demo.test") });
      expect(bought.purchaseVoicePack.purchase.status).toBe("COMPLETED");
    } finally {
      await demo.close();
    }
  }, 180_000);
});
