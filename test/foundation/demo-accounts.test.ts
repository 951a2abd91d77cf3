// The README's demo-accounts table is a promise: sign in as each demo account (with the README's
// password, through signIn) and do what its row says to look at. Also: the seeded YouTube and
// Instagram connections verify and sync, and the integrations.auto-sync job finds nothing broken.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEMO_ACCOUNTS, runSeed } from "../../prisma/seed/index.ts";
import { seedDemoSecrets } from "../../prisma/seed/secrets.ts";
import { syncDueAccounts } from "../../src/domains/integrations/service.ts";
import { jobContext } from "../../src/core/jobs.ts";
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";

const NOW = new Date("2026-12-01T12:00:00.000Z");
let app: TestApp;
let secretsDir: string;
const tokens = new Map<string, string>();

async function signIn(email: string): Promise<string> {
  if (tokens.has(email)) return tokens.get(email)!;
  const account = DEMO_ACCOUNTS.find((a) => a.email === email)!;
  const r = await app.ok(`mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { accessToken } }`, { e: email, p: account.password });
  tokens.set(email, r.signIn.accessToken);
  return r.signIn.accessToken;
}

beforeAll(async () => {
  secretsDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-secrets-"));
  app = await createTestApp({ env: { SECRETS_DIR: secretsDir } });
  app.clock.set(NOW);
  await runSeed(app.prisma, undefined, NOW);
  expect(await seedDemoSecrets(app.prisma, app.runtime.services.secrets)).toBeGreaterThan(0);
  // A second run writes nothing (idempotent).
  expect(await seedDemoSecrets(app.prisma, app.runtime.services.secrets)).toBe(0);
}, 240_000);
afterAll(async () => {
  await app?.close();
  fs.rmSync(secretsDir, { recursive: true, force: true });
});

it("the README's table lists exactly the seeded accounts, and each signs in with its password", async () => {
  const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  for (const a of DEMO_ACCOUNTS) {
    expect(readme).toContain(`| ${a.email} | \`${a.password}\` |`);
    expect(await signIn(a.email)).toMatch(/^ey/);
  }
});

it("admin: sees the audit log, the e-mail outbox and soft-deleted rows", async () => {
  const t = await signIn("admin@demo.test");
  const r = await app.ok(`{ auditLogs(first: 1) { totalCount } emailLogs(first: 1) { totalCount } socialAccounts(first: 50) { edges { node { accountName deletedAt } } } }`, {}, { token: t });
  expect(r.auditLogs.totalCount).toBeGreaterThan(0);
  expect(r.emailLogs.totalCount).toBeGreaterThan(0);
  expect(r.socialAccounts.edges.some((e: any) => e.node.deletedAt !== null)).toBe(true);
});

it("moderator: can remove someone else's comment", async () => {
  const t = await signIn("moderator@demo.test");
  const moderator = await app.prisma.user.findUniqueOrThrow({ where: { email: "moderator@demo.test" } });
  const comment = await app.prisma.comment.findFirstOrThrow({ where: { deletedAt: null, authorId: { not: moderator.id }, storyId: { not: null } } });
  const r = await app.gql(`mutation($id: ID!) { deleteComment(id: $id) }`, { id: Buffer.from(`Comment:${comment.id}`).toString("base64url") }, { token: t });
  expect(r.errors).toBeUndefined();
  expect((await app.prisma.comment.findUniqueOrThrow({ where: { id: comment.id } })).deletedAt).not.toBeNull();
});

