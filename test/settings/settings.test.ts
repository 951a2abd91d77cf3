// Platform settings (singleton, featured content as rows), app key/values and per-user settings
// with defaults when none are stored.
import { createTestApp, errorCode, type TestApp } from "../helpers/app.ts";
import { gid, makeAdmin, makeContent, makeUser, type TestUser } from "../helpers/factories/site.ts";
import { USER_AI_SETTINGS_DEFAULTS, USER_SETTINGS_DEFAULTS } from "../../src/domains/settings/service.ts";

let app: TestApp;
let admin: TestUser;
let member: TestUser;

beforeAll(async () => {
  app = await createTestApp();
  admin = await makeAdmin(app);
  member = await makeUser(app);
});
afterAll(() => app.close());

const SETTINGS = `{ platformSettings { id platformName primaryColor heroTitle heroCtaLink contactEmail socialLinks aboutContent timezone featuredContent { id title } } }`;
const UPDATE = `mutation($input: PlatformSettingsInput!) { updatePlatformSettings(input: $input) { platformName primaryColor heroTitle heroCtaLink socialLinks featuredContent { title } } }`;

describe("platform settings", () => {
  it("are readable by anyone, with the column defaults before anything was saved", async () => {
    const data = await app.ok(SETTINGS);
    expect(data.platformSettings).toMatchObject({
      platformName: "My Platform",
      primaryColor: "#3b82f6",
      heroTitle: null,
      socialLinks: {},
      timezone: "UTC",
      featuredContent: [],
    });
    // Reading twice keeps one row.
    await app.ok(SETTINGS);
    expect(await app.prisma.platformSettings.count()).toBe(1);
  });

  it("are written by admins only", async () => {
    const input = { platformName: "Nope" };
    expect(errorCode(await app.gql(UPDATE, { input }))).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(UPDATE, { input }, { token: member.token }))).toBe("FORBIDDEN");
    expect((await app.ok(SETTINGS)).platformSettings.platformName).toBe("My Platform");
  });

  it("stores branding, hero, contact, social links and the featured list in order, with one audit row", async () => {
    const c1 = await makeContent(app, admin.id, { title: "First" });
    const c2 = await makeContent(app, admin.id, { title: "Second" });
    const draft = await makeContent(app, admin.id, { title: "Draft", status: "DRAFT" });
    const input = {
      platformName: "Creator Hub",
      primaryColor: "#112233",
      heroTitle: "Stories that branch",
      heroCtaLink: "/pricing",
      contactEmail: "Hello@Example.test",
      socialLinks: { instagram: "https://instagram.com/hub" },
      aboutContent: "<p>About us</p>",
      timezone: "Europe/Paris",
      featuredContentIds: [gid("Content", c2.id), gid("Content", draft.id), gid("Content", c1.id)],
    };
    const data = await app.ok(UPDATE, { input }, { token: admin.token });
    expect(data.updatePlatformSettings).toMatchObject({
      platformName: "Creator Hub",
      primaryColor: "#112233",
      heroCtaLink: "/pricing",
      socialLinks: { instagram: "https://instagram.com/hub" },
      featuredContent: [{ title: "Second" }, { title: "Draft" }, { title: "First" }],
    });
    // The public sees the published featured items only, in order.
    const pub = await app.ok(SETTINGS);
    expect(pub.platformSettings.featuredContent.map((c: { title: string }) => c.title)).toEqual(["Second", "First"]);
    expect(pub.platformSettings.contactEmail).toBe("hello@example.test");
    const rows = await app.prisma.platformFeaturedContent.findMany({ orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.contentId, r.position])).toEqual([[c2.id, 0], [draft.id, 1], [c1.id, 2]]);

    const audit = await app.prisma.auditLog.findMany({ where: { action: "platform_settings.update" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id, entityType: "PlatformSettings" });
    expect(audit[0].oldValues).toMatchObject({ platformName: "My Platform", featuredContentIds: [] });
    expect(audit[0].newValues).toMatchObject({ platformName: "Creator Hub", featuredContentIds: [c2.id, draft.id, c1.id] });
    // Absent fields keep their value.
    const again = await app.ok(UPDATE, { input: { heroTitle: null } }, { token: admin.token });
    expect(again.updatePlatformSettings).toMatchObject({ platformName: "Creator Hub", heroTitle: null });
    expect(again.updatePlatformSettings.featuredContent).toHaveLength(3);
  });

  it("rejects bad input naming the field and changes nothing", async () => {
    const before = await app.prisma.platformSettings.findFirstOrThrow();
    for (const [input, field] of [
      [{ primaryColor: "blue", platformName: "Changed" }, "primaryColor"],
      [{ socialLinks: { instagram: "javascript:alert(1)" } }, "socialLinks.instagram"],
      [{ timezone: "Mars/Olympus" }, "timezone"],
      [{ heroCtaLink: "//evil.test" }, "heroCtaLink"],
      [{ featuredContentIds: [gid("Content", "00000000-0000-4000-8000-000000000000")] }, "featuredContentIds"],
    ] as const) {
      const r = await app.gql(UPDATE, { input }, { token: admin.token });
      expect({ field, code: errorCode(r), reported: r.errors?.[0].extensions?.field }).toEqual({ field, code: "BAD_USER_INPUT", reported: field });
    }
    const after = await app.prisma.platformSettings.findFirstOrThrow();
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(after.platformName).toBe(before.platformName);
  });

  it("shows the Stripe account id to admins only", async () => {
    await app.ok(UPDATE, { input: { stripeAccountId: "acct_123ABC" } }, { token: admin.token });
    const q = `{ platformSettings { platformName stripeAccountId } }`;
    expect((await app.ok(q, {}, { token: admin.token })).platformSettings.stripeAccountId).toBe("acct_123ABC");
    const anon = await app.gql(q);
    expect(anon.data.platformSettings).toEqual({ platformName: "Creator Hub", stripeAccountId: null });
    expect(errorCode(anon)).toBe("UNAUTHENTICATED");
    expect(errorCode(await app.gql(q, {}, { token: member.token }))).toBe("FORBIDDEN");
  });
});

