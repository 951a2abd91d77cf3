-- Credit packs sold for money (issue 17): credits come in as EARNED_PURCHASE.
-- AlterEnum
ALTER TYPE "payment_purpose" ADD VALUE 'CREDIT_PACK';

-- AlterTable
ALTER TABLE "payments" ADD COLUMN     "credit_pack_id" UUID;

-- CreateTable
CREATE TABLE "credit_packs" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "name" TEXT NOT NULL,
    "credits" INTEGER NOT NULL,
    "price" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL DEFAULT 'USD',
    "is_active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_packs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "payments_credit_pack_id_idx" ON "payments"("credit_pack_id");

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_credit_pack_id_fkey" FOREIGN KEY ("credit_pack_id") REFERENCES "credit_packs"("id") ON DELETE SET NULL ON UPDATE CASCADE;


ALTER TABLE "credit_packs" ADD CONSTRAINT "credit_packs_credits_check" CHECK ("credits" > 0 AND "price" > 0);
