-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "instanceId" TEXT;

-- AlterTable
ALTER TABLE "Rehearsal" ADD COLUMN     "instanceId" TEXT;

-- AlterTable
ALTER TABLE "ScheduleSlot" ADD COLUMN     "instanceId" TEXT;

-- CreateTable
CREATE TABLE "AppInstance" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "heartbeatAt" TIMESTAMP(3) NOT NULL,
    "leaseUntil" TIMESTAMP(3) NOT NULL,
    "deadAt" TIMESTAMP(3),

    CONSTRAINT "AppInstance_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AppInstance_deadAt_leaseUntil_idx" ON "AppInstance"("deadAt", "leaseUntil");

-- CreateIndex
CREATE INDEX "Run_state_instanceId_idx" ON "Run"("state", "instanceId");

-- CreateIndex
CREATE INDEX "Rehearsal_state_instanceId_idx" ON "Rehearsal"("state", "instanceId");

-- CreateIndex
CREATE INDEX "ScheduleSlot_status_instanceId_idx" ON "ScheduleSlot"("status", "instanceId");

