// Settings: the platform singleton (branding, hero, featured content, contact, social links,
// about), the app_settings key/value store and the per-user settings (with defaults when the
// user never saved any).
import { isTimeZone } from "../../core/validation.ts";
import { z } from "zod";
import { transaction, type Tx } from "../../core/tx.ts";
import type { Prisma, UserAiSetting, UserSettings } from "../../generated/prisma/client.ts";
import { decodeGlobalId } from "../../core/ids.ts";
import { type Context, requireViewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { changedValues } from "../../core/audit.ts";
import { emailSchema, parseInput } from "../../core/validation.ts";
import { appSettingWhereFor } from "./visibility.ts";
import { httpUrl, optionalText, siteLink } from "../../core/validation.ts";
import { escapeLike } from "../../core/text.ts";


// ---------------------------------------------------------------------------------------------
// Platform settings (singleton)
// ---------------------------------------------------------------------------------------------

/** Creates the singleton row with its column defaults if it does not exist yet (idempotent). */
export async function ensurePlatformSettings(db: Pick<Tx, "platformSettings">): Promise<void> {
  await db.platformSettings.createMany({ data: [{ singleton: true }], skipDuplicates: true });
}

const hexColor = z.string().regex(/^#[0-9A-Fa-f]{6}$/, "must be a hex colour like #3b82f6");


const platformSettingsSchema = z.object({
  platformName: z.string().trim().min(1, "must not be empty").max(255).optional(),
  tagline: optionalText(255),
  logoUrl: httpUrl.nullish(),
  faviconUrl: httpUrl.nullish(),
  primaryColor: hexColor.optional(),
  secondaryColor: hexColor.nullish(),
  heroTitle: optionalText(500),
  heroSubtitle: optionalText(2000),
  heroBackgroundUrl: httpUrl.nullish(),
  heroCtaText: optionalText(100),
  heroCtaLink: siteLink.nullish(),
  contactEmail: emailSchema.nullish(),
  socialLinks: z
    .record(z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/, "keys must be short lower-case network names"), httpUrl)
    .refine((o) => Object.keys(o).length <= 30, "at most 30 links")
    .optional(),
  aboutContent: z.string().max(100_000).nullish(),
  timezone: z.string().refine(isTimeZone, "must be an IANA time zone like Europe/Paris").optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter upper-case ISO code").optional(),
  emailFromName: optionalText(255),
  emailFromAddress: emailSchema.nullish(),
  stripeAccountId: z.string().regex(/^acct_[A-Za-z0-9]+$/, "must look like acct_…").nullish(),
  featuredContentIds: z.array(z.string().uuid()).max(50, "at most 50 featured items").optional(),
});

export type PlatformSettingsInput = z.input<typeof platformSettingsSchema>;

export async function updatePlatformSettings(ctx: Context, input: PlatformSettingsInput): Promise<void> {
  const viewer = requireViewer(ctx);
  const { featuredContentIds, ...scalars } = parseInput(platformSettingsSchema, input);
  if (featuredContentIds && new Set(featuredContentIds).size !== featuredContentIds.length) {
    throw errors.badInput("featuredContentIds", "names a content item twice");
  }
  await transaction(ctx.prisma, async (tx) => {
    if (featuredContentIds?.length) {
      const found = await tx.content.count({ where: { id: { in: featuredContentIds }, deletedAt: null } });
      if (found !== featuredContentIds.length) throw errors.badInput("featuredContentIds", "names content that does not exist");
    }
    await ensurePlatformSettings(tx);
    const before = await tx.platformSettings.findUniqueOrThrow({
      where: { singleton: true },
      include: { featuredContent: { orderBy: { position: "asc" }, select: { contentId: true } } },
    });
    const { oldValues, newValues } = changedValues(before, scalars);
    const data = { ...scalars, socialLinks: scalars.socialLinks as Prisma.InputJsonValue | undefined, updatedById: viewer.id };
    await tx.platformSettings.update({ where: { id: before.id }, data });
    if (featuredContentIds) {
      const previous = before.featuredContent.map((f) => f.contentId);
      if (JSON.stringify(previous) !== JSON.stringify(featuredContentIds)) {
        await tx.platformFeaturedContent.deleteMany({ where: { settingsId: before.id } });
        await tx.platformFeaturedContent.createMany({
          data: featuredContentIds.map((contentId, position) => ({ settingsId: before.id, contentId, position })),
        });
        oldValues.featuredContentIds = previous;
        newValues.featuredContentIds = featuredContentIds;
      }
    }
    await recordAudit(tx, ctx, { action: "platform_settings.update", entityType: "PlatformSettings", entityId: before.id, oldValues, newValues });
  });
}

// ---------------------------------------------------------------------------------------------
// App settings (key/value)
// ---------------------------------------------------------------------------------------------

const appSettingKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{0,99}$/, "must be lower-case letters, digits, '.', '_' or '-' (at most 100)");

