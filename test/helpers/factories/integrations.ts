// Rows for the integrations and SEO tests (created with app.prisma), plus a private copy of the
// platform fixtures and a private secrets directory per test app.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Role } from "../../../src/generated/prisma/client.ts";
import { encodeGlobalId } from "../../../src/core/ids.ts";
import { createTestApp, type TestApp } from "../app.ts";

export const FIXTURES = path.resolve(__dirname, "../../../fixtures/platforms");

export interface IntegrationsTestApp extends TestApp {
  fixturesDir: string;
  secretsDir: string;
}

/** A test app whose platform fixtures (a copy, tests may edit it) and vault directory are its own. */
export async function createIntegrationsApp(env: Record<string, string> = {}): Promise<IntegrationsTestApp> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "gw-integrations-"));
  const fixturesDir = path.join(root, "platforms");
  const secretsDir = path.join(root, "secrets");
  fs.cpSync(FIXTURES, fixturesDir, { recursive: true });
  const app = await createTestApp({ env: { SECRETS_STORE: "file", SECRETS_DIR: secretsDir, PLATFORM_FIXTURES_DIR: fixturesDir, ...env } });
  const close = app.close;
  return Object.assign(app, {
    fixturesDir,
    secretsDir,
    async close() {
      await close();
      fs.rmSync(root, { recursive: true, force: true });
    },
  });
}

export const gid = (type: string, id: string) => encodeGlobalId(type, id);

export async function makeUser(app: TestApp, roles: Role[] = ["MEMBER", "CREATOR"], email?: string) {
  const user = await app.prisma.user.create({
    data: {
      email: email ?? `u-${randomBytes(5).toString("hex")}@example.test`,
      roles: { create: roles.map((role) => ({ role })) },
    },
  });
  return { ...user, token: await app.token(user.id) };
}

export interface Caps {
  maxSocialAccounts?: number;
  maxSyncsPerMonth?: number;
  maxAiAnalysesPerMonth?: number;
  maxSeoSubmissionsPerMonth?: number;
}

/** The "free" tier that quota consumption falls back to. */
export async function freeTier(app: TestApp, caps: Caps = {}) {
  const data = { maxSocialAccounts: 2, maxSyncsPerMonth: 5, maxAiAnalysesPerMonth: 5, maxSeoSubmissionsPerMonth: 5, ...caps };
  return app.prisma.subscriptionTier.upsert({ where: { slug: "free" }, create: { slug: "free", name: "Free", ...data }, update: data });
}

export async function lookups(app: TestApp) {
  const youtube = await app.prisma.platform.upsert({ where: { slug: "youtube" }, create: { slug: "youtube", displayName: "YouTube", sortOrder: 1 }, update: {} });
  const tiktok = await app.prisma.platform.upsert({ where: { slug: "tiktok" }, create: { slug: "tiktok", displayName: "TikTok", sortOrder: 2 }, update: {} });
  for (const [slug, displayName] of [
    ["long_video", "Long video"],
    ["short_video", "Short video"],
  ]) {
    await app.prisma.socialContentType.upsert({ where: { slug }, create: { slug, displayName }, update: {} });
  }
  await app.prisma.accountStatus.upsert({ where: { slug: "active" }, create: { slug: "active", displayName: "Active" }, update: {} });
  return { youtube, tiktok };
}

const CONNECT = `mutation($input: ConnectPlatformInput!) { connectPlatform(input: $input) { id isActive isVerified platformUserId } }`;
const ADD = `mutation($input: AddSocialAccountInput!) { addSocialAccount(input: $input) { id accountName followerCount syncMode } }`;

/** Connects a platform through the API and returns the connection's global id. */
export async function connect(app: TestApp, token: string, platformId: string, accessToken = `tok-${randomUUID()}`) {
  const r = await app.ok(CONNECT, { input: { platform: gid("Platform", platformId), accessToken } }, { token });
  return { gid: r.connectPlatform.id as string, accessToken };
}

export async function addAccount(app: TestApp, token: string, connectionGid: string, platformAccountId: string, syncMode = "MANUAL") {
  const r = await app.ok(ADD, { input: { connection: connectionGid, platformAccountId, syncMode } }, { token });
  return r.addSocialAccount.id as string;
}

export const SYNC = `mutation($id: ID!) { syncSocialAccount(id: $id) { created updated unchanged revisionsRecorded quota { used limit resetsAt } } }`;

/** A creator with a YouTube connection and the fixture account, synced once. */
export async function syncedCreator(app: TestApp, platform: { id: string }, platformAccountId = "UC-maya-kitchen") {
  const user = await makeUser(app);
  const { gid: connectionGid, accessToken } = await connect(app, user.token, platform.id);
  const accountGid = await addAccount(app, user.token, connectionGid, platformAccountId);
  await app.ok(SYNC, { id: accountGid }, { token: user.token });
  return { user, connectionGid, accountGid, accessToken };
}

export function editFixture(app: IntegrationsTestApp, platform: string, account: string, edit: (json: any) => void) {
  const file = path.join(app.fixturesDir, platform, "accounts", `${account}.json`);
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  edit(json);
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

export async function itemIdByPlatformId(app: TestApp, platformContentId: string) {
  const row = await app.prisma.contentItem.findFirstOrThrow({ where: { platformContentId } });
  return row.id;
}
