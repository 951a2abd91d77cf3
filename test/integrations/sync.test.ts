// Sync: items upserted by platform id from the fixture client, revisions when fields change, the
// generated search_vector following the new text, and the SYNC quota.
import { jobs } from "../../src/app/domains.ts";
import { runJobsOnce } from "../../src/app/jobs-runner.ts";
import { errorCode } from "../helpers/app.ts";
import {
  SYNC,
  addAccount,
  connect,
  createIntegrationsApp,
  editFixture,
  freeTier,
  lookups,
  makeUser,
  type IntegrationsTestApp,
} from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let platforms: Awaited<ReturnType<typeof lookups>>;

beforeAll(async () => {
  app = await createIntegrationsApp();
  platforms = await lookups(app);
  await freeTier(app, { maxSocialAccounts: 3, maxSyncsPerMonth: 3 });
});
afterAll(() => app.close());

const ITEMS = `query($a: ID!) { contentItems(socialAccount: $a) { totalCount edges { node { platformContentId title tags contentType { slug } viewsCount } } } }`;

async function creatorWithAccount() {
  const creator = await makeUser(app);
  const c = await connect(app, creator.token, platforms.youtube.id);
  const account = await addAccount(app, creator.token, c.gid, "UC-maya-kitchen");
  return { creator, account };
}

it("creates the items, then on the next sync updates changed ones and records a revision per changed field", async () => {
  const { creator, account } = await creatorWithAccount();
  const first = await app.ok(SYNC, { id: account }, { token: creator.token });
  expect(first.syncSocialAccount).toMatchObject({ created: 5, updated: 0, unchanged: 0, revisionsRecorded: 0, quota: { used: 1, limit: 3 } });
  const items = await app.ok(ITEMS, { a: account }, { token: creator.token });
  expect(items.contentItems.totalCount).toBe(5);
  expect(items.contentItems.edges[0].node).toMatchObject({ platformContentId: "yt-005", title: "60-second Tomato Sauce", contentType: { slug: "short_video" } });

  editFixture(app, "youtube", "UC-maya-kitchen", (json) => {
    json.items[0].title = "Fresh Pasta From Scratch (Updated Recipe)";
    json.items[0].tags = ["cooking", "italian", "homemade", "eggs"];
    json.items[1].viewsCount += 100; // counts change without a revision
  });
  try {
    const second = await app.ok(SYNC, { id: account }, { token: creator.token });
    expect(second.syncSocialAccount).toMatchObject({ created: 0, updated: 2, unchanged: 3, revisionsRecorded: 2, quota: { used: 2, limit: 3 } });

    const item = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId: "yt-001", socialAccount: { userId: creator.id } } });
    const r = await app.ok(
      `query($id: ID!) { node(id: $id) { ... on ContentItem { title revisions { totalCount edges { node { fieldName oldValue newValue changeSource user { id } } } } } } }`,
      { id: Buffer.from(`ContentItem:${item.id}`).toString("base64url") },
      { token: creator.token },
    );
    expect(r.node.title).toBe("Fresh Pasta From Scratch (Updated Recipe)");
    const revisions = r.node.revisions.edges.map((e: { node: unknown }) => e.node);
    expect(revisions).toHaveLength(2);
    expect(revisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ fieldName: "title", oldValue: "Fresh Pasta From Scratch in 20 Minutes", newValue: "Fresh Pasta From Scratch (Updated Recipe)", changeSource: "SYNC" }),
        expect.objectContaining({ fieldName: "tags", oldValue: '["cooking","italian","homemade"]', newValue: '["cooking","italian","homemade","eggs"]', changeSource: "SYNC" }),
      ]),
    );

    // search_vector is generated from the new title by the database.
    const [row] = await app.prisma.$queryRaw<{ hit: boolean }[]>`
      SELECT search_vector @@ websearch_to_tsquery('simple', 'updated recipe') AS hit FROM content_item WHERE id = ${item.id}::uuid`;
    expect(row.hit).toBe(true);
  } finally {
    editFixture(app, "youtube", "UC-maya-kitchen", (json) => {
      json.items[0].title = "Fresh Pasta From Scratch in 20 Minutes";
      json.items[0].tags = ["cooking", "italian", "homemade"];
      json.items[1].viewsCount -= 100;
    });
  }
  const account_ = await app.prisma.socialAccount.findFirstOrThrow({ where: { userId: creator.id } });
  expect(account_).toMatchObject({ lastSyncStatus: "OK", followerCount: 48210 });
  expect(account_.lastSyncedAt).not.toBeNull();
  expect(await app.prisma.auditLog.count({ where: { action: "social_account.sync", entityId: account_.id } })).toBe(2);
});

