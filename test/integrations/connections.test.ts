// Platform connections and social accounts: the token goes to the vault, the row keeps a
// reference; verify / deactivate / reconnect; the plan's social-account cap; ownership.
import fs from "node:fs";
import path from "node:path";
import { errorCode } from "../helpers/app.ts";
import {
  addAccount,
  connect,
  createIntegrationsApp,
  freeTier,
  gid,
  lookups,
  makeUser,
  type IntegrationsTestApp,
} from "../helpers/factories/integrations.ts";

let app: IntegrationsTestApp;
let platforms: Awaited<ReturnType<typeof lookups>>;

beforeAll(async () => {
  app = await createIntegrationsApp();
  platforms = await lookups(app);
  await freeTier(app, { maxSocialAccounts: 1 });
});
afterAll(() => app.close());

const vaultFiles = () => (fs.existsSync(app.secretsDir) ? fs.readdirSync(app.secretsDir) : []);
const dbId = (globalId: string) => Buffer.from(globalId, "base64url").toString().split(":")[1];

const CONNECTIONS = `{ platformConnections { totalCount edges { node { id isActive platform { slug } socialAccounts { totalCount } } } } }`;

describe("connecting a platform", () => {
  it("keeps only a vault reference in the row and the token in the vault", async () => {
    const creator = await makeUser(app);
    const { gid: connectionGid, accessToken } = await connect(app, creator.token, platforms.youtube.id, "ya29.very-secret-access-token");
    const row = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: dbId(connectionGid) } });
    expect(row.vaultSecretName).toMatch(/^platform-connection\/[0-9a-f-]{36}$/);
    expect(JSON.stringify(row)).not.toContain(accessToken);
    expect(row).toMatchObject({ isActive: true, isVerified: true, platformUserId: "yt-user-maya", platformUsername: "mayaskitchen" });
    const stored = await app.runtime.services.secrets.get(row.vaultSecretName);
    expect(JSON.parse(stored!)).toEqual({ accessToken, refreshToken: null });
    const mode = fs.statSync(path.join(app.secretsDir, row.vaultSecretName.replace("/", "__"))).mode & 0o777;
    expect(mode).toBe(0o600);
    const audit = await app.prisma.auditLog.findFirstOrThrow({ where: { action: "platform_connection.connect", entityId: row.id } });
    expect(JSON.stringify(audit)).not.toContain(accessToken);
  });

  it("refuses a token the platform rejects, and writes nothing", async () => {
    const creator = await makeUser(app);
    const before = vaultFiles().length;
    const r = await app.gql(`mutation($i: ConnectPlatformInput!) { connectPlatform(input: $i) { id } }`, { i: { platform: gid("Platform", platforms.youtube.id), accessToken: "revoked-123" } }, { token: creator.token });
    expect(errorCode(r)).toBe("BAD_USER_INPUT");
    expect(r.errors![0].extensions!.field).toBe("accessToken");
    expect(r.errors![0].message).not.toContain("revoked-123");
    expect(vaultFiles().length).toBe(before);
    expect(await app.prisma.platformConnection.count({ where: { userId: creator.id } })).toBe(0);
  });

  it("needs the CREATOR role, and a sign-in", async () => {
    const member = await makeUser(app, ["MEMBER"]);
    const q = `mutation($i: ConnectPlatformInput!) { connectPlatform(input: $i) { id } }`;
    const vars = { i: { platform: gid("Platform", platforms.youtube.id), accessToken: "t" } };
    expect(errorCode(await app.gql(q, vars, { token: member.token }))).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(q, vars))).toBe("UNAUTHENTICATED");
  });

  it("reconnecting the same platform account replaces the token and drops the old vault entry", async () => {
    const creator = await makeUser(app);
    const first = await connect(app, creator.token, platforms.youtube.id, "first-token");
    const before = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: dbId(first.gid) } });
    await app.ok(`mutation($id: ID!) { deactivatePlatformConnection(id: $id) { isActive } }`, { id: first.gid }, { token: creator.token });
    const second = await connect(app, creator.token, platforms.youtube.id, "second-token");
    expect(second.gid).toBe(first.gid);
    const after = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: dbId(first.gid) } });
    expect(after.isActive).toBe(true);
    expect(after.vaultSecretName).not.toBe(before.vaultSecretName);
    expect(await app.runtime.services.secrets.get(before.vaultSecretName)).toBeNull();
    expect(JSON.parse((await app.runtime.services.secrets.get(after.vaultSecretName))!).accessToken).toBe("second-token");
    expect(await app.prisma.auditLog.count({ where: { action: "platform_connection.reconnect", entityId: after.id } })).toBe(1);
  });

  it("verify records a token the platform now refuses", async () => {
    const creator = await makeUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    const row = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: dbId(c.gid) } });
    await app.runtime.services.secrets.put(row.vaultSecretName, JSON.stringify({ accessToken: "revoked-by-user" }));
    const r = await app.ok(`mutation($id: ID!) { verifyPlatformConnection(id: $id) { isVerified lastError lastVerifiedAt } }`, { id: c.gid }, { token: creator.token });
    expect(r.verifyPlatformConnection).toMatchObject({ isVerified: false, lastError: expect.stringContaining("refused") });
    expect(r.verifyPlatformConnection.lastVerifiedAt).not.toBeNull();
  });

  it("deactivate disables the accounts' sync and deletes the token from the vault", async () => {
    const creator = await makeUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    const accountGid = await addAccount(app, creator.token, c.gid, "UC-maya-kitchen", "AUTO");
    const row = await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: dbId(c.gid) } });
    const r = await app.ok(`mutation($id: ID!) { deactivatePlatformConnection(id: $id) { isActive isVerified } }`, { id: c.gid }, { token: creator.token });
    expect(r.deactivatePlatformConnection).toEqual({ isActive: false, isVerified: false });
    expect(await app.runtime.services.secrets.get(row.vaultSecretName)).toBeNull();
    const account = await app.prisma.socialAccount.findUniqueOrThrow({ where: { id: dbId(accountGid) } });
    expect(account).toMatchObject({ syncMode: "DISABLED", nextSyncAt: null });
    const sync = await app.gql(`mutation($id: ID!) { syncSocialAccount(id: $id) { created } }`, { id: accountGid }, { token: creator.token });
    expect(errorCode(sync)).toBe("CONFLICT");
    expect(sync.errors![0].extensions!.reason).toBe("CONNECTION_INACTIVE");
  });
});

