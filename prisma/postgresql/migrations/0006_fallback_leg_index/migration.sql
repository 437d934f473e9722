-- CreateIndex
CREATE INDEX "Attempt_targetId_role_startedAt_idx" ON "Attempt"("targetId", "role", "startedAt");
