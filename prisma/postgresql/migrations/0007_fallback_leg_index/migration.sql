-- CreateIndex
CREATE INDEX "Attempt_role_startedAt_targetId_decision_runId_idx" ON "Attempt"("role", "startedAt", "targetId", "decision", "runId");
