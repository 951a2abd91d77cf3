// Rows for the subscription tests, written straight with app.prisma.
import { randomUUID } from "node:crypto";
import Stripe from "stripe";
import type { Prisma, Subscription, SubscriptionTier } from "../../../src/generated/prisma/client.ts";
import { encodeGlobalId } from "../../../src/core/ids.ts";
import type { StripeBilling } from "../../../src/core/ports.ts";
import type { TestApp } from "../app.ts";

export const gid = encodeGlobalId;
const DAY = 86_400_000;

/** A member with a verified e-mail address (subscribing needs one); `verified: false` for one without. */
export async function makeUser(app: TestApp, opts: { admin?: boolean; creator?: boolean; verified?: boolean } = {}) {
  const user = await app.prisma.user.create({
    data: {
      email: `u-${randomUUID()}@example.test`,
      emailVerifiedAt: opts.verified === false ? null : app.clock.now(),
      roles: { create: [{ role: "MEMBER" as const }, ...(opts.admin ? [{ role: "ADMIN" as const }] : []), ...(opts.creator ? [{ role: "CREATOR" as const }] : [])] },
    },
  });
  return { id: user.id, gid: gid("User", user.id), token: () => app.token(user.id) };
}

export async function makeTier(app: TestApp, data: Partial<Prisma.SubscriptionTierUncheckedCreateInput> = {}): Promise<SubscriptionTier> {
  const slug = data.slug ?? `tier-${randomUUID().slice(0, 8)}`;
  return app.prisma.subscriptionTier.create({ data: { name: data.name ?? slug, priceMonthly: "9.99", ...data, slug } });
}

export async function makeFreeTier(app: TestApp, data: Partial<Prisma.SubscriptionTierUncheckedCreateInput> = {}) {
  return makeTier(app, { name: "Free", slug: "free", priceMonthly: null, priceYearly: null, ...data });
}

export async function makeSubscription(
  app: TestApp,
  data: Partial<Prisma.SubscriptionUncheckedCreateInput> & { userId: string; tierId: string },
): Promise<Subscription> {
  const now = app.clock.now();
  return app.prisma.subscription.create({
    data: {
      status: "ACTIVE",
      provider: "LOCAL",
      currentPeriodStart: new Date(now.getTime() - DAY),
      currentPeriodEnd: new Date(now.getTime() + 29 * DAY),
      ...data,
    },
  });
}

export async function makeContent(app: TestApp, data: Partial<Prisma.ContentUncheckedCreateInput> & { creatorId: string }) {
  const slug = `c-${randomUUID()}`;
  return app.prisma.content.create({
    data: {
      title: data.title ?? slug,
      slug,
      mediaType: "VIDEO",
      mediaUrl: `https://cdn.example.test/${slug}.mp4`,
      status: "PUBLISHED",
      publishedAt: app.clock.now(),
      visibility: "MEMBERS_ONLY",
      ...data,
    },
  });
}

export async function liveSubscriptionOf(app: TestApp, userId: string) {
  return app.prisma.subscription.findFirst({ where: { userId, status: { in: ["TRIALING", "ACTIVE", "PAST_DUE"] } }, include: { tier: true } });
}

export async function creditBalanceOf(app: TestApp, userId: string): Promise<number> {
  return (await app.prisma.creditBalance.findUnique({ where: { userId } }))?.currentBalance ?? 0;
}

export const STRIPE_ENV = { STRIPE_SECRET_KEY: "sk_test_subscriptions_offline", STRIPE_WEBHOOK_SECRET: "whsec_subscriptions_test_secret" };

/** Posts a Stripe event signed with the test webhook secret (the signature check is real and offline). */
export async function postStripeEvent(app: TestApp, event: { id: string; type: string; created?: number; data: { object: unknown } }) {
  const payload = JSON.stringify({ object: "event", api_version: "2026-10-28", livemode: false, created: event.created ?? Math.floor(app.clock.now().getTime() / 1000), ...event });
  const header = new Stripe(STRIPE_ENV.STRIPE_SECRET_KEY).webhooks.generateTestHeaderString({ payload, secret: STRIPE_ENV.STRIPE_WEBHOOK_SECRET });
  const res = await app.yoga.fetch("http://test/webhooks/stripe", { method: "POST", headers: { "stripe-signature": header, "content-type": "application/json" }, body: payload });
  return { status: res.status, body: (await res.json()) as { outcome?: string; error?: string } };
}

