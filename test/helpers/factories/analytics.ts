// Rows the analytics tests need, created directly with app.prisma: users, content, stories with
// nodes and choices, the story play events the story API writes, and the money, comment and
// subscription rows the dashboards read.
import { randomUUID } from "node:crypto";
import type { Role } from "../../../src/generated/prisma/client.ts";
import type { TestApp } from "../app.ts";

let seq = 0;
const next = () => `${process.pid.toString(36)}-${(++seq).toString(36)}`;

export async function makeUser(app: TestApp, opts: { roles?: Role[]; timezone?: string; createdAt?: Date; name?: string } = {}) {
  const n = next();
  return app.prisma.user.create({
    data: {
      email: `u${n}@example.test`,
      fullName: opts.name ?? `User ${n}`,
      timezone: opts.timezone ?? "UTC",
      createdAt: opts.createdAt,
      roles: { create: (opts.roles ?? ["MEMBER"]).map((role) => ({ role })) },
    },
  });
}

export async function makeCreator(app: TestApp, opts: { timezone?: string; name?: string } = {}) {
  const user = await makeUser(app, { roles: ["MEMBER", "CREATOR"], ...opts });
  await app.prisma.creatorProfile.create({ data: { userId: user.id, displayName: user.fullName } });
  return user;
}

export async function makeContent(
  app: TestApp,
  creatorId: string,
  opts: { mediaType?: "VIDEO" | "AUDIO" | "WRITTEN"; duration?: number | null; visibility?: "PUBLIC" | "PRIVATE" | "PURCHASED_ONLY"; deleted?: boolean; title?: string } = {},
) {
  const n = next();
  return app.prisma.content.create({
    data: {
      creatorId,
      title: opts.title ?? `Content ${n}`,
      slug: `content-${n}`,
      mediaType: opts.mediaType ?? "VIDEO",
      mediaDurationSeconds: opts.duration === undefined ? 600 : opts.duration,
      visibility: opts.visibility ?? "PUBLIC",
      status: "PUBLISHED",
      publishedAt: new Date("2026-01-01T00:00:00Z"),
      deletedAt: opts.deleted ? app.clock.now() : null,
    },
  });
}

/**
 * A story with nodes A (start) → B | C, B → D (ending) | C, C → E (ending). Returns the ids by
 * letter and the choices by "AB", "AC", "BD", "BC", "CE".
 */
export async function makeStory(app: TestApp, creatorId: string, opts: { title?: string } = {}) {
  const story = await app.prisma.story.create({
    data: { creatorId, title: opts.title ?? `Story ${next()}`, visibility: "PUBLIC", status: "PUBLISHED", publishedAt: new Date("2026-01-01T00:00:00Z") },
  });
  const letters = ["A", "B", "C", "D", "E"] as const;
  const nodes: Record<string, string> = {};
  for (const [i, l] of letters.entries()) {
    const node = await app.prisma.storyNode.create({
      data: { storyId: story.id, nodeOrder: i, title: `Node ${l}`, content: `Text ${l}`, isEnding: l === "D" || l === "E" },
    });
    nodes[l] = node.id;
  }
  await app.prisma.story.update({ where: { id: story.id }, data: { startNodeId: nodes.A } });
  const choices: Record<string, string> = {};
  for (const [pos, edge] of ["AB", "AC", "BD", "BC", "CE"].entries()) {
    const c = await app.prisma.storyChoice.create({
      data: { storyId: story.id, fromNodeId: nodes[edge[0]], toNodeId: nodes[edge[1]], label: `Go ${edge[1]}`, position: pos },
    });
    choices[edge] = c.id;
  }
  return { story, nodes, choices };
}

/** A story event exactly as the story play API records it. */
export async function storyEvent(
  app: TestApp,
  e: { userId: string; storyId: string; type: "story_start" | "story_choice" | "story_complete"; at: Date; nodeId: string; choiceId?: string; toNodeId?: string },
) {
  return app.prisma.event.create({
    data: {
      userId: e.userId,
      dedupeKey: e.userId,
      clientEventId: `story:${randomUUID()}`,
      eventType: e.type,
      storyId: e.storyId,
      eventData: { nodeId: e.nodeId, ...(e.choiceId ? { choiceId: e.choiceId, toNodeId: e.toNodeId } : {}) },
      serverTime: e.at,
    },
  });
}