describe("app settings (key/value)", () => {
  const SET = `mutation($key: String!, $value: JSON!, $isPublic: Boolean) { setAppSetting(key: $key, value: $value, isPublic: $isPublic) { key value isPublic } }`;
  const LIST = `{ appSettings(first: 50) { totalCount edges { node { key value } } } }`;

  it("admins set keys; the public reads public ones only, admins read all", async () => {
    expect(errorCode(await app.gql(SET, { key: "x", value: 1 }, { token: member.token }))).toBe("FORBIDDEN");
    await app.ok(SET, { key: "signup.enabled", value: true, isPublic: true }, { token: admin.token });
    await app.ok(SET, { key: "limits.upload_mb", value: { max: 500 } }, { token: admin.token });

    const anon = await app.ok(LIST);
    expect(anon.appSettings.totalCount).toBe(1);
    expect(anon.appSettings.edges[0].node).toEqual({ key: "signup.enabled", value: true });
    expect((await app.ok(`{ appSetting(key: "limits.upload_mb") { value } }`)).appSetting).toBeNull();
    expect((await app.ok(`{ appSetting(key: "limits.upload_mb") { value } }`, {}, { token: admin.token })).appSetting).toEqual({ value: { max: 500 } });
    expect((await app.ok(LIST, {}, { token: admin.token })).appSettings.totalCount).toBe(2);

    // Replacing a value keeps the key unique and is audited as an update.
    const r = await app.ok(SET, { key: "limits.upload_mb", value: { max: 750 } }, { token: admin.token });
    expect(r.setAppSetting).toEqual({ key: "limits.upload_mb", value: { max: 750 }, isPublic: false });
    const audits = await app.prisma.auditLog.findMany({ where: { entityType: "AppSetting" }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["app_setting.create", "app_setting.create", "app_setting.update"]);
    expect(audits[2].oldValues).toMatchObject({ value: { max: 500 } });
  });

  it("validates keys and deletes with NOT_FOUND for unknown keys", async () => {
    const bad = await app.gql(SET, { key: "Bad Key!", value: 1 }, { token: admin.token });
    expect(errorCode(bad)).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0].extensions?.field).toBe("key");
    const del = `mutation($key: String!) { deleteAppSetting(key: $key) }`;
    expect(errorCode(await app.gql(del, { key: "nope" }, { token: admin.token }))).toBe("NOT_FOUND");
    await app.ok(SET, { key: "temp", value: "x" }, { token: admin.token });
    expect((await app.ok(del, { key: "temp" }, { token: admin.token })).deleteAppSetting).toBe(true);
    expect(await app.prisma.appSetting.findUnique({ where: { key: "temp" } })).toBeNull();
  });
});