it("QUOTA_EXCEEDED with limit and resetsAt once the plan's syncs are used up, and nothing changes", async () => {
  const { creator, account } = await creatorWithAccount();
  for (let i = 1; i <= 3; i++) {
    const r = await app.ok(SYNC, { id: account }, { token: creator.token });
    expect(r.syncSocialAccount.quota.used).toBe(i);
  }
  const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: creator.id } });
  expect(sub.syncsUsed).toBe(3);
  const r = await app.gql(SYNC, { id: account }, { token: creator.token });
  expect(errorCode(r)).toBe("QUOTA_EXCEEDED");
  expect(r.errors![0].extensions).toMatchObject({ quota: "SYNC", limit: 3, used: 3, resetsAt: sub.currentPeriodEnd.toISOString() });
  expect((await app.prisma.subscription.findUniqueOrThrow({ where: { id: sub.id } })).syncsUsed).toBe(3);
  const history = await app.prisma.quotaUsageHistory.findMany({ where: { userId: creator.id, quotaKind: "SYNC" } });
  expect(history).toHaveLength(3);
  expect(history[0]).toMatchObject({ relatedEntityType: "SocialAccount", reason: "social_account.sync" });
});

it("a platform that refuses the token is a CONFLICT and costs no quota", async () => {
  const { creator, account } = await creatorWithAccount();
  const conn = await app.prisma.platformConnection.findFirstOrThrow({ where: { userId: creator.id } });
  await app.runtime.services.secrets.put(conn.vaultSecretName, JSON.stringify({ accessToken: "revoked-now" }));
  const r = await app.gql(SYNC, { id: account }, { token: creator.token });
  expect(errorCode(r)).toBe("CONFLICT");
  expect(r.errors![0].extensions!.reason).toBe("TOKEN_REJECTED");
  expect(await app.prisma.quotaUsageHistory.count({ where: { userId: creator.id, quotaKind: "SYNC" } })).toBe(0);
});

it("a DISABLED account does not sync", async () => {
  const { creator, account } = await creatorWithAccount();
  await app.ok(`mutation($id: ID!) { updateSocialAccount(id: $id, input: { syncMode: DISABLED }) { id } }`, { id: account }, { token: creator.token });
  const r = await app.gql(SYNC, { id: account }, { token: creator.token });
  expect(r.errors![0].extensions).toMatchObject({ code: "CONFLICT", reason: "SYNC_DISABLED" });
});

describe("the auto-sync job", () => {
  const autoSync = jobs.filter((j) => j.name === "integrations.auto-sync");

  it("syncs due AUTO accounts, schedules the next run, and records a used-up quota on the account", async () => {
    const creator = await makeUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    await addAccount(app, creator.token, c.gid, "UC-maya-kitchen", "AUTO");
    await app.prisma.userSettings.create({ data: { userId: creator.id, syncFrequencyHours: 6 } });

    const first = await runJobsOnce(app.runtime, autoSync);
    expect(first["integrations.auto-sync"]).toMatchObject({ synced: expect.any(Number), failed: 0 });
    let row = await app.prisma.socialAccount.findFirstOrThrow({ where: { userId: creator.id } });
    expect(row.lastSyncStatus).toBe("OK");
    expect(await app.prisma.contentItem.count({ where: { socialAccountId: row.id } })).toBe(5);
    expect(Math.round((row.nextSyncAt!.getTime() - row.lastSyncedAt!.getTime()) / 3_600_000)).toBe(6);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "social_account.sync", entityId: row.id } });
    expect(audit).toMatchObject({ actorId: null, requestId: "job:integrations.auto-sync" });

    // Nothing is due right after: a second run changes nothing.
    await runJobsOnce(app.runtime, autoSync);
    expect((await app.prisma.subscription.findFirstOrThrow({ where: { userId: creator.id } })).syncsUsed).toBe(1);

    // Quota used up: the account says so and waits for the reset.
    const sub = await app.prisma.subscription.findFirstOrThrow({ where: { userId: creator.id } });
    await app.prisma.subscription.update({ where: { id: sub.id }, data: { syncsUsed: 3 } });
    app.clock.advance(7 * 3_600_000);
    await runJobsOnce(app.runtime, autoSync);
    row = await app.prisma.socialAccount.findFirstOrThrow({ where: { userId: creator.id } });
    expect(row.lastSyncStatus).toBe("ERROR: QUOTA_EXCEEDED");
    expect(row.nextSyncAt).toEqual(sub.currentPeriodEnd);
  });
});
