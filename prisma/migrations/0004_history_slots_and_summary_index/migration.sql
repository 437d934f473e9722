-- CreateTable
CREATE TABLE "ScheduleSlot" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" TEXT NOT NULL,
    "slot" DATETIME NOT NULL,
    "cron" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "rehearsalId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "ScheduleSlot_slot_idx" ON "ScheduleSlot"("slot");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleSlot_targetId_slot_key" ON "ScheduleSlot"("targetId", "slot");

-- CreateIndex
CREATE INDEX "Run_summary_idx" ON "Run"("checkedAt", "targetId", "operatorResult", "retryAttempts", "fallbackDecision", "httpStatusFamily", "clientErrorClass");


-- CreateIndex
CREATE INDEX "Run_targetId_operatorResult_checkedAt_idx" ON "Run"("targetId", "operatorResult", "checkedAt");