it("ada: courses, The Painted Door, a premium plan, YouTube + Instagram that verify and sync", async () => {
  const t = await signIn("ada@demo.test");
  const r = await app.ok(
    `{ viewer { id roles subscription { status tier { slug } } } contentSeries(first: 20) { edges { node { title creator { id } } } }
       stories(first: 20, mine: true) { edges { node { title } } }
       platformConnections(first: 10) { edges { node { id platform { slug } isVerified } } }
       socialAccounts(first: 10) { edges { node { id accountName syncMode platform { slug } } } } }`,
    {},
    { token: t },
  );
  expect(r.viewer.roles).toContain("CREATOR");
  expect(r.viewer.subscription.tier.slug).toMatch(/premium/);
  expect(r.contentSeries.edges.some((e: any) => e.node.creator.id === r.viewer.id)).toBe(true);
  expect(r.stories.edges.map((e: any) => e.node.title)).toContain("The Painted Door");
  const connections = r.platformConnections.edges.map((e: any) => e.node);
  expect(connections.map((c: any) => c.platform.slug).sort()).toEqual(["instagram", "youtube"]);
  for (const c of connections) {
    const v = await app.gql(`mutation($id: ID!) { verifyPlatformConnection(id: $id) { id isVerified lastError platformUsername } }`, { id: c.id }, { token: t });
    expect(v.errors).toBeUndefined();
    expect(v.data.verifyPlatformConnection).toMatchObject({ isVerified: true, lastError: null });
  }
  const youtube = r.socialAccounts.edges.map((e: any) => e.node).find((a: any) => a.accountName === "Ada Quill Studio");
  const instagram = r.socialAccounts.edges.map((e: any) => e.node).find((a: any) => a.accountName === "@ada.paints");
  for (const account of [youtube, instagram]) {
    const s = await app.gql(`mutation($id: ID!) { syncSocialAccount(id: $id) { created updated unchanged } }`, { id: account.id }, { token: t });
    expect(s.errors).toBeUndefined();
    const result = s.data.syncSocialAccount;
    // The fixture set mirrors the seeded items (with grown counts): they are found, not duplicated.
    expect(result.created).toBe(0);
    expect(result.updated + result.unchanged).toBeGreaterThan(0);
  }
});

const EARNINGS = `{ viewer { earnings { balances { currency pending paidOut } payoutAccount { status payoutsEnabled } payouts(first: 5) { totalCount } } } }`;

it("ada: payouts enabled, \`viewer { earnings { balances payouts } }\` answers", async () => {
  const e = (await app.ok(EARNINGS, {}, { token: await signIn("ada@demo.test") })).viewer.earnings;
  expect(e.payoutAccount).toMatchObject({ status: "ENABLED", payoutsEnabled: true });
  expect(e.balances.length).toBeGreaterThan(0);
  expect(e.payouts.totalCount).toBeGreaterThanOrEqual(0);
});

it("ben: payout onboarding started, earnings pending", async () => {
  const e = (await app.ok(EARNINGS, {}, { token: await signIn("ben@demo.test") })).viewer.earnings;
  expect(e.payoutAccount.payoutsEnabled).toBe(false);
  expect(e.payoutAccount.status).not.toBe("ENABLED");
  expect(e.balances.some((b: any) => Number(b.pending) > 0)).toBe(true);
});

it("the integrations.auto-sync job syncs the seeded AUTO account without an error", async () => {
  const errors: unknown[] = [];
  const runtime = { ...app.runtime, log: Object.assign(Object.create(app.runtime.log), { child: () => ({ ...app.runtime.log, error: (...a: unknown[]) => errors.push(a) }) }) };
  await app.prisma.socialAccount.updateMany({ where: { syncMode: "AUTO" }, data: { nextSyncAt: new Date(NOW.getTime() - 1000) } });
  const result = await syncDueAccounts(jobContext(runtime as any, "integrations.auto-sync"));
  expect(result).toEqual({ synced: 1, failed: 0 });
  expect(errors).toEqual([]);
});

it("ben: audio, The Lighthouse Keeper's Choice with gated choices, the free plan", async () => {
  const t = await signIn("ben@demo.test");
  const r = await app.ok(
    `{ viewer { id subscription { tier { slug } } } contents(first: 50, mediaType: AUDIO) { edges { node { creator { id } } } }
       stories(first: 20, mine: true) { edges { node { title } } } }`,
    {},
    { token: t },
  );
  expect(r.viewer.subscription?.tier.slug ?? "free").toBe("free");
  expect(r.contents.edges.some((e: any) => e.node.creator.id === r.viewer.id)).toBe(true);
  expect(r.stories.edges.map((e: any) => e.node.title)).toContain("The Lighthouse Keeper's Choice");
});

