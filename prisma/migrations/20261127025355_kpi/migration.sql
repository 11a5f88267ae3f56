-- CreateTable
CREATE TABLE "kpi_digest" (
    "team_id" TEXT NOT NULL,
    "week" TEXT NOT NULL,
    "posted_at" TIMESTAMPTZ(3) NOT NULL,
    "figures" JSONB NOT NULL,
    "narrative" TEXT NOT NULL,

    CONSTRAINT "kpi_digest_pkey" PRIMARY KEY ("team_id","week")
);

-- CreateIndex
CREATE INDEX "comment_received_at_idx" ON "comment" USING BRIN ("received_at");

-- CreateIndex
CREATE INDEX "comment_team_id_closed_at_idx" ON "comment"("team_id", "closed_at") WHERE (closed_at IS NOT NULL);
