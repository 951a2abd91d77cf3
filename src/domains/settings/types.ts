// Settings in the graph: the platform singleton, app key/values, per-user settings
// (`viewer.settings`, `updateMySettings`) and the navigation tree.
import { builder } from "../../schema/builder.ts";
import { encodeGlobalId } from "../../core/ids.ts";
import { ContentNode } from "../content/index.ts";
import { contentWhereFor } from "../content/index.ts";
import { RoleEnum } from "../identity/index.ts";
import * as nav from "./nav-service.ts";
import * as service from "./service.ts";
import { appSettingWhereFor, navItemWhereFor } from "./visibility.ts";
import { inOrder } from "../../core/ordering.ts";
import { definedFields } from "../../core/validation.ts";

// ---------------------------------------------------------------------------------------------
// Platform settings
// ---------------------------------------------------------------------------------------------

export const PlatformSettingsRef = builder.prismaNode("PlatformSettings", {
  id: { field: "id" },
  nullable: true,
  description: "The platform's one settings row: branding, home page hero, featured content, contact, social links, about page.",
  findUnique: (id) => ({ id }),
  fields: (t) => ({
    platformName: t.exposeString("platformName"),
    tagline: t.exposeString("tagline", { nullable: true }),
    logoUrl: t.exposeString("logoUrl", { nullable: true }),
    faviconUrl: t.exposeString("faviconUrl", { nullable: true }),
    primaryColor: t.exposeString("primaryColor"),
    secondaryColor: t.exposeString("secondaryColor", { nullable: true }),
    heroTitle: t.exposeString("heroTitle", { nullable: true }),
    heroSubtitle: t.exposeString("heroSubtitle", { nullable: true }),
    heroBackgroundUrl: t.exposeString("heroBackgroundUrl", { nullable: true }),
    heroCtaText: t.exposeString("heroCtaText", { nullable: true }),
    heroCtaLink: t.exposeString("heroCtaLink", { nullable: true }),
    contactEmail: t.exposeString("contactEmail", { nullable: true }),
    socialLinks: t.expose("socialLinks", { type: "JSON", description: "Network name → URL, e.g. { \"instagram\": \"https://…\" }." }),
    aboutContent: t.exposeString("aboutContent", { nullable: true, description: "HTML of the about page, written by admins." }),
    timezone: t.exposeString("timezone"),
    currency: t.exposeString("currency"),
    emailFromName: t.exposeString("emailFromName", { nullable: true }),
    emailFromAddress: t.exposeString("emailFromAddress", { nullable: true }),
    stripeAccountId: t.exposeString("stripeAccountId", { nullable: true, description: "Admins only." }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
    featuredContent: t.field({
      type: [ContentNode],
      description: "Featured content in its order; items the viewer may not see (drafts, deleted, private) are left out.",
      select: (_args, ctx, nestedSelection) => ({
        featuredContent: {
          where: { content: contentWhereFor(ctx.viewer, "list") },
          orderBy: { position: "asc" },
          select: { content: nestedSelection(true) },
        },
      }),
      resolve: (s) => s.featuredContent.map((f) => f.content),
    }),
  }),
});

const PlatformSettingsInput = builder.inputType("PlatformSettingsInput", {
  description: "Absent fields stay as they are; null clears an optional field.",
  fields: (t) => ({
    platformName: t.string(),
    tagline: t.string(),
    logoUrl: t.string(),
    faviconUrl: t.string(),
    primaryColor: t.string({ description: "#rrggbb" }),
    secondaryColor: t.string(),
    heroTitle: t.string(),
    heroSubtitle: t.string(),
    heroBackgroundUrl: t.string(),
    heroCtaText: t.string(),
    heroCtaLink: t.string({ description: "An http(s) URL or a site path (/pricing)." }),
    contactEmail: t.string(),
    socialLinks: t.field({ type: "JSON", description: "Replaces the whole map: { network: https URL }." }),
    aboutContent: t.string(),
    timezone: t.string(),
    currency: t.string(),
    emailFromName: t.string(),
    emailFromAddress: t.string(),
    stripeAccountId: t.string(),
    featuredContentIds: t.globalIDList({ for: [ContentNode], description: "Replaces the featured list, in this order." }),
  }),
});

// ---------------------------------------------------------------------------------------------
// App settings (key/value)
// ---------------------------------------------------------------------------------------------

export const AppSettingRef = builder.prismaNode("AppSetting", {
  id: { field: "id" },
  nullable: true,
  description: "A key/value setting (feature flags, limits, public configuration). Public ones are readable by everyone.",
  findUnique: (id, ctx) => ({ id, AND: [appSettingWhereFor(ctx.viewer)] }),
  fields: (t) => ({
    key: t.exposeString("key"),
    value: t.expose("value", { type: "JSON" }),
    isPublic: t.exposeBoolean("isPublic"),
    description: t.exposeString("description", { nullable: true }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Per-user settings
// ---------------------------------------------------------------------------------------------

const UserAiSettingsRef = builder.objectRef<service.UserAiSettingsView>("UserAiSettings").implement({
  description: "AI preferences; the defaults when the user never saved any (stored = false).",
  fields: (t) => ({
    stored: t.exposeBoolean("stored"),
    tone: t.exposeString("tone"),
    language: t.exposeString("language", { nullable: true }),
    preferredProviderId: t.id({ nullable: true, resolve: (s) => (s.preferredProviderId ? encodeGlobalId("AiProvider", s.preferredProviderId) : null) }),
    preferredModelId: t.id({ nullable: true, resolve: (s) => (s.preferredModelId ? encodeGlobalId("AiModel", s.preferredModelId) : null) }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", nullable: true }),
  }),
});

export const UserSettingsRef = builder.objectRef<service.UserSettingsView>("UserSettings").implement({
  description: "A user's own settings. When nothing was saved yet every field holds its default and `stored` is false.",
  fields: (t) => ({
    stored: t.exposeBoolean("stored"),
    emailNotificationsEnabled: t.exposeBoolean("isEmailNotificationsEnabled"),
    pushNotificationsEnabled: t.exposeBoolean("isPushNotificationsEnabled"),
    weeklyDigestEnabled: t.exposeBoolean("isWeeklyDigestEnabled"),
    notificationPreferences: t.expose("notificationPreferences", {
      type: "JSON",
      description: "Per notification type and channel, e.g. { \"COMMENT_REPLY\": { \"inApp\": false } }. Absent = on.",
    }),
    autoSyncEnabled: t.exposeBoolean("isAutoSyncEnabled"),
    syncFrequencyHours: t.exposeInt("syncFrequencyHours"),
    autoAiAnalysisEnabled: t.exposeBoolean("isAutoAiAnalysisEnabled"),
    autoApplyAiSuggestionsEnabled: t.exposeBoolean("isAutoApplyAiSuggestionsEnabled"),
    autoSeoSubmissionEnabled: t.exposeBoolean("isAutoSeoSubmissionEnabled"),
    profilePublic: t.exposeBoolean("isProfilePublic"),
    analyticsEnabled: t.exposeBoolean("isAnalyticsEnabled", { description: "False: the user opted out of analytics." }),
    theme: t.exposeString("theme"),
    locale: t.exposeString("locale", { nullable: true }),
    ai: t.field({ type: UserAiSettingsRef, resolve: (s) => s.ai }),
    updatedAt: t.expose("updatedAt", { type: "DateTime", nullable: true }),
  }),
});

builder.prismaObjectField("User", "settings", (t) =>
  t.field({
    type: UserSettingsRef,
    description: "The user's settings (defaults when none are stored). The user themself and admins only.",
    select: { settings: true, aiSetting: true },
    resolve: (u) => service.userSettingsView(u.settings, u.aiSetting),
  }),
);

const UserAiSettingsInput = builder.inputType("UserAiSettingsInput", {
  fields: (t) => ({
    tone: t.string({ description: "professional | casual | enthusiastic | friendly | formal | playful" }),
    language: t.string(),
    preferredProviderId: t.id({ description: "An AiProvider id; null clears it." }),
    preferredModelId: t.id({ description: "An AiModel id of that provider; null clears it." }),
  }),
});

const UpdateMySettingsInput = builder.inputType("UpdateMySettingsInput", {
  description: "Absent fields stay as they are.",
  fields: (t) => ({
    emailNotificationsEnabled: t.boolean(),
    pushNotificationsEnabled: t.boolean(),
    weeklyDigestEnabled: t.boolean(),
    notificationPreferences: t.field({ type: "JSON", description: "Replaces the map: { TYPE: { email?, inApp?, push? } }." }),
    autoSyncEnabled: t.boolean(),
    syncFrequencyHours: t.int(),
    autoAiAnalysisEnabled: t.boolean(),
    autoApplyAiSuggestionsEnabled: t.boolean(),
    autoSeoSubmissionEnabled: t.boolean(),
    profilePublic: t.boolean(),
    analyticsEnabled: t.boolean(),
    theme: t.string({ description: "light | dark | auto" }),
    locale: t.string(),
    ai: t.field({ type: UserAiSettingsInput }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Navigation
// ---------------------------------------------------------------------------------------------

export const NavItemRef = builder.prismaNode("NavItem", {
  id: { field: "id" },
  nullable: true,
  description: "A navigation link; `children` are its sub-items in order.",
  findUnique: (id, ctx) => ({ id, AND: [navItemWhereFor(ctx.viewer, "manage")] }),
  fields: (t) => ({
    label: t.exposeString("label"),
    url: t.exposeString("url"),
    isExternal: t.exposeBoolean("isExternal"),
    icon: t.exposeString("icon", { nullable: true }),
    position: t.exposeInt("position"),
    visibleToRoles: t.field({ type: [RoleEnum], description: "Empty: every role.", resolve: (n) => n.visibleToRoles }),
    requiresAuth: t.exposeBoolean("requiresAuth"),
    isActive: t.exposeBoolean("isActive"),
    parentId: t.id({ nullable: true, resolve: (n) => (n.parentId ? encodeGlobalId("NavItem", n.parentId) : null) }),
    updatedAt: t.expose("updatedAt", { type: "DateTime" }),
  }),
});

builder.prismaObjectField(NavItemRef, "children", (t) =>
  t.field({ type: [NavItemRef], description: "Sub-items in order (those the viewer may see).", resolve: (n, _args, ctx) => nav.navChildren(ctx, n) }),
);

const CreateNavItemInput = builder.inputType("CreateNavItemInput", {
  fields: (t) => ({
    label: t.string({ required: true }),
    url: t.string({ required: true, description: "A site path (/pricing) or, with isExternal, an http(s) URL." }),
    isExternal: t.boolean(),
    icon: t.string(),
    parentId: t.globalID({ for: [NavItemRef] }),
    position: t.int({ description: "Index among its siblings; default: last." }),
    visibleToRoles: t.field({ type: [RoleEnum] }),
    requiresAuth: t.boolean(),
    isActive: t.boolean(),
  }),
});

const UpdateNavItemInput = builder.inputType("UpdateNavItemInput", {
  description: "Absent fields stay; parentId null moves the item to the top level (it goes last unless position is given).",
  fields: (t) => ({
    label: t.string(),
    url: t.string(),
    isExternal: t.boolean(),
    icon: t.string(),
    parentId: t.globalID({ for: [NavItemRef] }),
    position: t.int(),
    visibleToRoles: t.field({ type: [RoleEnum] }),
    requiresAuth: t.boolean(),
    isActive: t.boolean(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Queries and mutations
// ---------------------------------------------------------------------------------------------

builder.queryFields((t) => ({
  platformSettings: t.prismaField({
    type: "PlatformSettings",
    description: "The platform's settings (created with defaults on first read).",
    resolve: async (query, _root, _args, ctx) => {
      const found = await ctx.prisma.platformSettings.findUnique({ ...query, where: { singleton: true } });
      if (found) return found;
      await service.ensurePlatformSettings(ctx.prisma);
      return ctx.prisma.platformSettings.findUniqueOrThrow({ ...query, where: { singleton: true } });
    },
  }),
  appSetting: t.prismaField({
    type: "AppSetting",
    nullable: true,
    description: "One setting by key; null when it does not exist or is not public (admins read every key).",
    args: { key: t.arg.string({ required: true }) },
    resolve: (query, _root, args, ctx) => ctx.prisma.appSetting.findFirst({ ...query, where: { key: args.key, ...appSettingWhereFor(ctx.viewer) } }),
  }),
  appSettings: t.prismaConnection(
    {
      type: "AppSetting",
      cursor: "id",
      description: "Settings by key (public ones; admins see all).",
      args: { prefix: t.arg.string() },
      resolve: (query, _root, args, ctx) => ctx.prisma.appSetting.findMany({ ...query, where: service.appSettingFilter(ctx, args), orderBy: [{ key: "asc" }] }),
      totalCount: (_root, args, ctx) => ctx.prisma.appSetting.count({ where: service.appSettingFilter(ctx, args) }),
    },
    {},
  ),
  navigation: t.field({
    type: [NavItemRef],
    description:
      "The navigation tree (top-level items, each with its children), loaded with one SQL statement. " +
      "manage: true (admins) includes inactive and role-restricted items for editing.",
    args: { manage: t.arg.boolean({ defaultValue: false }) },
    resolve: (_root, args, ctx) => nav.navigationTree(ctx, args.manage ? "manage" : "site"),
  }),
}));

builder.mutationFields((t) => ({
  updatePlatformSettings: t.prismaField({
    type: "PlatformSettings",
    description: "Admins: changes the platform settings; featuredContentIds replaces the featured list.",
    args: { input: t.arg({ type: PlatformSettingsInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      await service.updatePlatformSettings(ctx, {
        ...input,
        featuredContentIds: input.featuredContentIds === null ? [] : input.featuredContentIds?.map((g) => g.id),
      } as service.PlatformSettingsInput);
      return ctx.prisma.platformSettings.findUniqueOrThrow({ ...query, where: { singleton: true } });
    },
  }),
  setAppSetting: t.prismaField({
    type: "AppSetting",
    description: "Admins: creates or replaces a key/value setting.",
    args: {
      key: t.arg.string({ required: true }),
      value: t.arg({ type: "JSON", required: true }),
      isPublic: t.arg.boolean(),
      description: t.arg.string(),
    },
    resolve: async (query, _root, args, ctx) => {
      const { id } = await service.setAppSetting(ctx, { ...args, value: args.value });
      return ctx.prisma.appSetting.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  deleteAppSetting: t.boolean({
    description: "Admins: removes a key/value setting.",
    args: { key: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => service.deleteAppSetting(ctx, args.key),
  }),
  updateMySettings: t.field({
    type: UserSettingsRef,
    description: "Changes the viewer's own settings (stored on first change; absent fields keep their value).",
    args: { input: t.arg({ type: UpdateMySettingsInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      return service.updateMySettings(ctx, definedFields(input, ["locale"]) as service.UpdateMySettingsInput);
    },
  }),
  createNavItem: t.prismaField({
    type: "NavItem",
    description: "Admins: adds a navigation item (last among its siblings unless position is given).",
    args: { input: t.arg({ type: CreateNavItemInput, required: true }) },
    resolve: async (query, _root, { input }, ctx) => {
      const id = await nav.createNavItem(ctx, { ...definedFields(input, ["icon"]), parentId: input.parentId?.id ?? null });
      return ctx.prisma.navItem.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateNavItem: t.prismaField({
    type: "NavItem",
    description: "Admins: edits, moves (parentId) or repositions a navigation item.",
    args: { id: t.arg.globalID({ required: true, for: [NavItemRef] }), input: t.arg({ type: UpdateNavItemInput, required: true }) },
    resolve: async (query, _root, { id, input }, ctx) => {
      await nav.updateNavItem(ctx, id.id, {
        ...definedFields(input, ["icon"]),
        parentId: input.parentId === undefined ? undefined : input.parentId?.id ?? null,
      });
      return ctx.prisma.navItem.findUniqueOrThrow({ ...query, where: { id: id.id } });
    },
  }),
  deleteNavItem: t.id({
    description: "Admins: deletes a navigation item and its whole subtree; returns its id.",
    args: { id: t.arg.globalID({ required: true, for: [NavItemRef] }) },
    resolve: async (_root, { id }, ctx) => encodeGlobalId("NavItem", await nav.deleteNavItem(ctx, id.id)),
  }),
  reorderNavItems: t.prismaField({
    type: ["NavItem"],
    description: "Admins: sets the order of the children of parentId (top level when null); ids must name each of them once.",
    args: {
      parentId: t.arg.globalID({ for: [NavItemRef] }),
      ids: t.arg.globalIDList({ required: true, for: [NavItemRef] }),
    },
    resolve: async (query, _root, args, ctx) => {
      const ids = await nav.reorderNavItems(ctx, args.parentId?.id ?? null, args.ids.map((g) => g.id));
      return inOrder(ids, await ctx.prisma.navItem.findMany({ ...query, where: { id: { in: ids } } }));
    },
  }),
}));
