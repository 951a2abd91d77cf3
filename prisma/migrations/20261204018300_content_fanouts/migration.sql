-- New-content notifications (issue 17): fan-out progress per published item.
-- CreateTable
CREATE TABLE "content_notification_fanouts" (
    "content_id" UUID NOT NULL,
    "creator_id" UUID NOT NULL,
    "cursor_user_id" UUID,
    "notified_count" INTEGER NOT NULL DEFAULT 0,
    "completed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "content_notification_fanouts_pkey" PRIMARY KEY ("content_id")
);

-- CreateIndex
CREATE INDEX "content_notification_fanouts_completed_at_idx" ON "content_notification_fanouts"("completed_at");

-- AddForeignKey
ALTER TABLE "content_notification_fanouts" ADD CONSTRAINT "content_notification_fanouts_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "content"("id") ON DELETE CASCADE ON UPDATE CASCADE;

