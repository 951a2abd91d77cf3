-- AlterEnum
ALTER TYPE "booking_status" ADD VALUE 'PENDING';

-- AlterTable
ALTER TABLE "offering_portal_access" ADD COLUMN     "ends_at" TIMESTAMPTZ(3),
ADD COLUMN     "starts_at" TIMESTAMPTZ(3);


-- Hand-written: a portal window never ends before it starts.
ALTER TABLE "offering_portal_access" ADD CONSTRAINT "offering_portal_access_window_check"
  CHECK (ends_at IS NULL OR starts_at IS NULL OR ends_at >= starts_at);
