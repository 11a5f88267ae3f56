-- A crisis remembers the chat platform of its room, pages and posts. Every crisis so far was started
-- on the only platform there was.

-- AlterTable
ALTER TABLE "crisis" ADD COLUMN     "platform" TEXT;
UPDATE "crisis" SET "platform" = 'slack';
ALTER TABLE "crisis" ALTER COLUMN "platform" SET NOT NULL;