describe("per-user settings", () => {
  const MINE = `{ viewer { settings { stored emailNotificationsEnabled pushNotificationsEnabled weeklyDigestEnabled notificationPreferences
    autoSyncEnabled syncFrequencyHours autoAiAnalysisEnabled autoApplyAiSuggestionsEnabled autoSeoSubmissionEnabled profilePublic
    analyticsEnabled theme locale ai { stored tone language preferredProviderId preferredModelId } } } }`;
  const UPDATE_MINE = `mutation($input: UpdateMySettingsInput!) { updateMySettings(input: $input) { stored syncFrequencyHours analyticsEnabled theme weeklyDigestEnabled notificationPreferences ai { stored tone preferredProviderId preferredModelId } } }`;

  it("returns the defaults when the user never saved settings, and they equal the database defaults", async () => {
    const u = await makeUser(app);
    const s = (await app.ok(MINE, {}, { token: u.token })).viewer.settings;
    expect(s).toEqual({
      stored: false,
      emailNotificationsEnabled: true,
      pushNotificationsEnabled: true,
      weeklyDigestEnabled: false,
      notificationPreferences: {},
      autoSyncEnabled: false,
      syncFrequencyHours: 24,
      autoAiAnalysisEnabled: false,
      autoApplyAiSuggestionsEnabled: false,
      autoSeoSubmissionEnabled: false,
      profilePublic: true,
      analyticsEnabled: true,
      theme: "auto",
      locale: null,
      ai: { stored: false, tone: "professional", language: null, preferredProviderId: null, preferredModelId: null },
    });
    expect(await app.prisma.userSettings.count({ where: { userId: u.id } })).toBe(0);
    // The hard-coded defaults are the columns' defaults.
    const row = await app.prisma.userSettings.create({ data: { userId: u.id } });
    const ai = await app.prisma.userAiSetting.create({ data: { userId: u.id } });
    for (const [k, v] of Object.entries(USER_SETTINGS_DEFAULTS)) expect([k, (row as Record<string, unknown>)[k]]).toEqual([k, v]);
    for (const [k, v] of Object.entries(USER_AI_SETTINGS_DEFAULTS)) expect([k, (ai as Record<string, unknown>)[k]]).toEqual([k, v]);
  });

  it("stores the first change, keeps absent fields, and audits the change", async () => {
    const u = await makeUser(app);
    const r1 = await app.ok(UPDATE_MINE, { input: { analyticsEnabled: false, syncFrequencyHours: 6 } }, { token: u.token });
    expect(r1.updateMySettings).toMatchObject({ stored: true, analyticsEnabled: false, syncFrequencyHours: 6, theme: "auto", ai: { stored: false } });
    const r2 = await app.ok(UPDATE_MINE, { input: { theme: "dark", notificationPreferences: { COMMENT_REPLY: { inApp: false } } } }, { token: u.token });
    expect(r2.updateMySettings).toMatchObject({ analyticsEnabled: false, syncFrequencyHours: 6, theme: "dark", notificationPreferences: { COMMENT_REPLY: { inApp: false } } });
    expect(await app.prisma.userSettings.count({ where: { userId: u.id } })).toBe(1);
    const audits = await app.prisma.auditLog.findMany({ where: { actorId: u.id, action: "user_settings.update" }, orderBy: { createdAt: "asc" } });
    expect(audits).toHaveLength(2);
    expect(audits[0].oldValues).toEqual({ isAnalyticsEnabled: true, syncFrequencyHours: 24 });
    expect(audits[0].newValues).toEqual({ isAnalyticsEnabled: false, syncFrequencyHours: 6 });
  });

  it("validates input and writes nothing on error", async () => {
    const u = await makeUser(app);
    for (const [input, field] of [
      [{ syncFrequencyHours: 0 }, "syncFrequencyHours"],
      [{ theme: "neon" }, "theme"],
      [{ notificationPreferences: { NOT_A_TYPE: { inApp: false } } }, "notificationPreferences"],
      [{ notificationPreferences: { COMMENT_REPLY: { sms: true } } }, "notificationPreferences.COMMENT_REPLY"],
      [{ ai: { preferredProviderId: gid("User", u.id) } }, "ai.preferredProviderId"],
    ] as const) {
      const r = await app.gql(UPDATE_MINE, { input: { analyticsEnabled: false, ...input } }, { token: u.token });
      expect({ field, code: errorCode(r), reported: r.errors?.[0].extensions?.field }).toEqual({ field, code: "BAD_USER_INPUT", reported: field });
    }
    expect(await app.prisma.userSettings.count({ where: { userId: u.id } })).toBe(0);
  });

  it("checks the AI provider and model: active, and the model of that provider", async () => {
    const u = await makeUser(app);
    const p1 = await app.prisma.aiProvider.create({ data: { slug: "p1", displayName: "P1" } });
    const p2 = await app.prisma.aiProvider.create({ data: { slug: "p2", displayName: "P2" } });
    const m2 = await app.prisma.aiModel.create({ data: { providerId: p2.id, modelName: "m2", displayName: "M2" } });
    const mismatch = await app.gql(UPDATE_MINE, { input: { ai: { preferredProviderId: gid("AiProvider", p1.id), preferredModelId: gid("AiModel", m2.id) } } }, { token: u.token });
    expect(errorCode(mismatch)).toBe("BAD_USER_INPUT");
    expect(mismatch.errors?.[0].extensions?.field).toBe("ai.preferredModelId");
    const ok = await app.ok(UPDATE_MINE, { input: { ai: { tone: "casual", preferredProviderId: gid("AiProvider", p2.id), preferredModelId: gid("AiModel", m2.id) } } }, { token: u.token });
    expect(ok.updateMySettings.ai).toEqual({ stored: true, tone: "casual", preferredProviderId: gid("AiProvider", p2.id), preferredModelId: gid("AiModel", m2.id) });
    // Only the AI row was written: the main settings row stays absent.
    expect(ok.updateMySettings.stored).toBe(false);
    expect(await app.prisma.auditLog.count({ where: { actorId: u.id, action: "user_ai_setting.update" } })).toBe(1);
  });

  it("is readable by the user and admins only", async () => {
    const u = await makeUser(app);
    const other = await makeUser(app);
    const q = `query($id: ID!) { node(id: $id) { ... on User { id settings { theme } } } }`;
    const byOther = await app.gql(q, { id: gid("User", u.id) }, { token: other.token });
    expect(errorCode(byOther)).toBe("FORBIDDEN");
    expect(errorCode(await app.gql(q, { id: gid("User", u.id) }))).toBe("UNAUTHENTICATED");
    expect((await app.ok(q, { id: gid("User", u.id) }, { token: admin.token })).node.settings).toEqual({ theme: "auto" });
    expect(errorCode(await app.gql(UPDATE_MINE, { input: { theme: "dark" } }))).toBe("UNAUTHENTICATED");
  });
});
