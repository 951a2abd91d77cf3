// Purchases through the local provider (no Stripe keys): content, series bundles, voice packs,
// free claims, idempotency, ownership, revenue split, refunds revoking access.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, key, makeAdmin, makeContent, makeCreator, makeSeries, makeUser, makeVoicePack } from "../helpers/factories/commerce.ts";

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(() => app.close());

const BUY = `mutation($id: ID!, $key: String!) { purchaseContent(contentId: $id, idempotencyKey: $key) {
  purchase { id status amountPaid currency platformFeeAmount creatorPayoutAmount purchasedAt }
  checkout { status provider clientSecret amount currency payment { id status } } } }`;
const READ = `query($id: ID!) { node(id: $id) { ... on Content { viewerHasAccess mediaUrl streamUrl body } } }`;
const REFUND = `mutation($id: ID!, $reason: String!) { refundPayment(paymentId: $id, reason: $reason) { id status refundReason refundedAt } }`;

describe("purchaseContent (local provider)", () => {
  it("settles at once, grants access, splits revenue and sends a receipt", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id, { price: "10.00" });
    expect((await app.ok(READ, { id: content.gid }, { token: buyer.token })).node).toEqual({ viewerHasAccess: false, mediaUrl: null, streamUrl: null, body: null });

    const r = await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    expect(r.purchaseContent.purchase).toMatchObject({ status: "COMPLETED", amountPaid: "10.00", currency: "USD", platformFeeAmount: "3.00", creatorPayoutAmount: "7.00" });
    expect(r.purchaseContent.checkout).toMatchObject({ status: "COMPLETED", provider: "local", clientSecret: null, amount: "10.00" });
    expect((await app.ok(READ, { id: content.gid }, { token: buyer.token })).node).toEqual({
      viewerHasAccess: true,
      mediaUrl: "https://cdn.example.test/media.mp4",
      streamUrl: "https://cdn.example.test/stream.m3u8",
      body: "<p>secret body</p>",
    });
    const lib = await app.ok(`{ viewer { library { totalCount edges { node { accessType expiresAt isActive content { id } } } } } }`, {}, { token: buyer.token });
    expect(lib.viewer.library.totalCount).toBe(1);
    expect(lib.viewer.library.edges[0].node).toEqual({ accessType: "PURCHASED", expiresAt: null, isActive: true, content: { id: content.gid } });
    expect(await app.prisma.notification.count({ where: { userId: buyer.id, type: "PURCHASE_RECEIPT" } })).toBe(1);
    expect(await app.prisma.emailLog.count({ where: { userId: buyer.id, emailType: "purchase_receipt", status: "PENDING" } })).toBe(1);
    expect((await app.prisma.content.findUniqueOrThrow({ where: { id: content.id } })).purchaseCount).toBe(1);
  });

  it("takes no platform fee on platform content (created by an admin)", async () => {
    const admin = await makeAdmin(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, admin.id, { price: "4.99" });
    const r = await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    expect(r.purchaseContent.purchase).toMatchObject({ amountPaid: "4.99", platformFeeAmount: "0.00", creatorPayoutAmount: "4.99" });
  });

  it("rounds the fee half-up to the cent and keeps fee + payout = amount", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id, { price: "0.99" });
    const r = await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    expect(r.purchaseContent.purchase).toMatchObject({ platformFeeAmount: "0.30", creatorPayoutAmount: "0.69" });
  });

  it("returns the same purchase for the same idempotencyKey and never charges twice", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id);
    const k = key();
    const a = await app.ok(BUY, { id: content.gid, key: k }, { token: buyer.token });
    const b = await app.ok(BUY, { id: content.gid, key: k }, { token: buyer.token });
    expect(b.purchaseContent.purchase.id).toBe(a.purchaseContent.purchase.id);
    expect(b.purchaseContent.checkout.payment.id).toBe(a.purchaseContent.checkout.payment.id);
    expect(await app.prisma.payment.count({ where: { userId: buyer.id } })).toBe(1);
    expect(await app.prisma.purchase.count({ where: { customerId: buyer.id } })).toBe(1);

    // The same key for another item is a client bug, not a new purchase.
    const other = await makeContent(app, creator.id);
    const r = await app.gql(BUY, { id: other.gid, key: k }, { token: buyer.token });
    expect(errorCode(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions!.reason).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(await app.prisma.purchase.count({ where: { customerId: buyer.id } })).toBe(1);
  });

  it("refuses to sell what the buyer already owns (CONFLICT ALREADY_OWNED)", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id);
    await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    const again = await app.gql(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    expect(errorCode(again)).toBe("CONFLICT");
    expect(again.errors![0].extensions!.reason).toBe("ALREADY_OWNED");
    const own = await app.gql(BUY, { id: content.gid, key: key() }, { token: creator.token });
    expect(own.errors![0].extensions!.reason).toBe("ALREADY_OWNED");
    expect(await app.prisma.payment.count({ where: { contentId: content.id } })).toBe(1);
  });

  it("validates input and visibility", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const content = await makeContent(app, creator.id);
    const draft = await makeContent(app, creator.id, { status: "DRAFT" });
    const free = await makeContent(app, creator.id, { price: null });
    expect(errorCode(await app.gql(BUY, { id: content.gid, key: key() }))).toBe("UNAUTHENTICATED");
    const short = await app.gql(BUY, { id: content.gid, key: "abc" }, { token: buyer.token });
    expect(errorCode(short)).toBe("BAD_USER_INPUT");
    expect(short.errors![0].extensions!.field).toBe("idempotencyKey");
    expect(errorCode(await app.gql(BUY, { id: draft.gid, key: key() }, { token: buyer.token }))).toBe("NOT_FOUND");
    const freeBuy = await app.gql(BUY, { id: free.gid, key: key() }, { token: buyer.token });
    expect(freeBuy.errors![0].extensions!.reason).toBe("FREE_CONTENT");
    // An id of another type is refused by the relay plugin before the resolver runs.
    const wrongType = await app.gql(BUY, { id: gid("Story", content.id), key: key() }, { token: buyer.token });
    expect(wrongType.errors?.[0].message).toMatch(/is not of type: Content/);
    expect(await app.prisma.payment.count({ where: { userId: buyer.id } })).toBe(0);
  });
});

