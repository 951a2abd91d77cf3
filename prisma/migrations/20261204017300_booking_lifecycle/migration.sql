-- Booking lifecycle (issue 17): reminders sent once, the host's completed / no-show mark.
-- AlterTable
ALTER TABLE "offering_bookings" ADD COLUMN     "outcome_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminder_sent_at" TIMESTAMPTZ(3);

