-- Creator payouts (issue 17): Connect accounts, the per-creator earnings ledger, payouts (transfers).
-- Written with prisma migrate diff; CHECKs appended by hand.
-- CreateEnum
CREATE TYPE "payout_account_status" AS ENUM ('ONBOARDING', 'RESTRICTED', 'ENABLED');

-- CreateEnum
CREATE TYPE "creator_earning_status" AS ENUM ('PENDING', 'PAID', 'CANCELED', 'REVERSAL_PENDING', 'REVERSED');

-- CreateEnum
CREATE TYPE "creator_payout_status" AS ENUM ('PENDING', 'SENT');

-- AlterEnum
ALTER TYPE "notification_type" ADD VALUE 'PAYOUT_SENT';

-- CreateTable
CREATE TABLE "creator_payout_accounts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "account_id" TEXT NOT NULL,
    "status" "payout_account_status" NOT NULL DEFAULT 'ONBOARDING',
    "details_submitted" BOOLEAN NOT NULL DEFAULT false,
    "charges_enabled" BOOLEAN NOT NULL DEFAULT false,
    "payouts_enabled" BOOLEAN NOT NULL DEFAULT false,
    "requirements_due" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "payouts_enabled_at" TIMESTAMPTZ(3),
    "last_synced_at" TIMESTAMPTZ(3),
    "last_event_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "creator_payout_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "creator_earnings" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID NOT NULL,
    "payment_id" UUID NOT NULL,
    "gross_amount" DECIMAL(12,2) NOT NULL,
    "platform_fee_amount" DECIMAL(12,2) NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "creator_earning_status" NOT NULL DEFAULT 'PENDING',
    "payout_id" UUID,
    "refunded_at" TIMESTAMPTZ(3),
    "reversal_id" TEXT,
    "reversed_at" TIMESTAMPTZ(3),
    "reversal_attempts" INTEGER NOT NULL DEFAULT 0,
    "reversal_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "creator_earnings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "creator_payouts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "creator_id" UUID NOT NULL,
    "payout_account_id" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "status" "creator_payout_status" NOT NULL DEFAULT 'PENDING',
    "transfer_id" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "creator_payouts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "creator_payout_accounts_user_id_key" ON "creator_payout_accounts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "creator_payout_accounts_account_id_key" ON "creator_payout_accounts"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "creator_earnings_payment_id_key" ON "creator_earnings"("payment_id");

-- CreateIndex
CREATE INDEX "creator_earnings_creator_id_created_at_idx" ON "creator_earnings"("creator_id", "created_at");

-- CreateIndex
CREATE INDEX "creator_earnings_status_created_at_idx" ON "creator_earnings"("status", "created_at");

-- CreateIndex
CREATE INDEX "creator_earnings_payout_id_idx" ON "creator_earnings"("payout_id");

-- CreateIndex
CREATE UNIQUE INDEX "creator_payouts_transfer_id_key" ON "creator_payouts"("transfer_id");

-- CreateIndex
CREATE INDEX "creator_payouts_creator_id_created_at_idx" ON "creator_payouts"("creator_id", "created_at");

-- CreateIndex
CREATE INDEX "creator_payouts_status_idx" ON "creator_payouts"("status");

-- AddForeignKey
ALTER TABLE "creator_payout_accounts" ADD CONSTRAINT "creator_payout_accounts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "creator_earnings" ADD CONSTRAINT "creator_earnings_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "creator_earnings" ADD CONSTRAINT "creator_earnings_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "creator_earnings" ADD CONSTRAINT "creator_earnings_payout_id_fkey" FOREIGN KEY ("payout_id") REFERENCES "creator_payouts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "creator_payouts" ADD CONSTRAINT "creator_payouts_creator_id_fkey" FOREIGN KEY ("creator_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "creator_payouts" ADD CONSTRAINT "creator_payouts_payout_account_id_fkey" FOREIGN KEY ("payout_account_id") REFERENCES "creator_payout_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Hand-written: the ledger's amounts always add up and are never negative.
ALTER TABLE "creator_earnings" ADD CONSTRAINT "creator_earnings_amounts_check"
  CHECK ("amount" >= 0 AND "platform_fee_amount" >= 0 AND "gross_amount" = "amount" + "platform_fee_amount");
ALTER TABLE "creator_earnings" ADD CONSTRAINT "creator_earnings_currency_check" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "creator_earnings" ADD CONSTRAINT "creator_earnings_paid_has_payout_check"
  CHECK ("status" NOT IN ('PAID', 'REVERSAL_PENDING', 'REVERSED') OR "payout_id" IS NOT NULL);
ALTER TABLE "creator_payouts" ADD CONSTRAINT "creator_payouts_amount_check" CHECK ("amount" > 0);
ALTER TABLE "creator_payouts" ADD CONSTRAINT "creator_payouts_sent_check" CHECK ("status" <> 'SENT' OR "transfer_id" IS NOT NULL);
