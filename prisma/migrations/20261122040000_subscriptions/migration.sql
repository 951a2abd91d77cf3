-- Subscriptions (issue 6): the credit pool of the roll-over rule, and the view that lets the
-- content access check see subscription entitlements in one SQL where-clause.
-- Generated part: `prisma migrate diff` from the foundation schema (534aa08), minus the
-- CREATE TABLE / FOREIGN KEY it printed for the view-backed model SubscriptionGrant.

-- AlterTable
ALTER TABLE "subscriptions" ADD COLUMN     "credit_pool" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "credit_pool_since" TIMESTAMPTZ(3);

-- -------------------------------------------------------------------------------------
-- Hand-written
-- -------------------------------------------------------------------------------------
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_credit_pool_check" CHECK (credit_pool >= 0);

-- Which published content each subscription's tier grants, whatever the subscription's status:
-- callers add the entitlement window (status, period end, past-due grace) with their own clock.
--   full catalogue          → every members-only and purchased-only item
--   categories              → members-only and purchased-only items in those categories
--   neither (not the free tier) → every members-only item
-- A creator's own tier (creator_id set) grants only that creator's content.
CREATE VIEW "subscription_content_grants" AS
SELECT c.id AS content_id,
       s.id AS subscription_id,
       s.user_id,
       s.status,
       s.current_period_end,
       s.past_due_since
  FROM subscriptions s
  JOIN subscription_tiers t ON t.id = s.tier_id
  JOIN content c ON (t.creator_id IS NULL OR c.creator_id = t.creator_id)
 WHERE c.deleted_at IS NULL
   AND c.status = 'PUBLISHED'
   AND c.visibility IN ('MEMBERS_ONLY', 'PURCHASED_ONLY')
   AND (
         t.full_catalog_access
      OR (c.category IS NOT NULL AND c.category = ANY (t.category_access))
      OR (c.visibility = 'MEMBERS_ONLY' AND cardinality(t.category_access) = 0 AND t.slug <> 'free')
   );
