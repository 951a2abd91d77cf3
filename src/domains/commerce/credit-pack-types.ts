// Credit packs in the graph: the catalogue (`creditPacks`), members' `purchaseCreditPack`, and
// admins' `createCreditPack` / `updateCreditPack`. Service: credit-packs.ts.
import { builder } from "../../schema/builder.ts";
import { isAdmin } from "../../core/context.ts";
import { purchaseCreditPack, saveCreditPack } from "./credit-packs.ts";
import { money } from "./money.ts";
import { CheckoutRef } from "./types.ts";

export const CreditPackNode = builder.prismaNode("CreditPack", {
  id: { field: "id" },
  nullable: true,
  description: "Credits for sale (active packs are listed to everyone; retired ones to admins).",
  findUnique: (id, ctx) => ({ id, ...(isAdmin(ctx.viewer) ? {} : { isActive: true }) }),
  fields: (t) => ({
    name: t.exposeString("name"),
    credits: t.exposeInt("credits"),
    price: t.field({ type: "Decimal", resolve: (p) => money(p.price) }),
    currency: t.exposeString("currency"),
    isActive: t.exposeBoolean("isActive"),
  }),
});

builder.queryFields((t) => ({
  creditPacks: t.prismaConnection(
    {
      type: "CreditPack",
      cursor: "id",
      description: "Credit packs on sale, cheapest first (admins also see retired ones).",
      resolve: (query, _r, _a, ctx) => ctx.prisma.creditPack.findMany({ ...query, where: isAdmin(ctx.viewer) ? {} : { isActive: true }, orderBy: [{ price: "asc" }, { id: "asc" }] }),
      totalCount: (_r, _a, ctx) => ctx.prisma.creditPack.count({ where: isAdmin(ctx.viewer) ? {} : { isActive: true } }),
    },
    {},
  ),
}));

builder.mutationFields((t) => ({
  purchaseCreditPack: t.field({
    type: CheckoutRef,
    description: "Buys a credit pack: its credits are added (EARNED_PURCHASE) when the payment completes. Same idempotencyKey → the same payment.",
    args: { creditPackId: t.arg.globalID({ required: true, for: [CreditPackNode] }), idempotencyKey: t.arg.string({ required: true }) },
    resolve: (_r, args, ctx) => purchaseCreditPack(ctx, args.creditPackId.id, args.idempotencyKey),
  }),
  createCreditPack: t.prismaField({
    type: "CreditPack",
    description: "Admins: puts a credit pack on sale.",
    args: { name: t.arg.string({ required: true }), credits: t.arg.int({ required: true }), price: t.arg({ type: "Decimal", required: true }), currency: t.arg.string({ required: false, defaultValue: "USD" }) },
    resolve: async (query, _r, args, ctx) => {
      const id = await saveCreditPack(ctx, null, { name: args.name, credits: args.credits, price: args.price, currency: args.currency ?? "USD", isActive: true });
      return ctx.prisma.creditPack.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
  updateCreditPack: t.prismaField({
    type: "CreditPack",
    description: "Admins: changes a pack (isActive: false retires it; bought credits stay).",
    args: {
      id: t.arg.globalID({ required: true, for: [CreditPackNode] }),
      name: t.arg.string({ required: false }),
      credits: t.arg.int({ required: false }),
      price: t.arg({ type: "Decimal", required: false }),
      isActive: t.arg.boolean({ required: false }),
    },
    resolve: async (query, _r, args, ctx) => {
      const id = await saveCreditPack(ctx, args.id.id, { name: args.name ?? undefined, credits: args.credits ?? undefined, price: args.price ?? undefined, isActive: args.isActive ?? undefined });
      return ctx.prisma.creditPack.findUniqueOrThrow({ ...query, where: { id } });
    },
  }),
}));
