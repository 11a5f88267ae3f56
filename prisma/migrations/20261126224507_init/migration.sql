-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "CommentStatus" AS ENUM ('open', 'claimed', 'answered', 'dismissed', 'removed');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('high', 'normal', 'low');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'done', 'failed');

-- CreateTable
CREATE TABLE "team" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slack_channel_id" TEXT,
    "lead_member_id" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'en',
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "slack_user_id" TEXT,
    "roles" TEXT[],
    "team_ids" TEXT[],
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT,
    "working_hours" JSONB,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment" (
    "id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "author_id" TEXT,
    "permalink" TEXT,
    "post_id" TEXT,
    "parent_id" TEXT,
    "language" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "edited_at" TIMESTAMPTZ(3),
    "team_id" TEXT NOT NULL,
    "priority" "Priority" NOT NULL DEFAULT 'normal',
    "status" "CommentStatus" NOT NULL DEFAULT 'open',
    "holder_id" TEXT,
    "claimed_at" TIMESTAMPTZ(3),
    "routed_by_id" TEXT,
    "routed_at" TIMESTAMPTZ(3),
    "routed_from" TEXT,
    "closed_by_id" TEXT,
    "closed_at" TIMESTAMPTZ(3),
    "is_drill" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_card" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "team_id" TEXT NOT NULL,
    "message_id" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "posted_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_card_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event" (
    "id" BIGSERIAL NOT NULL,
    "comment_id" UUID,
    "type" TEXT NOT NULL,
    "actor_id" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox" (
    "id" BIGSERIAL NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "channel" TEXT,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "member_slack_user_id_key" ON "member"("slack_user_id");

-- CreateIndex
CREATE INDEX "comment_team_id_status_idx" ON "comment"("team_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "comment_source_external_id_key" ON "comment"("source", "external_id");

-- CreateIndex
CREATE INDEX "chat_card_platform_channel_message_id_idx" ON "chat_card"("platform", "channel", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_card_comment_id_platform_channel_key" ON "chat_card"("comment_id", "platform", "channel");

-- CreateIndex
CREATE INDEX "event_comment_id_at_idx" ON "event"("comment_id", "at");

-- CreateIndex
CREATE INDEX "event_type_at_idx" ON "event"("type", "at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_dedupe_key_key" ON "outbox"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_status_next_attempt_at_idx" ON "outbox"("status", "next_attempt_at");

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_card" ADD CONSTRAINT "chat_card_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event" ADD CONSTRAINT "event_comment_id_fkey" FOREIGN KEY ("comment_id") REFERENCES "comment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
