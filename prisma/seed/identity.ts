// Identity: users, roles, profiles, per-user settings, creator profiles, and a few (unusable:
// revoked, rotated or expired) sessions and tokens so those tables are not empty.
import { hashPassword } from "../../src/domains/identity/passwords.ts";
import type { Prisma, Role } from "../../src/generated/prisma/client.ts";
import { stamps, type SeedContext } from "./context.ts";
import { seedHex, sid } from "./ids.ts";

export const DEMO_PASSWORDS = {
  admin: "Admin-demo-1!",
  moderator: "Moderator-demo-1!",
  creator: "Creator-demo-1!",
  fan: "Fan-demo-1!",
} as const;

type PasswordKind = keyof typeof DEMO_PASSWORDS;

interface UserSpec {
  key: string;
  email: string;
  fullName: string;
  roles: Role[];
  password: PasswordKind;
  description: string;
  /** days from FIXED_ANCHOR */
  createdDay: number;
  verified: boolean;
  timezone: string;
  language: string;
  bio: string;
  readingLevel: number;
  genres: string[];
  theme: "auto" | "light" | "dark";
  stripeCustomer?: boolean;
}

export const USERS: UserSpec[] = [
  {
    key: "admin", email: "admin@demo.test", fullName: "Avery Admin", roles: ["ADMIN", "MEMBER"], password: "admin",
    description: "platform administrator (sees everything, soft-deleted rows included)", createdDay: -240, verified: true,
    timezone: "UTC", language: "en", bio: "Keeps the lights on.", readingLevel: 5, genres: ["mystery"], theme: "dark",
  },
  {
    key: "moderator", email: "moderator@demo.test", fullName: "Morgan Moderator", roles: ["MODERATOR", "MEMBER"], password: "moderator",
    description: "moderator (comments, reports)", createdDay: -230, verified: true,
    timezone: "Europe/London", language: "en", bio: "Community moderation.", readingLevel: 4, genres: ["fantasy"], theme: "light",
  },
  {
    key: "ada", email: "ada@demo.test", fullName: "Ada Quill", roles: ["CREATOR", "MEMBER"], password: "creator",
    description: "creator: watercolour courses, 'The Painted Door' story, premium plan, YouTube + Instagram connected",
    createdDay: -220, verified: true, timezone: "Europe/London", language: "en",
    bio: "Watercolour painter and teacher. Loose washes, luminous glazes.", readingLevel: 4, genres: ["art", "adventure"], theme: "light",
  },
  {
    key: "ben", email: "ben@demo.test", fullName: "Ben Okafor", roles: ["CREATOR", "MEMBER"], password: "creator",
    description: "creator: audio and sound design, 'The Lighthouse Keeper's Choice' story, free plan, TikTok connected",
    createdDay: -210, verified: true, timezone: "America/New_York", language: "en",
    bio: "Sound designer and audio storyteller. Field recordings from the coast.", readingLevel: 3, genres: ["mystery", "sci-fi"], theme: "dark",
  },
  {
    key: "cleo", email: "cleo@demo.test", fullName: "Cleo Marsh", roles: ["CREATOR", "MEMBER"], password: "creator",
    description: "creator: writing guides and fiction, 'Clockwork Garden' story, manuscript reviews",
    createdDay: -200, verified: true, timezone: "Australia/Sydney", language: "en",
    bio: "Novelist and writing coach. Worldbuilding nerd.", readingLevel: 5, genres: ["fantasy", "literary"], theme: "auto",
  },
  {
    key: "fan1", email: "fan1@demo.test", fullName: "Finn Archer", roles: ["MEMBER"], password: "fan",
    description: "fan: premium ACTIVE subscription, purchases, credits, completed a story", createdDay: -180, verified: true,
    timezone: "UTC", language: "en", bio: "Weekend painter.", readingLevel: 3, genres: ["adventure"], theme: "auto", stripeCustomer: true,
  },
  {
    key: "fan2", email: "fan2@demo.test", fullName: "Gia Romero", roles: ["MEMBER"], password: "fan",
    description: "fan: basic TRIALING subscription, purchases, bookings, message thread with Cleo", createdDay: -150, verified: true,
    timezone: "Europe/Madrid", language: "es", bio: "Audio drama addict.", readingLevel: 3, genres: ["mystery"], theme: "light", stripeCustomer: true,
  },
  {
    key: "fan3", email: "fan3@demo.test", fullName: "Hana Sato", roles: ["MEMBER"], password: "fan",
    description: "fan: basic PAST_DUE subscription (failed renewal), manuscript review booking", createdDay: -120, verified: true,
    timezone: "Asia/Tokyo", language: "ja", bio: "Writing my first novel.", readingLevel: 4, genres: ["fantasy"], theme: "dark", stripeCustomer: true,
  },
  {
    key: "fan4", email: "fan4@demo.test", fullName: "Ivan Petrov", roles: ["MEMBER"], password: "fan",
    description: "fan: premium yearly ACTIVE with cancelAtPeriodEnd, a refunded purchase, credits ledger", createdDay: -90, verified: true,
    timezone: "Europe/Berlin", language: "de", bio: "", readingLevel: 2, genres: ["sci-fi"], theme: "auto", stripeCustomer: true,
  },
  {
    key: "fan5", email: "fan5@demo.test", fullName: "Jules Moreau", roles: ["MEMBER"], password: "fan",
    description: "fan: e-mail NOT verified, a PENDING payment, expired trial", createdDay: -20, verified: false,
    timezone: "Europe/Paris", language: "fr", bio: "", readingLevel: 1, genres: [], theme: "auto", stripeCustomer: true,
  },
  {
    key: "expired-admin", email: "expired-admin@demo.test", fullName: "Eli Formeradmin", roles: ["MEMBER"], password: "admin",
    description: "former admin: the ADMIN role has expired, so only MEMBER applies", createdDay: -300, verified: true,
    timezone: "UTC", language: "en", bio: "Used to run things.", readingLevel: 3, genres: [], theme: "auto",
  },
];

