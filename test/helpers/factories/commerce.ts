// Rows for commerce and offerings tests, created directly with app.prisma.
import { randomUUID } from "node:crypto";
import { transaction } from "../../../src/core/tx.ts";
import { applyCreditChange } from "../../../src/domains/commerce/credits.ts";
import type { Prisma, Role } from "../../../src/generated/prisma/client.ts";
import { encodeGlobalId } from "../../../src/core/ids.ts";
import type { TestApp } from "../app.ts";

let seq = 0;
const uniq = () => `${(seq++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

export const gid = (type: string, id: string) => encodeGlobalId(type, id);
export const key = () => `key-${randomUUID()}`;

export interface TestUser {
  id: string;
  gid: string;
  email: string;
  token: string;
}

/** A signed-up member with a verified e-mail address (purchases need one); `verified: false` for one who has not clicked the link yet. */
export async function makeUser(app: TestApp, opts: { roles?: Role[]; creatorProfile?: boolean; name?: string; verified?: boolean } = {}): Promise<TestUser> {
  const email = `u-${uniq()}@example.test`;
  const roles = opts.roles ?? ["MEMBER"];
  const u = await app.prisma.user.create({
    data: {
      email,
      fullName: opts.name ?? null,
      emailVerifiedAt: opts.verified === false ? null : app.clock.now(),
      roles: { create: roles.map((role) => ({ role })) },
      ...(opts.creatorProfile ? { creatorProfile: { create: { displayName: opts.name ?? "Creator" } } } : {}),
    },
  });
  return { id: u.id, gid: gid("User", u.id), email, token: await app.token(u.id) };
}

export const makeCreator = (app: TestApp) => makeUser(app, { roles: ["MEMBER", "CREATOR"], creatorProfile: true });
export const makeAdmin = (app: TestApp) => makeUser(app, { roles: ["MEMBER", "ADMIN"] });

export async function makeContent(
  app: TestApp,
  creatorId: string,
  opts: { price?: string | null; visibility?: "PUBLIC" | "PURCHASED_ONLY" | "MEMBERS_ONLY" | "PRIVATE" | "UNLISTED"; status?: "DRAFT" | "PUBLISHED"; seriesId?: string; seriesPosition?: number; currency?: string } = {},
) {
  const c = await app.prisma.content.create({
    data: {
      creatorId,
      title: `Content ${uniq()}`,
      slug: `content-${uniq()}`,
      mediaType: "VIDEO",
      mediaUrl: "https://cdn.example.test/media.mp4",
      streamUrl: "https://cdn.example.test/stream.m3u8",
      contentBody: "<p>secret body</p>",
      visibility: opts.visibility ?? "PURCHASED_ONLY",
      status: opts.status ?? "PUBLISHED",
      publishedAt: app.clock.now(),
      price: opts.price === undefined ? "9.99" : opts.price,
      currency: opts.currency ?? "USD",
      seriesId: opts.seriesId ?? null,
      seriesPosition: opts.seriesPosition ?? null,
    },
  });
  return { ...c, gid: gid("Content", c.id) };
}

export async function makeSeries(app: TestApp, creatorId: string, opts: { price?: string | null; status?: "DRAFT" | "PUBLISHED" } = {}) {
  const s = await app.prisma.contentSeries.create({
    data: { creatorId, title: `Series ${uniq()}`, slug: `series-${uniq()}`, price: opts.price === undefined ? "29.00" : opts.price, status: opts.status ?? "PUBLISHED", publishedAt: app.clock.now() },
  });
  return { ...s, gid: gid("ContentSeries", s.id) };
}

export async function makeVoicePack(app: TestApp, opts: { price?: string; isActive?: boolean } = {}) {
  const v = await app.prisma.voicePack.create({ data: { name: `Voices ${uniq()}`, price: opts.price ?? "4.99", voiceIds: ["narrator-a", "narrator-b"], isActive: opts.isActive ?? true } });
  return { ...v, gid: gid("VoicePack", v.id) };
}

export async function makeOffering(app: TestApp, creatorId: string, data: Partial<Prisma.OfferingUncheckedCreateInput> = {}) {
  const o = await app.prisma.offering.create({
    data: {
      creatorId,
      title: `Offering ${uniq()}`,
      slug: `offering-${uniq()}`,
      offeringType: "ONE_TIME_EVENT",
      capacityType: "SMALL_GROUP",
      maxParticipants: 10,
      deliveryMethod: "ONLINE",
      schedule: { date: futureDate(30, app.clock.now()), start_time: "18:00", duration_minutes: 90, timezone: "UTC" },
      status: "PUBLISHED",
      publishedAt: app.clock.now(),
      ...data,
    },
  });
  return { ...o, gid: gid("Offering", o.id) };
}

/** YYYY-MM-DD `days` after `from` (UTC): pass the app's clock (`app.clock.now()`), never the wall clock. */
export function futureDate(days: number, from: Date): string {
  return new Date(from.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export async function giveCredits(app: TestApp, userId: string, amount: number, expiresAt: Date | null = null) {
  return transaction(app.prisma, (tx) => applyCreditChange(tx, { userId, type: "EARNED_PURCHASE", amount, expiresAt, description: "test setup" }));
}

/** Every day 09:00-17:00 UTC, the availability of the bookable-service factories. */
export const EVERY_DAY = Object.fromEntries(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((d) => [d, [{ start: "09:00", end: "17:00" }]]));

/** A published one-on-one bookable service (RECURRING_BOOKABLE, 60-minute slots, 14-day window), 80.00 USD. */
export function makeConsultation(app: TestApp, creatorId: string, schedule: Record<string, unknown> = {}, data: Partial<Prisma.OfferingUncheckedCreateInput> = {}) {
  return makeOffering(app, creatorId, {
    offeringType: "RECURRING_BOOKABLE",
    capacityType: "ONE_ON_ONE",
    maxParticipants: null,
    price: "80.00",
    schedule: { availability: EVERY_DAY, session_minutes: 60, booking_window_days: 14, buffer_minutes: 0, timezone: "UTC", ...schedule },
    ...data,
  });
}
