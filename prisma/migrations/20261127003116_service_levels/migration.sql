-- AlterTable
ALTER TABLE "comment" ADD COLUMN     "first_response_at" TIMESTAMPTZ(3),
ADD COLUMN     "first_response_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "next_reminder_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminded_at" TIMESTAMPTZ(3),
ADD COLUMN     "reminder_phase" TEXT,
ADD COLUMN     "reminder_step" INTEGER,
ADD COLUMN     "resolution_due_at" TIMESTAMPTZ(3),
ADD COLUMN     "sla_spent_seconds" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "sla_started_at" TIMESTAMPTZ(3),
ADD COLUMN     "snoozed_until" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "job_lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT,
    "lease_until" TIMESTAMPTZ(3),
    "last_key" TEXT,
    "last_slot" TIMESTAMPTZ(3),
    "last_started_at" TIMESTAMPTZ(3),
    "last_finished_at" TIMESTAMPTZ(3),
    "last_result" JSONB,
    "last_error" TEXT,

    CONSTRAINT "job_lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE INDEX "comment_next_reminder_at_idx" ON "comment"("next_reminder_at");

-- Comments from before response-time targets: a claim or close counts as their first response, and
-- the next sweep plans the reminders of those still open.
UPDATE "comment" SET "first_response_at" = COALESCE("claimed_at", "closed_at") WHERE "status" <> 'open';
UPDATE "comment" SET "next_reminder_at" = "received_at" WHERE "status" IN ('open', 'claimed');
