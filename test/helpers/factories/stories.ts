// Factories for the story and comment tests: rows written with app.prisma (the API itself is
// exercised by the tests). Voice-pack ownership is granted here until the commerce purchase
// flow lands.
import { randomUUID } from "node:crypto";
import type { Role } from "../../../src/generated/prisma/client.ts";
import { encodeGlobalId } from "../../../src/core/ids.ts";
import type { TestApp } from "../app.ts";

export const gid = encodeGlobalId;

export interface TestUser {
  id: string;
  token: string;
}

export async function makeUser(app: TestApp, roles: Role[] = ["MEMBER"], name = "user"): Promise<TestUser> {
  const user = await app.prisma.user.create({
    data: {
      email: `${name}-${randomUUID().slice(0, 8)}@example.test`,
      fullName: name,
      roles: { create: roles.map((role) => ({ role })) },
    },
  });
  return { id: user.id, token: await app.token(user.id) };
}

export async function makeVoicePack(app: TestApp, voiceIds: string[], opts: { isPremium?: boolean; isActive?: boolean } = {}) {
  return app.prisma.voicePack.create({
    data: { name: `Pack ${randomUUID().slice(0, 6)}`, price: "4.99", currency: "USD", voiceIds, isPremium: opts.isPremium ?? true, isActive: opts.isActive ?? true },
  });
}

/** Stands in for the commerce purchase flow. */
export async function grantVoicePack(app: TestApp, userId: string, voicePackId: string, revoked = false) {
  return app.prisma.userVoicePack.create({ data: { userId, voicePackId, revokedAt: revoked ? app.clock.now() : null } });
}

export async function makeSubscription(
  app: TestApp,
  userId: string,
  opts: { status?: "ACTIVE" | "TRIALING" | "PAST_DUE" | "CANCELED" | "EXPIRED"; periodEnd?: Date; creatorId?: string | null; slug?: string } = {},
) {
  const slug = opts.slug ?? `tier-${randomUUID().slice(0, 8)}`;
  const tier = await app.prisma.subscriptionTier.upsert({
    where: { slug },
    create: { slug, name: slug, priceMonthly: "9.99", creatorId: opts.creatorId ?? null },
    update: {},
  });
  const now = app.clock.now();
  return app.prisma.subscription.create({
    data: {
      userId,
      tierId: tier.id,
      status: opts.status ?? "ACTIVE",
      provider: "LOCAL",
      currentPeriodStart: new Date(now.getTime() - 86_400_000),
      currentPeriodEnd: opts.periodEnd ?? new Date(now.getTime() + 30 * 86_400_000),
      pastDueSince: opts.status === "PAST_DUE" ? now : null,
    },
  });
}

export interface StorySpec {
  title?: string;
  status?: "DRAFT" | "PUBLISHED";
  visibility?: "PUBLIC" | "UNLISTED" | "PRIVATE";
  tags?: string[];
  /** key → node options; the first key is the start node unless `start` says otherwise. */
  nodes: Record<string, { ending?: boolean; deleted?: boolean; narratorVoiceId?: string; characterVoices?: Record<string, string>; order?: number }>;
  /** [from, to, label?, gate?] */
  choices?: [string, string, string?, { gate: "VOICE_PACK" | "SUBSCRIPTION"; voicePackId?: string }?][];
  start?: string | null;
  playCount?: number;
  completionCount?: number;
  publishedAt?: Date;
}

export interface BuiltStory {
  id: string;
  gid: string;
  nodes: Record<string, string>;
  nodeGid: (key: string) => string;
  choices: string[];
  choiceGid: (index: number) => string;
}

/** Builds a story graph directly in the database (for broken stories the API would refuse). */
export async function buildStory(app: TestApp, creatorId: string, spec: StorySpec): Promise<BuiltStory> {
  const story = await app.prisma.story.create({
    data: {
      creatorId,
      title: spec.title ?? "A story",
      status: spec.status ?? "PUBLISHED",
      visibility: spec.visibility ?? "PUBLIC",
      publishedAt: (spec.status ?? "PUBLISHED") === "PUBLISHED" ? spec.publishedAt ?? app.clock.now() : null,
      tags: spec.tags ?? [],
      playCount: spec.playCount ?? 0,
      completionCount: spec.completionCount ?? 0,
    },
  });
  const nodes: Record<string, string> = {};
  let order = 0;
  for (const [key, n] of Object.entries(spec.nodes)) {
    const row = await app.prisma.storyNode.create({
      data: {
        storyId: story.id,
        nodeOrder: n.order ?? order++,
        title: key,
        content: `Node ${key}`,
        isEnding: n.ending ?? false,
        deletedAt: n.deleted ? app.clock.now() : null,
        narratorVoiceId: n.narratorVoiceId ?? null,
        characterVoices: n.characterVoices ?? {},
      },
    });
    nodes[key] = row.id;
  }
  const choices: string[] = [];
  const positions: Record<string, number> = {};
  for (const [from, to, label, gate] of spec.choices ?? []) {
    const c = await app.prisma.storyChoice.create({
      data: {
        storyId: story.id,
        fromNodeId: nodes[from],
        toNodeId: nodes[to] ?? to,
        label: label ?? `${from} → ${to}`,
        position: (positions[from] = (positions[from] ?? -1) + 1),
        gate: gate?.gate ?? "NONE",
        gateVoicePackId: gate?.voicePackId ?? null,
      },
    });
    choices.push(c.id);
  }
  const startKey = spec.start === undefined ? Object.keys(spec.nodes)[0] : spec.start;
  if (startKey) await app.prisma.story.update({ where: { id: story.id }, data: { startNodeId: nodes[startKey] ?? startKey } });
  return {
    id: story.id,
    gid: gid("Story", story.id),
    nodes,
    nodeGid: (key) => gid("StoryNode", nodes[key]),
    choices,
    choiceGid: (i) => gid("StoryChoice", choices[i]),
  };
}

export async function makeContent(app: TestApp, creatorId: string, opts: { visibility?: "PUBLIC" | "PRIVATE"; status?: "DRAFT" | "PUBLISHED" } = {}) {
  return app.prisma.content.create({
    data: {
      creatorId,
      title: "Some content",
      slug: `content-${randomUUID().slice(0, 8)}`,
      mediaType: "AUDIO",
      visibility: opts.visibility ?? "PUBLIC",
      status: opts.status ?? "PUBLISHED",
      publishedAt: app.clock.now(),
    },
  });
}
