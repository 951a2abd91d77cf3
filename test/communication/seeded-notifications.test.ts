// The notifications the seeds name, end to end through the API: new content from a creator the
// member subscribes to (a bounded, idempotent job), sync completed, AI suggestions ready, and the
// quota warning at 80 % (once per cycle). Each one obeys the recipient's per-type preference.
import { jobs } from "../../src/app/domains.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { SYNC, addAccount, connect, createIntegrationsApp, freeTier, itemIdByPlatformId, lookups, makeUser as makeIntegrationsUser, type IntegrationsTestApp } from "../helpers/factories/integrations.ts";
import { key, makeContent, makeCreator, makeUser } from "../helpers/factories/commerce.ts";
import { gid } from "../helpers/factories/site.ts";

let app: IntegrationsTestApp;
let platforms: Awaited<ReturnType<typeof lookups>>;

beforeAll(async () => {
  app = await createIntegrationsApp();
  platforms = await lookups(app);
  await freeTier(app, { maxSocialAccounts: 3, maxSyncsPerMonth: 5, maxAiAnalysesPerMonth: 10 });
});
afterAll(() => app.close());

const LIST = `query { notifications(first: 50) { totalCount edges { node { type title relatedEntityId } } } }`;
const MUTE = `mutation($prefs: JSON!) { updateMySettings(input: { notificationPreferences: $prefs }) { stored } }`;
const SUBSCRIBE = `mutation($tier: ID!, $key: String!) { subscribe(tierId: $tier, billingPeriod: MONTHLY, idempotencyKey: $key) { subscription { id status } } }`;
const PUBLISH = `mutation($id: ID!) { publishContent(id: $id) { id status } }`;
const UNPUBLISH = `mutation($id: ID!) { unpublishContent(id: $id) { id status } }`;
const REQUEST_AI = `mutation($id: ID!) { requestAiSuggestions(contentItemId: $id) { id version } }`;

async function listOf(token: string, type: string) {
  const r = await app.ok(LIST, {}, { token });
  return r.notifications.edges.map((e: any) => e.node).filter((n: any) => n.type === type);
}
const fanOut = async () => (await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "subscriptions.new-content-notifications")))["subscriptions.new-content-notifications"] as any;

describe("new content from a creator the member subscribes to", () => {
  it("reaches every live subscriber of the creator's tiers once, skips the muted one, the creator and outsiders", async () => {
    const creator = await makeCreator(app);
    const tier = (await app.ok(`mutation($input: CreatorTierCreateInput!) { createCreatorTier(input: $input) { id } }`, { input: { name: "Studio", slug: `studio-${key()}`, priceMonthly: "5.00" } }, { token: creator.token }))
      .createCreatorTier.id;
    const [fan1, fan2, muted, outsider] = await Promise.all([makeUser(app), makeUser(app), makeUser(app), makeUser(app)]);
    for (const f of [fan1, fan2, muted]) expect((await app.ok(SUBSCRIBE, { tier, key: key() }, { token: f.token })).subscribe.subscription.status).toBe("ACTIVE");
    await app.ok(MUTE, { prefs: { NEW_CONTENT: { inApp: false } } }, { token: muted.token });

    const draft = await makeContent(app, creator.id, { visibility: "MEMBERS_ONLY", price: null, status: "DRAFT" });
    const privateOne = await makeContent(app, creator.id, { visibility: "PRIVATE", price: null, status: "DRAFT" });
    // Nothing is announced before publishing.
    expect((await fanOut()).notified).toBe(0);
    await app.ok(PUBLISH, { id: draft.gid }, { token: creator.token });
    await app.ok(PUBLISH, { id: privateOne.gid }, { token: creator.token });

    const first = await fanOut();
    expect(first).toMatchObject({ items: 1, notified: 3, completed: 1 }); // three subscribers considered, the muted one gets none
    for (const f of [fan1, fan2]) {
      const mine = await listOf(f.token, "NEW_CONTENT");
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ relatedEntityId: draft.id });
      expect(mine[0].title).toMatch(/^New from Creator: Content /);
    }
    expect(await listOf(muted.token, "NEW_CONTENT")).toEqual([]);
    expect(await listOf(outsider.token, "NEW_CONTENT")).toEqual([]);
    expect(await listOf(creator.token, "NEW_CONTENT")).toEqual([]);

    // Idempotent: running again, or unpublishing and publishing again, announces nothing new.
    expect((await fanOut()).notified).toBe(0);
    await app.ok(UNPUBLISH, { id: draft.gid }, { token: creator.token });
    await app.ok(PUBLISH, { id: draft.gid }, { token: creator.token });
    expect((await fanOut()).notified).toBe(0);
    expect(await app.prisma.notification.count({ where: { type: "NEW_CONTENT", relatedEntityId: draft.id } })).toBe(2);
    expect(await app.prisma.notification.count({ where: { relatedEntityId: privateOne.id } })).toBe(0);
  });

  it("walks a large audience in bounded batches and never announces an item published long ago", async () => {
    const creator = await makeCreator(app);
    const tier = await app.prisma.subscriptionTier.create({ data: { slug: `big-${key()}`, name: "Big", creatorId: creator.id, priceMonthly: "3.00" } });
    const now = app.clock.now();
    const fans = await Promise.all(Array.from({ length: 205 }, () => makeUser(app)));
    await app.prisma.subscription.createMany({
      data: fans.map((f) => ({ userId: f.id, tierId: tier.id, status: "ACTIVE" as const, provider: "LOCAL" as const, currentPeriodStart: now, currentPeriodEnd: new Date(now.getTime() + 30 * 86_400_000) })),
    });
    const old = await makeContent(app, creator.id, { visibility: "PUBLIC", price: null, status: "PUBLISHED" });
    await app.prisma.content.update({ where: { id: old.id }, data: { publishedAt: new Date(now.getTime() - 3 * 86_400_000) } });
    const fresh = await makeContent(app, creator.id, { visibility: "PUBLIC", price: null, status: "DRAFT" });
    await app.ok(PUBLISH, { id: fresh.gid }, { token: creator.token });

    const r = await fanOut();
    expect(r).toMatchObject({ items: 1, notified: 205, completed: 1 });
    const progress = await app.prisma.contentFanout.findUniqueOrThrow({ where: { contentId: fresh.id } });
    expect(progress).toMatchObject({ notifiedCount: 205 });
    expect(progress.completedAt).not.toBeNull();
    expect(await app.prisma.notification.count({ where: { type: "NEW_CONTENT", relatedEntityId: fresh.id } })).toBe(205);
    expect(await app.prisma.notification.count({ where: { relatedEntityId: old.id } })).toBe(0);
    // every fan exactly once
    const perUser = await app.prisma.notification.groupBy({ by: ["userId"], where: { relatedEntityId: fresh.id }, _count: true });
    expect(perUser.every((g) => g._count === 1)).toBe(true);
  });
});

