// The viewer's profile: display name and bio (user_profiles), avatar, timezone and language
// (users), and QuestPod's app preferences (user_profiles.preferences JSON, reading level 1-5 also
// enforced by the CHECK user_profiles_reading_level_check). Per-user SETTINGS (notification
// switches, privacy…) are the settings domain's, not this one.
import { z } from "zod";
import { transaction } from "../../core/tx.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput, isTimeZone } from "../../core/validation.ts";

export const THEMES = ["light", "dark", "auto"] as const;

export interface Preferences {
  theme: (typeof THEMES)[number];
  preferredGenres: string[];
  preferredVoices: string[];
  readingLevel: number;
  allowExplicitContent: boolean;
}

export const DEFAULT_PREFERENCES: Preferences = { theme: "auto", preferredGenres: [], preferredVoices: [], readingLevel: 3, allowExplicitContent: false };

/** Reads stored preferences leniently: unknown keys are dropped, missing or broken ones get defaults. */
export function readPreferences(raw: unknown): Preferences {
  const o = raw && typeof raw === "object" && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const level = Number(o.readingLevel);
  return {
    theme: THEMES.includes(o.theme as Preferences["theme"]) ? (o.theme as Preferences["theme"]) : DEFAULT_PREFERENCES.theme,
    preferredGenres: strings(o.preferredGenres),
    preferredVoices: strings(o.preferredVoices),
    readingLevel: Number.isInteger(level) && level >= 1 && level <= 5 ? level : DEFAULT_PREFERENCES.readingLevel,
    allowExplicitContent: o.allowExplicitContent === true,
  };
}

export interface ProfileView {
  displayName: string | null;
  avatarUrl: string | null;
  bio: string | null;
  timezone: string;
  language: string;
  preferences: Preferences;
}

export const profileSelect = {
  fullName: true,
  avatarUrl: true,
  timezone: true,
  language: true,
  profile: { select: { displayName: true, bio: true, preferences: true } },
} satisfies Prisma.UserSelect;

export function toProfile(u: Prisma.UserGetPayload<{ select: typeof profileSelect }>): ProfileView {
  return {
    displayName: u.profile?.displayName ?? u.fullName ?? null,
    avatarUrl: u.avatarUrl,
    bio: u.profile?.bio ?? null,
    timezone: u.timezone,
    language: u.language,
    preferences: readPreferences(u.profile?.preferences),
  };
}


function isLanguageTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
}

const tag = z.string().trim().min(1).max(40);
const updateProfileSchema = z.object({
  displayName: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters").nullish(),
  avatarUrl: z
    .string()
    .trim()
    .max(2000)
    .url("must be a URL")
    .refine((u) => /^https:\/\//i.test(u), "must be an https:// URL")
    .nullish(),
  bio: z.string().trim().max(2000, "must be at most 2000 characters").nullish(),
  timezone: z.string().trim().refine(isTimeZone, "must be an IANA time zone like Europe/Berlin").optional(),
  language: z.string().trim().refine(isLanguageTag, "must be a language tag like en or pt-BR").optional(),
  preferences: z
    .object({
      theme: z.enum(THEMES).optional(),
      preferredGenres: z.array(tag).max(50, "at most 50 entries").optional(),
      preferredVoices: z.array(tag).max(50, "at most 50 entries").optional(),
      readingLevel: z.number().int("must be a whole number").min(1, "must be between 1 and 5").max(5, "must be between 1 and 5").optional(),
      allowExplicitContent: z.boolean().optional(),
    })
    .optional(),
});

export type UpdateProfileInput = z.input<typeof updateProfileSchema>;

/**
 * Partial update: fields left out stay as they are; displayName/avatarUrl/bio given as null are
 * cleared; preferences are merged key by key. One transaction, one audit row with old and new.
 */
export async function updateProfile(ctx: Context, input: UpdateProfileInput, of?: { userId: string }): Promise<void> {
  if (!ctx.viewer) throw errors.unauthenticated();
  // `of`: an admin editing someone else's profile (the caller checked the role); audited as such.
  const userId = of?.userId ?? ctx.viewer.id;
  const data = parseInput(updateProfileSchema, input);
  await transaction(ctx.prisma, async (tx) => {
    const before = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: profileSelect });
    if (!before) throw of ? errors.notFound("User", userId) : errors.unauthenticated("The account no longer exists.");
    const old = toProfile(before);
    const preferences = { ...old.preferences, ...stripUndefined(data.preferences ?? {}) };
    const profileData = {
      ...(data.displayName !== undefined ? { displayName: data.displayName } : {}),
      ...(data.bio !== undefined ? { bio: data.bio } : {}),
      preferences: preferences as unknown as Prisma.InputJsonValue,
    };
    const row = await tx.userProfile.upsert({ where: { userId }, create: { userId, ...profileData }, update: profileData, select: { id: true } });
    await tx.user.update({
      where: { id: userId },
      data: {
        ...(data.avatarUrl !== undefined ? { avatarUrl: data.avatarUrl } : {}),
        ...(data.timezone !== undefined ? { timezone: data.timezone } : {}),
        ...(data.language !== undefined ? { language: Intl.getCanonicalLocales(data.language)[0] } : {}),
      },
    });
    const after = toProfile(await tx.user.findUniqueOrThrow({ where: { id: userId }, select: profileSelect }));
    await recordAudit(tx, ctx, { action: of ? "user.profile_admin_update" : "user.profile_update", entityType: "UserProfile", entityId: row.id, oldValues: old, newValues: after });
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