describe("claimContent", () => {
  const CLAIM = `mutation($id: ID!) { claimContent(contentId: $id) { id accessType expiresAt isActive content { id } } }`;
  it("grants free content at once, idempotently; priced content needs a purchase", async () => {
    const creator = await makeCreator(app);
    const user = await makeUser(app);
    const free = await makeContent(app, creator.id, { price: null });
    const a = await app.ok(CLAIM, { id: free.gid }, { token: user.token });
    expect(a.claimContent).toMatchObject({ accessType: "COMPLIMENTARY", expiresAt: null, isActive: true, content: { id: free.gid } });
    const b = await app.ok(CLAIM, { id: free.gid }, { token: user.token });
    expect(b.claimContent.id).toBe(a.claimContent.id);
    expect((await app.ok(READ, { id: free.gid }, { token: user.token })).node.mediaUrl).toBe("https://cdn.example.test/media.mp4");
    const priced = await makeContent(app, creator.id);
    expect(errorCode(await app.gql(CLAIM, { id: priced.gid }, { token: user.token }))).toBe("PAYMENT_REQUIRED");
  });
});

describe("series bundles", () => {
  const BUY_SERIES = `mutation($id: ID!, $key: String!) { purchaseSeries(seriesId: $id, idempotencyKey: $key) { purchase { status series { id viewerHasAccess } } } }`;
  it("grants access to every item of the series; owning the bundle makes its items ALREADY_OWNED", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const series = await makeSeries(app, creator.id, { price: "20.00" });
    const items = [await makeContent(app, creator.id, { seriesId: series.id, seriesPosition: 1 }), await makeContent(app, creator.id, { seriesId: series.id, seriesPosition: 2 })];
    const listed = await app.ok(`query($id: ID!) { node(id: $id) { ... on ContentSeries { price viewerHasAccess contents { totalCount } } } }`, { id: series.gid }, { token: buyer.token });
    expect(listed.node).toEqual({ price: "20.00", viewerHasAccess: false, contents: { totalCount: 2 } });
    const r = await app.ok(BUY_SERIES, { id: series.gid, key: key() }, { token: buyer.token });
    expect(r.purchaseSeries.purchase).toEqual({ status: "COMPLETED", series: { id: series.gid, viewerHasAccess: true } });
    for (const item of items) expect((await app.ok(READ, { id: item.gid }, { token: buyer.token })).node.viewerHasAccess).toBe(true);
    const item = await app.gql(BUY, { id: items[0].gid, key: key() }, { token: buyer.token });
    expect(item.errors![0].extensions!.reason).toBe("ALREADY_OWNED");
    const unpriced = await makeSeries(app, creator.id, { price: null });
    expect((await app.gql(BUY_SERIES, { id: unpriced.gid, key: key() }, { token: buyer.token })).errors![0].extensions!.reason).toBe("NOT_FOR_SALE");
  });
});

