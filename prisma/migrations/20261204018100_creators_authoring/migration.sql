-- Creators can be suspended by an admin (their content leaves listings; nothing is deleted),
-- users can be suspended (sign-in refused, sessions ended), content has a free preview.
-- AlterTable
ALTER TABLE "creators" ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspended_reason" TEXT;

-- AlterTable
ALTER TABLE "content" ADD COLUMN     "preview_media_url" TEXT,
ADD COLUMN     "preview_text" TEXT;

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "suspended_at" TIMESTAMPTZ(3),
ADD COLUMN     "suspended_reason" TEXT;