const setAppSettingSchema = z.object({
  key: appSettingKey,
  value: z.unknown().refine((v) => v !== undefined && JSON.stringify(v).length <= 65_536, "must be JSON of at most 64 KiB"),
  isPublic: z.boolean().nullish(),
  description: optionalText(500),
});

export async function setAppSetting(
  ctx: Context,
  input: { key: string; value: unknown; isPublic?: boolean | null; description?: string | null },
): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const data = parseInput(setAppSettingSchema, input);
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.appSetting.findUnique({ where: { key: data.key } });
    const fields = {
      value: data.value as Prisma.InputJsonValue,
      ...(data.isPublic != null ? { isPublic: data.isPublic } : {}),
      ...(data.description !== undefined ? { description: data.description } : {}),
      updatedById: viewer.id,
    };
    const row = await tx.appSetting.upsert({ where: { key: data.key }, create: { key: data.key, ...fields }, update: fields });
    await recordAudit(tx, ctx, {
      action: before ? "app_setting.update" : "app_setting.create",
      entityType: "AppSetting",
      entityId: row.id,
      oldValues: before ? { key: before.key, value: before.value, isPublic: before.isPublic, description: before.description } : undefined,
      newValues: { key: row.key, value: row.value, isPublic: row.isPublic, description: row.description },
    });
    return { id: row.id };
  });
}

export async function deleteAppSetting(ctx: Context, key: string): Promise<boolean> {
  return transaction(ctx.prisma, async (tx) => {
    const before = await tx.appSetting.findUnique({ where: { key } });
    if (!before) throw errors.notFound("App setting", key);
    await tx.appSetting.delete({ where: { id: before.id } });
    await recordAudit(tx, ctx, {
      action: "app_setting.delete",
      entityType: "AppSetting",
      entityId: before.id,
      oldValues: { key: before.key, value: before.value, isPublic: before.isPublic },
    });
    return true;
  });
}

export function appSettingFilter(ctx: Context, args: { prefix?: string | null }): Prisma.AppSettingWhereInput {
  return { AND: [appSettingWhereFor(ctx.viewer), args.prefix ? { key: { startsWith: escapeLike(args.prefix) } } : {}] };
}

// ---------------------------------------------------------------------------------------------
// Per-user settings
// ---------------------------------------------------------------------------------------------

/** The column defaults of user_settings / user_ai_setting (test/settings checks they match). */
export const USER_SETTINGS_DEFAULTS = {
  isEmailNotificationsEnabled: true,
  isPushNotificationsEnabled: true,
  isWeeklyDigestEnabled: false,
  notificationPreferences: {} as Prisma.JsonValue,
  isAutoSyncEnabled: false,
  syncFrequencyHours: 24,
  isAutoAiAnalysisEnabled: false,
  isAutoApplyAiSuggestionsEnabled: false,
  isAutoSeoSubmissionEnabled: false,
  isProfilePublic: true,
  isAnalyticsEnabled: true,
  theme: "auto",
  locale: null as string | null,
};

