-- CreateEnum
CREATE TYPE "CrisisKind" AS ENUM ('drill', 'real');

-- CreateEnum
CREATE TYPE "CrisisStatus" AS ENUM ('active', 'ended');

-- AlterEnum
ALTER TYPE "Priority" ADD VALUE 'crisis';

-- AlterTable
ALTER TABLE "comment" ADD COLUMN     "crisis_id" UUID;

-- AlterTable
ALTER TABLE "event" ADD COLUMN     "crisis_id" UUID;

-- CreateTable
CREATE TABLE "crisis" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "kind" "CrisisKind" NOT NULL,
    "status" "CrisisStatus" NOT NULL DEFAULT 'active',
    "active_slot" TEXT,
    "scenario_id" TEXT NOT NULL,
    "scenario" JSONB NOT NULL,
    "roster" JSONB NOT NULL,
    "summary" TEXT,
    "locale" TEXT NOT NULL,
    "started_by_id" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "time_limit_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "ended_by_id" TEXT,
    "end_reason" TEXT,
    "room_channel" TEXT,
    "stakeholder_channel" TEXT,
    "sources" TEXT[],
    "all_sources" BOOLEAN NOT NULL DEFAULT false,
    "burst_injected" INTEGER NOT NULL DEFAULT 0,
    "statement_approved_by_id" TEXT,
    "statement_approved_at" TIMESTAMPTZ(3),
    "report" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "crisis_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "crisis_ack" (
    "crisis_id" UUID NOT NULL,
    "member_id" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "crisis_ack_pkey" PRIMARY KEY ("crisis_id","member_id")
);

-- CreateTable
CREATE TABLE "crisis_step" (
    "crisis_id" UUID NOT NULL,
    "step_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "done_by_id" TEXT,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "crisis_step_pkey" PRIMARY KEY ("crisis_id","step_id")
);

-- CreateTable
CREATE TABLE "crisis_message" (
    "crisis_id" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,

    CONSTRAINT "crisis_message_pkey" PRIMARY KEY ("crisis_id","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "crisis_number_key" ON "crisis"("number");

-- CreateIndex
CREATE UNIQUE INDEX "crisis_active_slot_key" ON "crisis"("active_slot");

-- CreateIndex
CREATE INDEX "crisis_started_at_idx" ON "crisis"("started_at");

-- CreateIndex
CREATE INDEX "comment_crisis_id_idx" ON "comment"("crisis_id") WHERE (crisis_id IS NOT NULL);

-- CreateIndex
CREATE INDEX "event_crisis_id_at_idx" ON "event"("crisis_id", "at") WHERE (crisis_id IS NOT NULL);

-- AddForeignKey
ALTER TABLE "crisis_ack" ADD CONSTRAINT "crisis_ack_crisis_id_fkey" FOREIGN KEY ("crisis_id") REFERENCES "crisis"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crisis_step" ADD CONSTRAINT "crisis_step_crisis_id_fkey" FOREIGN KEY ("crisis_id") REFERENCES "crisis"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "crisis_message" ADD CONSTRAINT "crisis_message_crisis_id_fkey" FOREIGN KEY ("crisis_id") REFERENCES "crisis"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
