-- CreateEnum
CREATE TYPE "media_purpose" AS ENUM ('CONTENT_MEDIA', 'CONTENT_THUMBNAIL', 'CONTENT_PREVIEW', 'STORY_NODE_AUDIO', 'AVATAR');

-- CreateEnum
CREATE TYPE "media_asset_status" AS ENUM ('PENDING', 'READY');

-- CreateTable
CREATE TABLE "media_assets" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "owner_id" UUID NOT NULL,
    "purpose" "media_purpose" NOT NULL,
    "storage_key" TEXT NOT NULL,
    "content_type" VARCHAR(200) NOT NULL,
    "size_bytes" BIGINT NOT NULL,
    "file_name" VARCHAR(300),
    "status" "media_asset_status" NOT NULL DEFAULT 'PENDING',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "attached_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "media_assets_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "media_assets_storage_key_key" ON "media_assets"("storage_key");

-- CreateIndex
CREATE INDEX "media_assets_owner_id_created_at_idx" ON "media_assets"("owner_id", "created_at");

-- AddForeignKey
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- What Prisma cannot express.
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_size_check" CHECK (size_bytes > 0);
ALTER TABLE "media_assets" ADD CONSTRAINT "media_assets_key_check" CHECK (storage_key ~ '^uploads/[0-9a-f-]{36}/[0-9a-f-]{36}$');