describe("social accounts", () => {
  it("adds an account with the platform's details and counts", async () => {
    const creator = await makeUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    const r = await app.ok(
      `mutation($i: AddSocialAccountInput!) { addSocialAccount(input: $i) { accountName accountUrl followerCount postCount syncMode nextSyncAt visibility status { slug } connection { id } } }`,
      { i: { connection: c.gid, platformAccountId: "UC-maya-kitchen", syncMode: "AUTO" } },
      { token: creator.token },
    );
    expect(r.addSocialAccount).toMatchObject({
      accountName: "Maya's Kitchen",
      accountUrl: "https://www.youtube.com/@mayaskitchen",
      followerCount: 48210,
      postCount: 5,
      syncMode: "AUTO",
      visibility: "PRIVATE",
      status: { slug: "active" },
      connection: { id: c.gid },
    });
    expect(r.addSocialAccount.nextSyncAt).not.toBeNull();
  });

  it("enforces the plan's max social accounts, and removing one frees the slot", async () => {
    const creator = await makeUser(app);
    const yt = await connect(app, creator.token, platforms.youtube.id);
    const tt = await connect(app, creator.token, platforms.tiktok.id);
    const first = await addAccount(app, creator.token, yt.gid, "UC-maya-kitchen");
    const r = await app.gql(`mutation($i: AddSocialAccountInput!) { addSocialAccount(input: $i) { id } }`, { i: { connection: tt.gid, platformAccountId: "devdan" } }, { token: creator.token });
    expect(errorCode(r)).toBe("QUOTA_EXCEEDED");
    expect(r.errors![0].extensions).toMatchObject({ quota: "SOCIAL_ACCOUNT", limit: 1, used: 1 });
    expect(await app.prisma.socialAccount.count({ where: { userId: creator.id } })).toBe(1);

    await app.ok(`mutation($id: ID!) { removeSocialAccount(id: $id) { deletedAt } }`, { id: first }, { token: creator.token });
    await addAccount(app, creator.token, tt.gid, "devdan");
    const history = await app.prisma.quotaUsageHistory.findMany({ where: { userId: creator.id, quotaKind: "SOCIAL_ACCOUNT" }, orderBy: { createdAt: "asc" } });
    expect(history.map((h) => [h.operation, h.currentValue, h.maxValue])).toEqual([
      ["INCREMENT", 1, 1],
      ["DECREMENT", 0, 1],
      ["INCREMENT", 1, 1],
    ]);
    // A removed account is gone for its owner (lists and node)...
    const list = await app.ok(`{ socialAccounts { totalCount } node(id: "${first}") { id } }`, {}, { token: creator.token });
    expect(list).toEqual({ socialAccounts: { totalCount: 1 }, node: null });
  });

  it("refuses adding the same account twice, and a platform account that does not exist", async () => {
    await app.prisma.subscriptionTier.update({ where: { slug: "free" }, data: { maxSocialAccounts: 5 } });
    try {
      const creator = await makeUser(app);
      const c = await connect(app, creator.token, platforms.youtube.id);
      await addAccount(app, creator.token, c.gid, "UC-maya-kitchen");
      const q = `mutation($i: AddSocialAccountInput!) { addSocialAccount(input: $i) { id } }`;
      const dup = await app.gql(q, { i: { connection: c.gid, platformAccountId: "UC-maya-kitchen" } }, { token: creator.token });
      expect(errorCode(dup)).toBe("CONFLICT");
      expect(dup.errors![0].extensions!.reason).toBe("ACCOUNT_ALREADY_ADDED");
      expect(errorCode(await app.gql(q, { i: { connection: c.gid, platformAccountId: "no-such-channel" } }, { token: creator.token }))).toBe("NOT_FOUND");
      expect(errorCode(await app.gql(q, { i: { connection: c.gid, platformAccountId: "../../profile" } }, { token: creator.token }))).toBe("NOT_FOUND");
    } finally {
      await app.prisma.subscriptionTier.update({ where: { slug: "free" }, data: { maxSocialAccounts: 1 } });
    }
  });

  it("updates sync mode, visibility and the primary flag", async () => {
    const creator = await makeUser(app);
    const c = await connect(app, creator.token, platforms.youtube.id);
    const account = await addAccount(app, creator.token, c.gid, "UC-maya-kitchen");
    const r = await app.ok(
      `mutation($id: ID!, $i: UpdateSocialAccountInput!) { updateSocialAccount(id: $id, input: $i) { syncMode nextSyncAt visibility isPrimary } }`,
      { id: account, i: { syncMode: "AUTO", visibility: "PUBLIC", isPrimary: true } },
      { token: creator.token },
    );
    expect(r.updateSocialAccount).toMatchObject({ syncMode: "AUTO", visibility: "PUBLIC", isPrimary: true });
    expect(r.updateSocialAccount.nextSyncAt).not.toBeNull();
    const empty = await app.gql(`mutation($id: ID!) { updateSocialAccount(id: $id, input: {}) { id } }`, { id: account }, { token: creator.token });
    expect(errorCode(empty)).toBe("BAD_USER_INPUT");
  });
});

