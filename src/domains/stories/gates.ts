// Choice gates and voice-pack voices, for the viewer.
//  - A VOICE_PACK gate needs a live (not revoked) user_voice_packs row for that pack.
//  - A SUBSCRIPTION gate needs an entitling subscription (subscriptions/entitlements.ts) to a
//    platform-wide paid tier or to one of the story creator's tiers (the lazily created "free"
//    tier never counts).
//  - The story's creator and admins pass every gate (they must be able to test every branch).
// Narrator and character voices that belong only to premium voice packs the viewer does not own
// are replaced by STORY_DEFAULT_VOICE_ID.
// Reads go through per-request caches, so a list of choices or nodes costs a fixed number of
// statements whatever its size.
import DataLoader from "dataloader";
import { createContextCache } from "@pothos/core";
import type { ChoiceGate, Prisma } from "../../generated/prisma/client.ts";
import type { Tx } from "../../core/tx.ts";
import { isAdmin, type Context, type Viewer } from "../../core/context.ts";
import { entitlingSubscriptionWhere } from "../subscriptions/index.ts";
import { FREE_TIER_SLUG } from "../subscriptions/index.ts";

export type LockReason = "VOICE_PACK_REQUIRED" | "SUBSCRIPTION_REQUIRED";

export interface Entitlements {
  ownedVoicePackIds: ReadonlySet<string>;
  /** Platform-wide paid subscription. */
  platformSubscriber: boolean;
  /** Creators whose tiers the viewer subscribes to. */
  subscribedCreatorIds: ReadonlySet<string>;
}

export interface GatedChoice {
  gate: ChoiceGate;
  gateVoicePackId: string | null;
  storyCreatorId: string;
}

export function subscriptionGateWhere(userId: string, now: Date, graceDays: number): Prisma.SubscriptionWhereInput {
  return { userId, ...entitlingSubscriptionWhere(now, graceDays), tier: { slug: { not: FREE_TIER_SLUG } } };
}

/** Everything a viewer's gate checks need, in two statements (usable inside a transaction). */
export async function loadEntitlements(db: Tx, userId: string, now: Date, graceDays: number): Promise<Entitlements> {
  const [packs, subs] = await Promise.all([
    db.userVoicePack.findMany({ where: { userId, revokedAt: null }, select: { voicePackId: true } }),
    db.subscription.findMany({ where: subscriptionGateWhere(userId, now, graceDays), select: { tier: { select: { creatorId: true } } } }),
  ]);
  return {
    ownedVoicePackIds: new Set(packs.map((p) => p.voicePackId)),
    platformSubscriber: subs.some((s) => s.tier.creatorId === null),
    subscribedCreatorIds: new Set(subs.flatMap((s) => (s.tier.creatorId ? [s.tier.creatorId] : []))),
  };
}

export function lockReason(viewer: Viewer | null, choice: GatedChoice, ent: Entitlements | null): LockReason | null {
  if (choice.gate === "NONE") return null;
  if (viewer && (isAdmin(viewer) || viewer.id === choice.storyCreatorId)) return null;
  if (choice.gate === "VOICE_PACK") {
    if (!viewer || !ent) return "VOICE_PACK_REQUIRED";
    return choice.gateVoicePackId && ent.ownedVoicePackIds.has(choice.gateVoicePackId) ? null : "VOICE_PACK_REQUIRED";
  }
  if (!viewer || !ent) return "SUBSCRIPTION_REQUIRED";
  return ent.platformSubscriber || ent.subscribedCreatorIds.has(choice.storyCreatorId) ? null : "SUBSCRIPTION_REQUIRED";
}

const entitlementsCache = createContextCache((_ctx: Context) => ({ promise: null as Promise<Entitlements | null> | null }));

/** The viewer's entitlements, loaded once per request (null when anonymous). */
export function viewerEntitlements(ctx: Context): Promise<Entitlements | null> {
  const cache = entitlementsCache(ctx);
  if (!ctx.viewer) return Promise.resolve(null);
  return (cache.promise ??= loadEntitlements(ctx.prisma, ctx.viewer.id, ctx.services.clock(), ctx.config.SUBSCRIPTION_GRACE_DAYS));
}

/** Per request: which voice ids are premium-only for the viewer (in premium packs, none owned). */
const lockedVoiceLoader = createContextCache(
  (ctx: Context) =>
    new DataLoader<string, boolean>(async (voiceIds) => {
      const [packs, ent] = await Promise.all([
        ctx.prisma.voicePack.findMany({ where: { voiceIds: { hasSome: [...voiceIds] } }, select: { id: true, voiceIds: true, isPremium: true } }),
        viewerEntitlements(ctx),
      ]);
      const owned = ent?.ownedVoicePackIds ?? new Set<string>();
      return voiceIds.map((voice) => {
        const containing = packs.filter((p) => p.voiceIds.includes(voice));
        if (containing.length === 0) return false; // a standard voice
        // Free if any pack offering it is not premium, or the viewer owns one of them.
        return !containing.some((p) => !p.isPremium || owned.has(p.id));
      });
    }),
);

/** The voice the viewer's app should play for `voiceId` on a story by `storyCreatorId`. */
export async function playbackVoice(ctx: Context, voiceId: string | null, storyCreatorId: string): Promise<string | null> {
  if (!voiceId) return null;
  if (ctx.viewer && (isAdmin(ctx.viewer) || ctx.viewer.id === storyCreatorId)) return voiceId;
  return (await lockedVoiceLoader(ctx).load(voiceId)) ? ctx.config.STORY_DEFAULT_VOICE_ID : voiceId;
}

export async function playbackCharacterVoices(ctx: Context, voices: unknown, storyCreatorId: string): Promise<Record<string, string | null>> {
  const entries = voices && typeof voices === "object" && !Array.isArray(voices) ? Object.entries(voices as Record<string, unknown>) : [];
  const resolved = await Promise.all(
    entries.filter((e): e is [string, string] => typeof e[1] === "string").map(async ([name, v]) => [name, await playbackVoice(ctx, v, storyCreatorId)] as const),
  );
  return Object.fromEntries(resolved);
}
