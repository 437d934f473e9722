-- CreateIndex
CREATE INDEX "Run_traceId_idx" ON "Run"("traceId");

-- CreateIndex
CREATE INDEX "Run_requestId_idx" ON "Run"("requestId");

-- CreateIndex
CREATE INDEX "Attempt_requestId_idx" ON "Attempt"("requestId");