describe("voice packs", () => {
  it("lists packs with price and voices to everyone and sells them once", async () => {
    const pack = await makeVoicePack(app, { price: "2.50" });
    await makeVoicePack(app, { isActive: false });
    const anon = await app.ok(`{ voicePacks { totalCount edges { node { id name price currency voiceIds viewerOwns } } } }`);
    const mine = anon.voicePacks.edges.find((e: any) => e.node.id === pack.gid);
    expect(mine.node).toMatchObject({ price: "2.50", currency: "USD", voiceIds: ["narrator-a", "narrator-b"], viewerOwns: false });
    expect(anon.voicePacks.edges.every((e: any) => e.node.id === pack.gid || e.node.name)).toBe(true);
    expect(await app.prisma.voicePack.count({ where: { isActive: true } })).toBe(anon.voicePacks.totalCount);

    const user = await makeUser(app);
    const BUYV = `mutation($id: ID!, $key: String!) { purchaseVoicePack(voicePackId: $id, idempotencyKey: $key) { purchase { status platformFeeAmount creatorPayoutAmount voicePack { viewerOwns } } } }`;
    const r = await app.ok(BUYV, { id: pack.gid, key: key() }, { token: user.token });
    expect(r.purchaseVoicePack.purchase).toEqual({ status: "COMPLETED", platformFeeAmount: "0.00", creatorPayoutAmount: "2.50", voicePack: { viewerOwns: true } });
    const owned = await app.ok(`{ viewer { ownedVoicePacks { totalCount edges { node { voicePack { id } } } } } }`, {}, { token: user.token });
    expect(owned.viewer.ownedVoicePacks).toEqual({ totalCount: 1, edges: [{ node: { voicePack: { id: pack.gid } } }] });
    expect((await app.gql(BUYV, { id: pack.gid, key: key() }, { token: user.token })).errors![0].extensions!.reason).toBe("ALREADY_OWNED");
  });

  it("lets admins create and retire packs, and nobody else", async () => {
    const admin = await makeAdmin(app);
    const user = await makeUser(app);
    const CREATE = `mutation { createVoicePack(name: "Pirates", price: "3.00", voiceIds: ["pirate-1"]) { id name price currency isActive } }`;
    expect(errorCode(await app.gql(CREATE, {}, { token: user.token }))).toBe("FORBIDDEN");
    const created = await app.ok(CREATE, {}, { token: admin.token });
    expect(created.createVoicePack).toMatchObject({ name: "Pirates", price: "3.00", currency: "USD", isActive: true });
    const bad = await app.gql(`mutation { createVoicePack(name: "Free", price: "0", voiceIds: ["x"]) { id } }`, {}, { token: admin.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors![0].extensions!.field).toBe("price");
    const retired = await app.ok(`mutation($id: ID!) { updateVoicePack(id: $id, isActive: false) { isActive } }`, { id: created.createVoicePack.id }, { token: admin.token });
    expect(retired.updateVoicePack.isActive).toBe(false);
    expect((await app.ok(`query($id: ID!) { node(id: $id) { id } }`, { id: created.createVoicePack.id }, { token: user.token })).node).toBeNull();
  });
});

describe("refunds", () => {
  it("an admin refund revokes the access the payment granted", async () => {
    const creator = await makeCreator(app);
    const buyer = await makeUser(app);
    const admin = await makeAdmin(app);
    const content = await makeContent(app, creator.id);
    const bought = await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    const paymentId = bought.purchaseContent.checkout.payment.id;

    expect(errorCode(await app.gql(REFUND, { id: paymentId, reason: "customer asked" }, { token: buyer.token }))).toBe("FORBIDDEN");
    const r = await app.ok(REFUND, { id: paymentId, reason: "customer asked" }, { token: admin.token });
    expect(r.refundPayment).toMatchObject({ id: paymentId, status: "REFUNDED", refundReason: "customer asked" });
    expect((await app.ok(READ, { id: content.gid }, { token: buyer.token })).node).toEqual({ viewerHasAccess: false, mediaUrl: null, streamUrl: null, body: null });
    const p = await app.ok(`query($id: ID!) { node(id: $id) { ... on Purchase { status refundedAt } } }`, { id: bought.purchaseContent.purchase.id }, { token: buyer.token });
    expect(p.node.status).toBe("REFUNDED");
    expect((await app.ok(`{ viewer { library { totalCount } } }`, {}, { token: buyer.token })).viewer.library.totalCount).toBe(0);
    expect((await app.prisma.content.findUniqueOrThrow({ where: { id: content.id } })).purchaseCount).toBe(0);
    expect(await app.prisma.emailLog.count({ where: { userId: buyer.id, emailType: "refund_receipt" } })).toBe(1);

    // Refunding twice changes nothing; the item can be bought again afterwards.
    const auditsBefore = await app.prisma.auditLog.count({ where: { action: "payment.refund" } });
    await app.ok(REFUND, { id: paymentId, reason: "again" }, { token: admin.token });
    expect(await app.prisma.auditLog.count({ where: { action: "payment.refund" } })).toBe(auditsBefore);
    expect((await app.prisma.payment.findFirstOrThrow({ where: { userId: buyer.id } })).refundReason).toBe("customer asked");
    const rebuy = await app.ok(BUY, { id: content.gid, key: key() }, { token: buyer.token });
    expect(rebuy.purchaseContent.purchase.status).toBe("COMPLETED");
    expect((await app.ok(READ, { id: content.gid }, { token: buyer.token })).node.viewerHasAccess).toBe(true);
  });

  it("refuses to refund a payment that did not complete", async () => {
    const admin = await makeAdmin(app);
    const buyer = await makeUser(app);
    const p = await app.prisma.payment.create({ data: { userId: buyer.id, purpose: "TIP", amount: "5.00", provider: "local", idempotencyKey: "x-failed-1", status: "FAILED", failedAt: app.clock.now() } });
    const r = await app.gql(REFUND, { id: gid("Payment", p.id), reason: "nope" }, { token: admin.token });
    expect(errorCode(r)).toBe("CONFLICT");
    expect(r.errors![0].extensions!.reason).toBe("NOT_REFUNDABLE");
  });
});

describe("reads", () => {
  it("the library and purchases load without N+1 queries", async () => {
    const creator = await makeCreator(app);
    const Q = `{ viewer { purchases { edges { node { amountPaid content { title viewerHasAccess } series { title } voicePack { name } payment { status } } } }
      library { edges { node { accessType content { title mediaUrl } series { title viewerHasAccess } } } } ownedVoicePacks { edges { node { voicePack { name } } } } } }`;
    const statementsFor = async (items: number) => {
      const buyer = await makeUser(app);
      for (let i = 0; i < items; i++) {
        await app.ok(BUY, { id: (await makeContent(app, creator.id)).gid, key: key() }, { token: buyer.token });
        await app.ok(`mutation($id: ID!, $key: String!) { purchaseVoicePack(voicePackId: $id, idempotencyKey: $key) { purchase { id } } }`, { id: (await makeVoicePack(app)).gid, key: key() }, { token: buyer.token });
      }
      const before = app.db.stats.statements;
      const r = await app.ok(Q, {}, { token: buyer.token });
      expect(r.viewer.purchases.edges).toHaveLength(items * 2);
      return app.db.stats.statements - before;
    };
    const two = await statementsFor(2);
    const six = await statementsFor(6);
    expect(six).toBe(two);
  });
});
