-- People and channels per chat platform: (platform, user id) → member and (platform, channel) → team
-- replace the Slack-only columns. Existing values move into the new tables before the columns go.

-- CreateTable
CREATE TABLE "team_channel" (
    "team_id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "space" TEXT,

    CONSTRAINT "team_channel_pkey" PRIMARY KEY ("team_id","platform")
);

-- CreateTable
CREATE TABLE "member_identity" (
    "platform" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "member_id" TEXT NOT NULL,

    CONSTRAINT "member_identity_pkey" PRIMARY KEY ("platform","external_id")
);

-- CreateIndex
CREATE INDEX "team_channel_platform_channel_idx" ON "team_channel"("platform", "channel");

-- CreateIndex
CREATE INDEX "member_identity_member_id_idx" ON "member_identity"("member_id");

-- AddForeignKey
ALTER TABLE "team_channel" ADD CONSTRAINT "team_channel_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "member_identity" ADD CONSTRAINT "member_identity_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Move the existing values
INSERT INTO "team_channel" ("platform", "channel", "team_id")
  SELECT 'slack', "slack_channel_id", "id" FROM "team" WHERE "slack_channel_id" IS NOT NULL;
INSERT INTO "member_identity" ("platform", "external_id", "member_id")
  SELECT 'slack', "slack_user_id", "id" FROM "member" WHERE "slack_user_id" IS NOT NULL
  ON CONFLICT DO NOTHING;

-- DropIndex
DROP INDEX "member_slack_user_id_key";

-- AlterTable
ALTER TABLE "member" DROP COLUMN "slack_user_id",
ADD COLUMN     "origin" TEXT NOT NULL DEFAULT 'config';

-- AlterTable
ALTER TABLE "team" DROP COLUMN "slack_channel_id",
ADD COLUMN     "members" TEXT NOT NULL DEFAULT 'listed';