export const USER_AI_SETTINGS_DEFAULTS = {
  tone: "professional",
  language: null as string | null,
  preferredProviderId: null as string | null,
  preferredModelId: null as string | null,
};

export type UserSettingsFields = typeof USER_SETTINGS_DEFAULTS;
export type UserAiSettingsFields = typeof USER_AI_SETTINGS_DEFAULTS;

export interface UserSettingsView extends UserSettingsFields {
  stored: boolean;
  updatedAt: Date | null;
  ai: UserAiSettingsView;
}
export interface UserAiSettingsView extends UserAiSettingsFields {
  stored: boolean;
  updatedAt: Date | null;
}

function pick<T extends Record<string, unknown>>(defaults: T, row: Record<string, unknown> | null): T {
  const out = { ...defaults };
  if (row) for (const k of Object.keys(defaults) as (keyof T)[]) out[k] = row[k as string] as T[keyof T];
  return out;
}

export function userSettingsView(row: UserSettings | null, ai: UserAiSetting | null): UserSettingsView {
  return {
    ...pick(USER_SETTINGS_DEFAULTS, row as Record<string, unknown> | null),
    stored: !!row,
    updatedAt: row?.updatedAt ?? null,
    ai: { ...pick(USER_AI_SETTINGS_DEFAULTS, ai as Record<string, unknown> | null), stored: !!ai, updatedAt: ai?.updatedAt ?? null },
  };
}

export const NOTIFICATION_CHANNELS = ["email", "inApp", "push"] as const;

const notificationTypes = [
  "COMMENT_REPLY", "NEW_COMMENT", "PURCHASE_RECEIPT", "TIP_RECEIVED", "BOOKING_CONFIRMED", "BOOKING_REMINDER",
  "CREDITS_EXPIRING", "SUBSCRIPTION_PAST_DUE", "SUBSCRIPTION_RENEWED", "NEW_CONTENT", "SYNC_COMPLETED",
  "AI_SUGGESTIONS_READY", "QUOTA_WARNING", "SYSTEM",
] as const;

const globalIdOf = (typename: string) =>
  z.string().transform((v, c) => {
    try {
      const d = decodeGlobalId(v);
      if (d.typename === typename) return d.id;
    } catch {
      /* reported below */
    }
    c.addIssue({ code: "custom", message: `must be the id of a ${typename}` });
    return z.NEVER;
  });

const updateMySettingsSchema = z.object({
  emailNotificationsEnabled: z.boolean().optional(),
  pushNotificationsEnabled: z.boolean().optional(),
  weeklyDigestEnabled: z.boolean().optional(),
  notificationPreferences: z
    .partialRecord(z.enum(notificationTypes), z.object({ email: z.boolean(), inApp: z.boolean(), push: z.boolean() }).partial().strict())
    .optional(),
  autoSyncEnabled: z.boolean().optional(),
  syncFrequencyHours: z.number().int().min(1, "must be at least 1").max(720, "must be at most 720 (30 days)").optional(),
  autoAiAnalysisEnabled: z.boolean().optional(),
  autoApplyAiSuggestionsEnabled: z.boolean().optional(),
  autoSeoSubmissionEnabled: z.boolean().optional(),
  profilePublic: z.boolean().optional(),
  analyticsEnabled: z.boolean().optional(),
  theme: z.enum(["light", "dark", "auto"], { error: "must be light, dark or auto" }).optional(),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en or pt-BR").nullish(),
  ai: z
    .object({
      tone: z.enum(["professional", "casual", "enthusiastic", "friendly", "formal", "playful"]).optional(),
      language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a language tag like en or pt-BR").nullish(),
      preferredProviderId: globalIdOf("AiProvider").nullish(),
      preferredModelId: globalIdOf("AiModel").nullish(),
    })
    .optional(),
});