/** A content event written directly (for dashboards tests that need exact times). */
export async function contentEvent(
  app: TestApp,
  e: { userId?: string | null; sessionId?: string; contentId: string; type: "content_view" | "playback_progress"; at: Date; watchedSeconds?: number },
) {
  return app.prisma.event.create({
    data: {
      userId: e.userId ?? null,
      sessionId: e.sessionId ?? null,
      dedupeKey: e.userId ?? `s:${e.sessionId}`,
      clientEventId: `c:${randomUUID()}`,
      eventType: e.type,
      contentId: e.contentId,
      eventData: e.type === "playback_progress" ? { positionSeconds: 10, durationSeconds: 600, watchedSeconds: e.watchedSeconds ?? 0 } : {},
      clientTime: e.at,
      serverTime: e.at,
    },
  });
}

type MoneyStatus = "COMPLETED" | "PENDING" | "REFUNDED";

/** The Payment row behind a tip or a purchase (completed / refunded at `at`). */
function makePayment(app: TestApp, p: { userId: string; purpose: "TIP" | "CONTENT"; status: MoneyStatus; amount: string; currency: string; at: Date; contentId?: string }) {
  return app.prisma.payment.create({
    data: {
      userId: p.userId,
      purpose: p.purpose,
      status: p.status,
      amount: p.amount,
      currency: p.currency,
      provider: "local",
      contentId: p.contentId,
      idempotencyKey: `pay-${next()}`,
      completedAt: p.status === "PENDING" ? null : p.at,
      refundedAt: p.status === "REFUNDED" ? p.at : null,
      createdAt: p.at,
    },
  });
}

export async function makeTip(app: TestApp, fromUserId: string, toCreatorId: string, amount: string, at: Date, opts: { status?: MoneyStatus; currency?: string } = {}) {
  const status = opts.status ?? "COMPLETED";
  const currency = opts.currency ?? "USD";
  const payment = await makePayment(app, { userId: fromUserId, purpose: "TIP", status, amount, currency, at });
  return app.prisma.tip.create({
    data: { fromUserId, toCreatorId, amount, currency, status, paymentId: payment.id, idempotencyKey: `tip-${next()}`, createdAt: at },
  });
}

export async function makePurchase(app: TestApp, customerId: string, contentId: string, amount: string, at: Date, opts: { status?: "COMPLETED" | "REFUNDED"; currency?: string } = {}) {
  const status = opts.status ?? "COMPLETED";
  const currency = opts.currency ?? "USD";
  const payment = await makePayment(app, { userId: customerId, purpose: "CONTENT", status, amount, currency, at, contentId });
  return app.prisma.purchase.create({
    data: { customerId, contentId, paymentId: payment.id, amountPaid: amount, currency, status, purchasedAt: at, idempotencyKey: `buy-${next()}`, createdAt: at },
  });
}

export async function makeComment(app: TestApp, authorId: string, target: { contentId?: string; storyId?: string }, at: Date, opts: { deleted?: boolean } = {}) {
  return app.prisma.comment.create({ data: { authorId, ...target, body: "Nice", createdAt: at, deletedAt: opts.deleted ? at : null } });
}

export async function makeTier(app: TestApp, creatorId: string) {
  const n = next();
  return app.prisma.subscriptionTier.create({ data: { creatorId, name: `Tier ${n}`, slug: `tier-${n}`, priceMonthly: "5.00" } });
}

export async function makeSubscription(app: TestApp, userId: string, tierId: string, at: Date, status: "ACTIVE" | "CANCELED" | "TRIALING" = "ACTIVE") {
  return app.prisma.subscription.create({
    data: {
      userId,
      tierId,
      status,
      provider: "LOCAL",
      currentPeriodStart: at,
      currentPeriodEnd: new Date(at.getTime() + 30 * 86_400_000),
      createdAt: at,
    },
  });
}