describe("sync completed, AI suggestions ready, quota warning at 80 %", () => {
  it("notifies the account owner after each sync and when AI suggestions are stored; muting a type stops it", async () => {
    const creator = await makeIntegrationsUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    const account = await addAccount(app, creator.token, c.gid, "UC-maya-kitchen");
    await app.ok(SYNC, { id: account }, { token: creator.token });
    const synced = await listOf(creator.token, "SYNC_COMPLETED");
    expect(synced).toHaveLength(1);
    expect(synced[0].title).toMatch(/synced$/);

    const itemId = await itemIdByPlatformId(app, "yt-001");
    const s = (await app.ok(REQUEST_AI, { id: gid("ContentItem", itemId) }, { token: creator.token })).requestAiSuggestions;
    const ready = await listOf(creator.token, "AI_SUGGESTIONS_READY");
    expect(ready).toHaveLength(1);
    expect(ready[0].title).toMatch(/^AI suggestions ready for /);
    expect(gid("AiSuggestion", ready[0].relatedEntityId)).toBe(s.id);

    await app.ok(MUTE, { prefs: { SYNC_COMPLETED: { inApp: false }, AI_SUGGESTIONS_READY: { inApp: false } } }, { token: creator.token });
    await app.ok(SYNC, { id: account }, { token: creator.token });
    await app.ok(REQUEST_AI, { id: gid("ContentItem", itemId) }, { token: creator.token });
    expect(await listOf(creator.token, "SYNC_COMPLETED")).toHaveLength(1);
    expect(await listOf(creator.token, "AI_SUGGESTIONS_READY")).toHaveLength(1);
  });

  it("warns once when a cycle's use crosses 80 % of the cap, and again in the next cycle", async () => {
    const creator = await makeIntegrationsUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    const account = await addAccount(app, creator.token, c.gid, "UC-maya-kitchen");
    const used: number[] = [];
    const warningsAfter: number[] = [];
    for (let i = 0; i < 5; i++) {
      used.push((await app.ok(SYNC, { id: account }, { token: creator.token })).syncSocialAccount.quota.used);
      warningsAfter.push((await listOf(creator.token, "QUOTA_WARNING")).length);
    }
    expect(used).toEqual([1, 2, 3, 4, 5]);
    expect(warningsAfter).toEqual([0, 0, 0, 1, 1]); // cap 5: the 4th sync reaches 80 %
    const [w] = await listOf(creator.token, "QUOTA_WARNING");
    expect(w.title).toBe("You have used 4 of 5 syncs this cycle");

    // The next cycle: the roll-over resets the counter; crossing 80 % again warns again.
    app.clock.advance(32 * 86_400_000);
    try {
      await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "subscriptions.rollover"));
      const token = await app.token(creator.id);
      for (let i = 0; i < 4; i++) await app.ok(SYNC, { id: account }, { token });
      expect(await app.prisma.notification.count({ where: { userId: creator.id, type: "QUOTA_WARNING" } })).toBe(2);
      // muted: the next cycle's crossing writes nothing
      await app.ok(MUTE, { prefs: { QUOTA_WARNING: { inApp: false } } }, { token });
      app.clock.advance(32 * 86_400_000);
      await runJobsOnce(app.runtime, jobs.filter((j) => j.name === "subscriptions.rollover"));
      const token2 = await app.token(creator.id);
      for (let i = 0; i < 4; i++) await app.ok(SYNC, { id: account }, { token: token2 });
      expect(await app.prisma.notification.count({ where: { userId: creator.id, type: "QUOTA_WARNING" } })).toBe(2);
    } finally {
      app.clock.reset();
    }
  });
});
