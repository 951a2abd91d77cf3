-- App-store product ids (RevenueCat product_id) for voice packs and content (issue 17).
-- AlterTable
ALTER TABLE "voice_packs" ADD COLUMN     "store_product_id" TEXT;

-- AlterTable
ALTER TABLE "content" ADD COLUMN     "store_product_id" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "voice_packs_store_product_id_key" ON "voice_packs"("store_product_id");

-- CreateIndex
CREATE UNIQUE INDEX "content_store_product_id_key" ON "content"("store_product_id");