const unix = (d: Date) => Math.floor(d.getTime() / 1000);

/** A Stripe subscription object (the parts we read) in the current API shape. */
export function stripeSubscription(p: {
  id: string;
  status: Stripe.Subscription.Status;
  priceId: string;
  start: Date;
  end: Date;
  customer?: string;
  metadata?: Record<string, string>;
  cancelAtPeriodEnd?: boolean;
  trialEnd?: Date | null;
  endedAt?: Date | null;
}): Stripe.Subscription {
  return {
    id: p.id,
    object: "subscription",
    customer: p.customer ?? "cus_test",
    status: p.status,
    metadata: p.metadata ?? {},
    cancel_at_period_end: p.cancelAtPeriodEnd ?? false,
    canceled_at: null,
    ended_at: p.endedAt ? unix(p.endedAt) : null,
    trial_end: p.trialEnd ? unix(p.trialEnd) : null,
    items: { object: "list", data: [{ id: `si_${p.id}`, price: { id: p.priceId }, current_period_start: unix(p.start), current_period_end: unix(p.end) }] },
  } as unknown as Stripe.Subscription;
}

export function stripeInvoice(p: { id: string; subscription: string; billingReason: string; start: Date; end: Date }) {
  return {
    id: p.id,
    object: "invoice",
    billing_reason: p.billingReason,
    parent: { type: "subscription_details", subscription_details: { subscription: p.subscription, metadata: {} } },
    lines: { object: "list", data: [{ id: `il_${p.id}`, period: { start: unix(p.start), end: unix(p.end) } }] },
  };
}

/** An offline stand-in for Stripe's API: records calls, answers like Stripe would. */
export class FakeStripeBilling implements StripeBilling {
  calls: { method: string; args: unknown[] }[] = [];
  nextStatus: Stripe.Subscription.Status = "active";
  private subs = new Map<string, Stripe.Subscription>();
  constructor(private clock: () => Date) {}
  async ensureCustomer(user: { id: string; stripeCustomerId: string | null }) {
    this.calls.push({ method: "ensureCustomer", args: [user.id] });
    return user.stripeCustomerId ?? `cus_${user.id.slice(0, 8)}`;
  }
  async createSubscription(p: Parameters<StripeBilling["createSubscription"]>[0]) {
    this.calls.push({ method: "createSubscription", args: [p] });
    const existing = [...this.subs.values()].find((s) => s.metadata.idem === p.idempotencyKey);
    if (existing) return { subscription: existing, clientSecret: "pi_secret_test" };
    const now = this.clock();
    const trial = p.trialDays > 0;
    const end = trial ? new Date(now.getTime() + p.trialDays * DAY) : new Date(now.getTime() + 30 * DAY);
    const sub = stripeSubscription({
      id: `sub_${randomUUID().slice(0, 12)}`,
      status: trial ? "trialing" : this.nextStatus,
      priceId: p.priceId,
      start: now,
      end,
      customer: p.customerId,
      metadata: { ...p.metadata, idem: p.idempotencyKey },
      trialEnd: trial ? end : null,
    });
    this.subs.set(sub.id, sub);
    return { subscription: sub, clientSecret: this.nextStatus === "incomplete" ? "pi_secret_test" : null };
  }
  async setCancelAtPeriodEnd(id: string, cancel: boolean) {
    this.calls.push({ method: "setCancelAtPeriodEnd", args: [id, cancel] });
    return this.subs.get(id)!;
  }
  async cancelNow(id: string) {
    this.calls.push({ method: "cancelNow", args: [id] });
    return this.subs.get(id)!;
  }
  async changePrice(id: string, priceId: string, metadata: Record<string, string>) {
    this.calls.push({ method: "changePrice", args: [id, priceId, metadata] });
    return this.subs.get(id)!;
  }
}

export const DAY_MS = DAY;