export const CREATOR_KEYS = ["ada", "ben", "cleo"] as const;

export interface DemoAccount {
  email: string;
  password: string;
  roles: Role[];
  description: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = USERS.map((u) => ({
  email: u.email,
  password: DEMO_PASSWORDS[u.password],
  // effective roles (expired-admin's ADMIN row exists but has expired)
  roles: u.roles,
  description: u.description,
}));

export const userId = (key: string) => sid("user", key);

export async function seedIdentity(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;

  // argon2 is deliberately slow: hash each distinct password once, and not at all when every
  // demo user already exists (a re-run inserts nothing anyway).
  const existing = await prisma.user.count({ where: { id: { in: USERS.map((u) => userId(u.key)) } } });
  const hashes = new Map<PasswordKind, string>();
  if (existing < USERS.length) {
    const kinds = [...new Set(USERS.map((u) => u.password))];
    const values = await Promise.all(kinds.map((k) => hashPassword(DEMO_PASSWORDS[k])));
    kinds.forEach((k, i) => hashes.set(k, values[i]));
  }

  const users: Prisma.UserCreateManyInput[] = USERS.map((u) => {
    const created = ctx.at(u.createdDay, 9);
    const creator = (CREATOR_KEYS as readonly string[]).includes(u.key);
    return {
      id: userId(u.key),
      email: u.email.toLowerCase(),
      passwordHash: hashes.get(u.password) ?? "$argon2id$placeholder-unused-on-rerun",
      fullName: u.fullName,
      avatarUrl: `https://cdn.demo.test/avatars/${u.key}.png`,
      timezone: u.timezone,
      language: u.language,
      isOnboarded: u.verified,
      onboardedAt: u.verified ? ctx.at(u.createdDay, 9, 20) : null,
      emailVerifiedAt: u.verified ? ctx.at(u.createdDay, 9, 5) : null,
      stripeCustomerId: u.stripeCustomer ? `cus_demo_${seedHex(`customer:${u.key}`, 14)}` : null,
      stripeConnectAccountId: creator ? `acct_demo_${seedHex(`connect:${u.key}`, 14)}` : null,
      ...stamps(created, ctx.at(u.createdDay + 1, 9)),
    };
  });
  await ctx.add("User", prisma.user.createMany({ data: users, skipDuplicates: true }));

  const admin = userId("admin");
  const roles: Prisma.UserRoleCreateManyInput[] = [];
  for (const u of USERS) {
    for (const role of u.roles) {
      const grantedAt = ctx.at(u.createdDay, 9);
      roles.push({
        id: sid("user-role", u.key, role),
        userId: userId(u.key),
        role,
        grantedById: u.key === "admin" ? null : role === "MEMBER" ? null : admin,
        grantedAt,
        ...stamps(grantedAt),
      });
    }
  }
  // The former admin: ADMIN granted long ago, expired a month before the fixed anchor.
  roles.push({
    id: sid("user-role", "expired-admin", "ADMIN"),
    userId: userId("expired-admin"),
    role: "ADMIN",
    grantedById: admin,
    grantedAt: ctx.at(-300, 10),
    expiresAt: ctx.at(-30),
    ...stamps(ctx.at(-300, 10)),
  });
  await ctx.add("UserRole", prisma.userRole.createMany({ data: roles, skipDuplicates: true }));

  await ctx.add(
    "UserProfile",
    prisma.userProfile.createMany({
      data: USERS.map((u) => ({
        id: sid("user-profile", u.key),
        userId: userId(u.key),
        displayName: u.fullName.split(" ")[0],
        bio: u.bio || null,
        preferences: {
          theme: u.theme,
          preferredGenres: u.genres,
          preferredVoices: u.key === "fan1" ? ["voice-old-sailor", "voice-storm"] : [],
          readingLevel: u.readingLevel,
          allowExplicitContent: false,
        },
        ...stamps(ctx.at(u.createdDay, 9, 1)),
      })),
      skipDuplicates: true,
    }),
  );

  await ctx.add(
    "UserSettings",
    prisma.userSettings.createMany({
      data: USERS.map((u, i) => {
        const creator = (CREATOR_KEYS as readonly string[]).includes(u.key);
        return {
          id: sid("user-settings", u.key),
          userId: userId(u.key),
          isEmailNotificationsEnabled: u.key !== "fan4",
          isPushNotificationsEnabled: i % 3 !== 0,
          isWeeklyDigestEnabled: creator || u.key === "fan1",
          notificationPreferences: {
            COMMENT_REPLY: { email: true, inApp: true },
            TIP_RECEIVED: { email: creator, inApp: true },
            BOOKING_REMINDER: { email: true, inApp: true },
            NEW_CONTENT: { email: false, inApp: true },
          },
          isAutoSyncEnabled: u.key === "ada",
          syncFrequencyHours: u.key === "ada" ? 6 : 24,
          isAutoAiAnalysisEnabled: u.key === "ada",
          isAutoApplyAiSuggestionsEnabled: false,
          isAutoSeoSubmissionEnabled: u.key === "ada",
          isProfilePublic: u.key !== "fan5",
          isAnalyticsEnabled: u.key !== "fan4",
          theme: u.theme,
          locale: `${u.language}-${u.language === "en" ? "GB" : u.language.toUpperCase()}`,
          ...stamps(ctx.at(u.createdDay, 9, 2)),
        };
      }),
      skipDuplicates: true,
    }),
  );

  const creatorProfiles: Prisma.CreatorProfileCreateManyInput[] = [
    { key: "ada", displayName: "Ada Quill", slug: "ada-quill", verified: true, bio: "Watercolour courses for patient beginners and impatient experts." },
    { key: "ben", displayName: "Ben Okafor Sound", slug: "ben-okafor", verified: true, bio: "Audio stories, ambient recordings and sound-design lessons." },
    { key: "cleo", displayName: "Cleo Marsh", slug: "cleo-marsh", verified: false, bio: "Writing craft, worldbuilding and serial fiction." },
  ].map((c) => {
    const u = USERS.find((x) => x.key === c.key)!;
    return {
      id: sid("creator", c.key),
      userId: userId(c.key),
      displayName: c.displayName,
      slug: c.slug,
      bio: c.bio,
      payoutAccount: `acct_demo_${seedHex(`connect:${c.key}`, 14)}`,
      verified: c.verified,
      verifiedAt: c.verified ? ctx.at(u.createdDay + 3, 12) : null,
      ...stamps(ctx.at(u.createdDay, 10)),
    };
  });
  await ctx.add("CreatorProfile", prisma.creatorProfile.createMany({ data: creatorProfiles, skipDuplicates: true }));

  // Sessions: a rotated family (old row replaced by the newer one, both now revoked by sign-out) and
  // an expired one. Token hashes are of nothing anyone holds, and none of these rows is usable.
  const family = sid("session-family", "fan1");
  const newer: Prisma.AuthSessionCreateManyInput = {
    id: sid("session", "fan1", 2),
    userId: userId("fan1"),
    familyId: family,
    refreshTokenHash: seedHex("session-hash:fan1:2", 64),
    userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15",
    ipAddress: "203.0.113.10",
    expiresAt: ctx.at(-10),
    lastUsedAt: ctx.at(-38, 8),
    revokedAt: ctx.at(-38, 9),
    revokeReason: "sign_out",
    ...stamps(ctx.at(-39, 8)),
  };
  const older: Prisma.AuthSessionCreateManyInput = {
    id: sid("session", "fan1", 1),
    userId: userId("fan1"),
    familyId: family,
    refreshTokenHash: seedHex("session-hash:fan1:1", 64),
    userAgent: newer.userAgent,
    ipAddress: "203.0.113.10",
    expiresAt: ctx.at(-11),
    lastUsedAt: ctx.at(-39, 8),
    rotatedAt: ctx.at(-39, 8),
    revokedAt: ctx.at(-38, 9),
    revokeReason: "sign_out",
    replacedById: newer.id,
    ...stamps(ctx.at(-41, 8)),
  };
  const expired: Prisma.AuthSessionCreateManyInput = {
    id: sid("session", "ben", 1),
    userId: userId("ben"),
    familyId: sid("session-family", "ben"),
    refreshTokenHash: seedHex("session-hash:ben:1", 64),
    userAgent: "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
    ipAddress: "198.51.100.23",
    expiresAt: ctx.at(-5),
    lastUsedAt: ctx.at(-30, 17),
    ...stamps(ctx.at(-35, 17)),
  };
  await ctx.add("AuthSession", prisma.authSession.createMany({ data: [newer], skipDuplicates: true }));
  await ctx.add("AuthSession", prisma.authSession.createMany({ data: [older, expired], skipDuplicates: true }));

  await ctx.add(
    "PasswordResetToken",
    prisma.passwordResetToken.createMany({
      data: [
        { id: sid("password-reset", "fan2", 1), userId: userId("fan2"), tokenHash: seedHex("reset-hash:fan2:1", 64), expiresAt: ctx.at(-60, 11), usedAt: ctx.at(-60, 10, 20), ipAddress: "203.0.113.44", ...stamps(ctx.at(-60, 10)) },
        { id: sid("password-reset", "fan4", 1), userId: userId("fan4"), tokenHash: seedHex("reset-hash:fan4:1", 64), expiresAt: ctx.at(-12, 15), ipAddress: "198.51.100.7", ...stamps(ctx.at(-12, 14)) },
      ],
      skipDuplicates: true,
    }),
  );

  await ctx.add(
    "EmailVerificationToken",
    prisma.emailVerificationToken.createMany({
      data: [
        { id: sid("email-verification", "fan1", 1), userId: userId("fan1"), email: "fan1@demo.test", tokenHash: seedHex("verify-hash:fan1:1", 64), expiresAt: ctx.at(-179, 9), usedAt: ctx.at(-180, 9, 5), ...stamps(ctx.at(-180, 9)) },
        // fan5 never verified: the link sent at sign-up has expired.
        { id: sid("email-verification", "fan5", 1), userId: userId("fan5"), email: "fan5@demo.test", tokenHash: seedHex("verify-hash:fan5:1", 64), expiresAt: ctx.at(-19, 9), ...stamps(ctx.at(-20, 9)) },
      ],
      skipDuplicates: true,
    }),
  );
}
