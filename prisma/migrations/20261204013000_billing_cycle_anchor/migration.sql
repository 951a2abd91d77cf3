-- The billing anchor of a subscription (docs/subscriptions.md, "What a month is"): every period end
-- and every monthly allowance boundary is the anchor plus whole calendar months, clamped to
-- shorter months (Jan 31 → Feb 28/29 → Mar 31). NULL on rows written before this column existed:
-- their current period start is taken as the anchor.
ALTER TABLE "subscriptions" ADD COLUMN "billing_cycle_anchor" TIMESTAMPTZ(3);
