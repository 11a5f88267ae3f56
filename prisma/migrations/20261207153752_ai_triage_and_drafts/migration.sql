-- AlterTable
ALTER TABLE "comment" ADD COLUMN     "triage" JSONB,
ADD COLUMN     "triaged_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ai_call" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "request_id" TEXT,
    "comment_id" UUID,
    "prompt_tokens" INTEGER NOT NULL DEFAULT 0,
    "completion_tokens" INTEGER NOT NULL DEFAULT 0,
    "cached_tokens" INTEGER NOT NULL DEFAULT 0,
    "cost" DOUBLE PRECISION,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "ai_call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment_draft" (
    "id" UUID NOT NULL,
    "comment_id" UUID NOT NULL,
    "member_id" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "address" TEXT,
    "saved_reply_id" TEXT,
    "facts" JSONB NOT NULL DEFAULT '[]',
    "problems" JSONB NOT NULL DEFAULT '[]',
    "origin" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_draft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ai_call_at_idx" ON "ai_call"("at");

-- CreateIndex
CREATE INDEX "comment_draft_comment_id_created_at_idx" ON "comment_draft"("comment_id", "created_at");
