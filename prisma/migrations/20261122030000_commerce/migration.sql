-- AlterEnum
ALTER TYPE "booking_status" ADD VALUE 'PENDING';

-- AlterTable
ALTER TABLE "credit_transactions" ADD COLUMN     "expiry_settled_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "offering_portal_access" ADD COLUMN     "ends_at" TIMESTAMPTZ(3),
ADD COLUMN     "starts_at" TIMESTAMPTZ(3);


-- Hand-written: a portal window never ends before it starts.
ALTER TABLE "offering_portal_access" ADD CONSTRAINT "offering_portal_access_window_check"
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at);

-- Hand-written: the credit-expiry job's work list (grants with an expiry not settled yet).
CREATE INDEX "credit_transactions_expiry_due_idx" ON "credit_transactions" ("expires_at")
  WHERE amount > 0 AND expires_at IS NOT NULL AND expiry_settled_at IS NULL;