it("cleo: writing guides, Clockwork Garden, the manuscript-review offering", async () => {
  const t = await signIn("cleo@demo.test");
  const me = await app.ok(`{ viewer { id } }`, {}, { token: t });
  const r = await app.ok(
    `query($c: ID!) { contents(first: 50, mediaType: WRITTEN) { edges { node { creator { id } } } }
       stories(first: 20, mine: true) { edges { node { title } } } offerings(first: 20, creatorId: $c) { edges { node { title } } } }`,
    { c: me.viewer.id },
    { token: t },
  );
  expect(r.contents.edges.some((e: any) => e.node.creator.id === me.viewer.id)).toBe(true);
  expect(r.stories.edges.map((e: any) => e.node.title)).toContain("Clockwork Garden");
  expect(r.offerings.edges.map((e: any) => e.node.title.toLowerCase()).join(" ")).toContain("manuscript");
});

const FAN = `{ viewer { emailVerified creditBalance subscription { status cancelAtPeriodEnd tier { slug } }
  purchases(first: 20) { edges { node { status } } } payments(first: 20) { edges { node { status } } }
  offeringBookings(first: 10) { totalCount } } messageInbox(first: 5) { totalCount } }`;

it("fan1: a premium subscription, purchases, credits and a completed story", async () => {
  const r = await app.ok(FAN, {}, { token: await signIn("fan1@demo.test") });
  expect(r.viewer.subscription).toMatchObject({ status: "ACTIVE", tier: { slug: expect.stringMatching(/premium/) } });
  expect(r.viewer.purchases.edges.length).toBeGreaterThan(0);
  expect(r.viewer.creditBalance).toBeGreaterThan(0);
  const fan1 = await app.prisma.user.findUniqueOrThrow({ where: { email: "fan1@demo.test" } });
  expect(await app.prisma.userStoryProgress.count({ where: { userId: fan1.id, completedAt: { not: null } } })).toBeGreaterThan(0);
});

it("fan2: a trialing subscription, bookings and a message thread", async () => {
  const r = await app.ok(FAN, {}, { token: await signIn("fan2@demo.test") });
  expect(r.viewer.subscription.status).toBe("TRIALING");
  expect(r.viewer.offeringBookings.totalCount).toBeGreaterThan(0);
  expect(r.messageInbox.totalCount).toBeGreaterThan(0);
});

it("fan3: past due; fan4: cancel at period end and a refunded purchase; fan5: unverified, a pending payment", async () => {
  expect((await app.ok(FAN, {}, { token: await signIn("fan3@demo.test") })).viewer.subscription.status).toBe("PAST_DUE");
  const fan4 = (await app.ok(FAN, {}, { token: await signIn("fan4@demo.test") })).viewer;
  expect(fan4.subscription.cancelAtPeriodEnd).toBe(true);
  expect(fan4.purchases.edges.map((e: any) => e.node.status)).toContain("REFUNDED");
  const fan5 = (await app.ok(FAN, {}, { token: await signIn("fan5@demo.test") })).viewer;
  expect(fan5.emailVerified).toBe(false);
  expect(fan5.payments.edges.map((e: any) => e.node.status)).toContain("PENDING");
  // The README's promise for fan5: paying answers FORBIDDEN (EMAIL_NOT_VERIFIED).
  const fan5Token = await signIn("fan5@demo.test");
  const ada = await app.prisma.user.findUniqueOrThrow({ where: { email: "ada@demo.test" } });
  const tip = await app.gql(`mutation($c: ID!) { tipCreator(creatorId: $c, amount: "3.00", currency: "USD", idempotencyKey: "demo-fan5-tip") { __typename } }`, { c: Buffer.from(`User:${ada.id}`).toString("base64url") }, { token: fan5Token });
  expect(tip.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "EMAIL_NOT_VERIFIED" });
  const paid = await app.prisma.content.findFirstOrThrow({ where: { creatorId: ada.id, deletedAt: null, status: "PUBLISHED", price: { gt: 0 } } });
  const buy = await app.gql(`mutation($c: ID!) { purchaseContent(contentId: $c, idempotencyKey: "demo-fan5-buy") { __typename } }`, { c: Buffer.from(`Content:${paid.id}`).toString("base64url") }, { token: fan5Token });
  expect(buy.errors?.[0].extensions).toMatchObject({ code: "FORBIDDEN", reason: "EMAIL_NOT_VERIFIED" });
});

it("expired-admin: the expired ADMIN role grants nothing", async () => {
  const r = await app.gql(`{ auditLogs(first: 1) { totalCount } }`, {}, { token: await signIn("expired-admin@demo.test") });
  expect(errorCode(r)).toBe("FORBIDDEN");
});
