-- CreateTable
CREATE TABLE "chat_conversation" (
    "platform" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "reference" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_conversation_pkey" PRIMARY KEY ("platform","key")
);