describe("ownership", () => {
  it("a creator never sees or touches another creator's connections and accounts; admins see all", async () => {
    const alice = await makeUser(app);
    const bob = await makeUser(app);
    const admin = await makeUser(app, ["ADMIN"]);
    const a = await connect(app, alice.token, platforms.youtube.id);
    const b = await connect(app, bob.token, platforms.tiktok.id);
    const bAccount = await addAccount(app, bob.token, b.gid, "devdan");

    const seenByAlice = await app.ok(CONNECTIONS, {}, { token: alice.token });
    const ids = seenByAlice.platformConnections.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(ids).toEqual([a.gid]);
    expect(seenByAlice.platformConnections.totalCount).toBe(1);

    const nodes = await app.ok(`query($c: ID!, $s: ID!) { c: node(id: $c) { id } s: node(id: $s) { id } accounts: socialAccounts { totalCount } }`, { c: b.gid, s: bAccount }, { token: alice.token });
    expect(nodes).toEqual({ c: null, s: null, accounts: { totalCount: 0 } });

    for (const [q, vars] of [
      [`mutation($id: ID!) { verifyPlatformConnection(id: $id) { id } }`, { id: b.gid }],
      [`mutation($id: ID!) { deactivatePlatformConnection(id: $id) { id } }`, { id: b.gid }],
      [`mutation($id: ID!) { syncSocialAccount(id: $id) { created } }`, { id: bAccount }],
      [`mutation($id: ID!) { removeSocialAccount(id: $id) { id } }`, { id: bAccount }],
      [`mutation($id: ID!) { updateSocialAccount(id: $id, input: { syncMode: AUTO }) { id } }`, { id: bAccount }],
      [`mutation($i: AddSocialAccountInput!) { addSocialAccount(input: $i) { id } }`, { i: { connection: b.gid, platformAccountId: "devdan" } }],
    ] as const) {
      expect([q, errorCode(await app.gql(q, vars, { token: alice.token }))]).toEqual([q, "NOT_FOUND"]);
    }
    expect((await app.prisma.platformConnection.findUniqueOrThrow({ where: { id: dbId(b.gid) } })).isActive).toBe(true);

    const seenByAdmin = await app.ok(`query($c: ID!) { platformConnections { totalCount } node(id: $c) { id } }`, { c: b.gid }, { token: admin.token });
    expect(seenByAdmin.platformConnections.totalCount).toBeGreaterThanOrEqual(2);
    expect(seenByAdmin.node).toEqual({ id: b.gid });
    expect(errorCode(await app.gql(CONNECTIONS))).toBe("UNAUTHENTICATED");
  });
});
