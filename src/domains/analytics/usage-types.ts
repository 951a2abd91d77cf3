// Usage in the graph: `User.usage` (the user themself and admins) and `usageTotals` (admins).
// Periods and costs are explained in usage.ts.
import { builder } from "../../schema/builder.ts";
import { MAX_USAGE_PERIODS, type AiUsageSummary, type SeoUsageSummary, type UsageCost, type UsagePeriod, userUsage, usageTotals } from "./usage.ts";

const UsageCostRef = builder.objectRef<UsageCost>("UsageCost").implement({
  description: "A cost in one currency (costs in different currencies are never added). Six decimal places, as recorded.",
  fields: (t) => ({
    amount: t.field({ type: "Decimal", resolve: (c) => c.amount.toFixed(6) }),
    currency: t.exposeString("currency"),
  }),
});

const AiUsageSummaryRef = builder.objectRef<AiUsageSummary>("AiUsageSummary").implement({
  description: "AI calls in a period (ai_usage).",
  fields: (t) => ({
    calls: t.exposeInt("calls"),
    promptTokens: t.exposeInt("promptTokens"),
    completionTokens: t.exposeInt("completionTokens"),
    totalTokens: t.exposeInt("totalTokens"),
    costs: t.field({ type: [UsageCostRef], description: "Per currency, at the model prices of the time of each call.", resolve: (s) => s.costs }),
  }),
});

const SeoUsageSummaryRef = builder.objectRef<SeoUsageSummary>("SeoUsageSummary").implement({
  description: "SEO operations in a period (seo_usage). Search engines are not billed per call, so there is no cost.",
  fields: (t) => ({
    operations: t.exposeInt("operations"),
    urls: t.exposeInt("urls", { description: "URLs submitted." }),
  }),
});

const UsagePeriodRef = builder.objectRef<UsagePeriod>("UsagePeriod").implement({
  description: "Usage in one period: a user's allowance cycle (User.usage) or a UTC calendar month (usageTotals). `end` is exclusive.",
  fields: (t) => ({
    start: t.field({ type: "DateTime", resolve: (p) => p.start }),
    end: t.field({ type: "DateTime", resolve: (p) => p.end }),
    users: t.exposeInt("users", { description: "Users with any usage in the period (1 in User.usage)." }),
    ai: t.field({ type: AiUsageSummaryRef, resolve: (p) => p.ai }),
    seo: t.field({ type: SeoUsageSummaryRef, resolve: (p) => p.seo }),
  }),
});

builder.prismaObjectFields("User", (t) => ({
  usage: t.field({
    type: [UsagePeriodRef],
    description: `AI and SEO usage per allowance cycle (the cycle the quotas reset on), newest first; only periods with usage (the user themself and admins). last: 1-${MAX_USAGE_PERIODS}.`,
    args: { last: t.arg.int({ defaultValue: 6 }) },
    resolve: (u, args, ctx) => userUsage(ctx, u.id, args.last ?? 6),
  }),
}));

/** The Date scalar parses to a Date at UTC midnight (a string when called directly). */
const utcDay = (d: Date | string) => (typeof d === "string" ? new Date(`${d}T00:00:00Z`) : d);

builder.queryFields((t) => ({
  usageTotals: t.field({
    type: [UsagePeriodRef],
    description: `Admins: platform-wide AI and SEO usage per UTC calendar month, for the months of from … to (at most ${MAX_USAGE_PERIODS}), newest first; months without usage are left out.`,
    args: { from: t.arg({ type: "Date", required: true }), to: t.arg({ type: "Date", required: true }) },
    resolve: (_r, args, ctx) => usageTotals(ctx, utcDay(args.from), utcDay(args.to)),
  }),
}));
