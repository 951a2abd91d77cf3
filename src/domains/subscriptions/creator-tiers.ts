// Creator-owned tiers (002 creators.tiers; Toy Soldiers' creator memberships): a creator creates,
// prices and archives their own membership tiers. A creator's tier only ever opens that creator's
// members-only content (the subscription_content_grants view joins content on the tier's
// creator) and, through offeringAccessRules, that creator's offerings. Platform concerns stay with
// admins: quotas, platform credits, featuring/sort order and provider price ids are not part of
// the creator's input at all. Someone else's tier answers NOT_FOUND.
import type { SubscriptionTier } from "../../generated/prisma/client.ts";
import { builder } from "../../schema/builder.ts";
import { requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { createTier, deleteTier, updateTier, type TierInput } from "./service.ts";

/** The service validates every field with zod (partial for updates), as for the admin mutations. */
type TierPatch = Omit<TierInput, "creatorId">;
import { SubscriptionTierRef } from "./types.ts";

export interface CreatorTierInput {
  name?: string | null;
  slug?: string | null;
  description?: string | null;
  priceMonthly?: string | null;
  priceYearly?: string | null;
  currency?: string | null;
  trialDays?: number | null;
  features?: string[] | null;
  offeringAccessRules?: unknown[] | null;
}

/** GraphQL null on a non-nullable column means "leave it" for an update, "default" for a create. */
function present(input: CreatorTierInput) {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (v === null && !["description", "priceMonthly", "priceYearly"].includes(k)) continue;
    out[k] = v;
  }
  return out;
}

async function ownTier(ctx: Context, id: string): Promise<SubscriptionTier> {
  const viewer = requireViewer(ctx);
  const tier = await ctx.prisma.subscriptionTier.findFirst({ where: { id, creatorId: viewer.id } });
  if (!tier) throw errors.notFound("SubscriptionTier", id);
  return tier;
}

export async function createCreatorTier(ctx: Context, input: CreatorTierInput): Promise<SubscriptionTier> {
  const viewer = requireViewer(ctx);
  const data = present(input);
  if (data.priceMonthly == null && data.priceYearly == null) throw errors.badInput("priceMonthly", "a membership tier needs a monthly or a yearly price");
  // MEMBERS_ONLY content of this creator (no categories, not the whole catalogue).
  return createTier(ctx, { ...(data as unknown as TierPatch), fullCatalogAccess: false, categories: [], creatorId: viewer.id });
}

export async function updateCreatorTier(ctx: Context, id: string, input: CreatorTierInput): Promise<SubscriptionTier> {
  await ownTier(ctx, id);
  return updateTier(ctx, id, present(input) as unknown as TierPatch);
}

/** Archives (isActive: false) or re-opens a tier. Subscribers keep it until their period ends. */
export async function setCreatorTierActive(ctx: Context, id: string, isActive: boolean): Promise<SubscriptionTier> {
  await ownTier(ctx, id);
  return updateTier(ctx, id, { isActive } as unknown as TierPatch);
}

export async function deleteCreatorTier(ctx: Context, id: string): Promise<string> {
  await ownTier(ctx, id);
  return deleteTier(ctx, id);
}

// ---------------------------------------------------------------------------------------------
// Graph
// ---------------------------------------------------------------------------------------------

const OfferingRuleInput = builder.inputType("CreatorTierOfferingRuleInput", {
  fields: (t) => ({
    type: t.string({ required: true, description: "An OfferingType (ONE_TIME_EVENT, …)." }),
    included: t.boolean({ required: true }),
    discountPercent: t.float({ required: false }),
  }),
});

function creatorTierInput(name: string, create: boolean) {
  return builder.inputType(name, {
    description: create ? "A creator's membership tier: a name, a slug and at least one price." : "Omitted fields keep their value; null clears description or a price.",
    fields: (t) => ({
      name: t.string({ required: create }),
      slug: t.string({ required: create }),
      description: t.string({ required: false }),
      priceMonthly: t.field({ type: "Decimal", required: false }),
      priceYearly: t.field({ type: "Decimal", required: false }),
      currency: t.string({ required: false, description: "3-letter code; default USD." }),
      trialDays: t.int({ required: false }),
      features: t.stringList({ required: false, description: "Marketing bullet points." }),
      offeringAccessRules: t.field({ type: [OfferingRuleInput], required: false, description: "Which of the creator's own offerings members book with SUBSCRIPTION." }),
    }),
  });
}

const CreateInput = creatorTierInput("CreatorTierCreateInput", true);
const UpdateInput = creatorTierInput("CreatorTierUpdateInput", false);

const refetch = (ctx: Context, query: object, tier: SubscriptionTier) => ctx.prisma.subscriptionTier.findUniqueOrThrow({ ...query, where: { id: tier.id } });

builder.mutationFields((t) => ({
  createCreatorTier: t.prismaField({
    type: "SubscriptionTier",
    description: "Creators: a membership tier of their own; it opens only their MEMBERS_ONLY content. Slug taken → CONFLICT SLUG_TAKEN.",
    args: { input: t.arg({ type: CreateInput, required: true }) },
    resolve: async (query, _r, args, ctx) => refetch(ctx, query, await createCreatorTier(ctx, args.input as CreatorTierInput)),
  }),
  updateCreatorTier: t.prismaField({
    type: "SubscriptionTier",
    description: "Creators: changes one of their own tiers (price changes apply to new subscriptions). Another creator's tier → NOT_FOUND.",
    args: { id: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }), input: t.arg({ type: UpdateInput, required: true }) },
    resolve: async (query, _r, args, ctx) => refetch(ctx, query, await updateCreatorTier(ctx, args.id.id, args.input as CreatorTierInput)),
  }),
  archiveCreatorTier: t.prismaField({
    type: "SubscriptionTier",
    description: "Creators: stops selling one of their tiers (isActive false); current members keep it until their period ends.",
    args: { id: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }) },
    resolve: async (query, _r, args, ctx) => refetch(ctx, query, await setCreatorTierActive(ctx, args.id.id, false)),
  }),
  restoreCreatorTier: t.prismaField({
    type: "SubscriptionTier",
    description: "Creators: puts an archived tier of theirs back on sale.",
    args: { id: t.arg.globalID({ required: true, for: [SubscriptionTierRef] }) },
    resolve: async (query, _r, args, ctx) => refetch(ctx, query, await setCreatorTierActive(ctx, args.id.id, true)),
  }),
}));