export type UpdateMySettingsInput = z.input<typeof updateMySettingsSchema>;

/** GraphQL names (input) → column names. Everything absent from the input stays as it is. */
function settingsColumns(d: z.output<typeof updateMySettingsSchema>): Partial<UserSettingsFields> {
  const map: Partial<UserSettingsFields> = {
    isEmailNotificationsEnabled: d.emailNotificationsEnabled,
    isPushNotificationsEnabled: d.pushNotificationsEnabled,
    isWeeklyDigestEnabled: d.weeklyDigestEnabled,
    notificationPreferences: d.notificationPreferences as Prisma.JsonValue | undefined,
    isAutoSyncEnabled: d.autoSyncEnabled,
    syncFrequencyHours: d.syncFrequencyHours,
    isAutoAiAnalysisEnabled: d.autoAiAnalysisEnabled,
    isAutoApplyAiSuggestionsEnabled: d.autoApplyAiSuggestionsEnabled,
    isAutoSeoSubmissionEnabled: d.autoSeoSubmissionEnabled,
    isProfilePublic: d.profilePublic,
    isAnalyticsEnabled: d.analyticsEnabled,
    theme: d.theme,
    locale: d.locale,
  };
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== undefined)) as Partial<UserSettingsFields>;
}

export async function updateMySettings(ctx: Context, input: UpdateMySettingsInput): Promise<UserSettingsView> {
  const viewer = requireViewer(ctx);
  const d = parseInput(updateMySettingsSchema, input);
  const columns = settingsColumns(d);
  const ai = d.ai ? Object.fromEntries(Object.entries(d.ai).filter(([, v]) => v !== undefined)) as Partial<UserAiSettingsFields> : {};
  return transaction(ctx.prisma, async (tx) => {
    const row = await tx.userSettings.findUnique({ where: { userId: viewer.id } });
    const aiRow = await tx.userAiSetting.findUnique({ where: { userId: viewer.id } });
    const current = userSettingsView(row, aiRow);
    let nextRow = row;
    let nextAi = aiRow;

    const settingsDiff = changedValues(current, columns);
    if (Object.keys(settingsDiff.newValues).length) {
      const data = { ...columns, notificationPreferences: columns.notificationPreferences as Prisma.InputJsonValue | undefined };
      nextRow = await tx.userSettings.upsert({ where: { userId: viewer.id }, create: { userId: viewer.id, ...data }, update: data });
      await recordAudit(tx, ctx, { action: "user_settings.update", entityType: "UserSettings", entityId: nextRow.id, ...settingsDiff });
    }

    const aiDiff = changedValues(current.ai, ai);
    if (Object.keys(aiDiff.newValues).length) {
      const providerId = ai.preferredProviderId !== undefined ? ai.preferredProviderId : current.ai.preferredProviderId;
      const modelId = ai.preferredModelId !== undefined ? ai.preferredModelId : current.ai.preferredModelId;
      if (providerId && !(await tx.aiProvider.findFirst({ where: { id: providerId, isActive: true }, select: { id: true } }))) {
        throw errors.badInput("ai.preferredProviderId", "is not an active AI provider");
      }
      if (modelId) {
        const model = await tx.aiModel.findFirst({ where: { id: modelId, isActive: true }, select: { providerId: true } });
        if (!model) throw errors.badInput("ai.preferredModelId", "is not an active AI model");
        if (providerId && model.providerId !== providerId) throw errors.badInput("ai.preferredModelId", "belongs to another provider than ai.preferredProviderId");
      }
      nextAi = await tx.userAiSetting.upsert({ where: { userId: viewer.id }, create: { userId: viewer.id, ...ai }, update: ai });
      await recordAudit(tx, ctx, { action: "user_ai_setting.update", entityType: "UserAiSetting", entityId: nextAi.id, ...aiDiff });
    }
    return userSettingsView(nextRow, nextAi);
  });
}
