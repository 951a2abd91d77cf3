// Credit packs on sale (issue 17: members buy credits, EARNED_PURCHASE); one retired pack.
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";

const PACKS = [
  { key: "starter", name: "Starter: 10 credits", credits: 10, price: "9.00", isActive: true },
  { key: "studio", name: "Studio: 50 credits", credits: 50, price: "40.00", isActive: true },
  { key: "launch", name: "Launch offer: 25 credits", credits: 25, price: "15.00", isActive: false },
];

export async function seedCreditPacks(ctx: SeedContext): Promise<void> {
  await ctx.add(
    "CreditPack",
    ctx.prisma.creditPack.createMany({
      data: PACKS.map((p, i) => ({ id: sid("credit-pack", p.key), name: p.name, credits: p.credits, price: p.price, currency: "USD", isActive: p.isActive, ...stamps(ctx.at(-200 + i * 20, 8)) })),
      skipDuplicates: true,
    }),
  );
}
