-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "stream" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "streamIdleTimeoutMs" INTEGER NOT NULL DEFAULT 5000;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "stream" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "streamChunks" INTEGER,
ADD COLUMN     "streamTermination" TEXT,
ADD COLUMN     "timeToFirstByteMs" INTEGER,
ADD COLUMN     "timeToFirstTokenMs" INTEGER;

-- AlterTable
ALTER TABLE "Attempt" ADD COLUMN     "streamChunks" INTEGER,
ADD COLUMN     "streamTermination" TEXT,
ADD COLUMN     "timeToFirstByteMs" INTEGER,
ADD COLUMN     "timeToFirstTokenMs" INTEGER;

