-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "endpointFamily" TEXT NOT NULL DEFAULT 'chat-completions',
    "providerProfile" TEXT NOT NULL DEFAULT 'openai-compatible',
    "baseUrl" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "credentialEnvVar" TEXT,
    "environmentLabel" TEXT NOT NULL,
    "timeoutMs" INTEGER NOT NULL DEFAULT 10000,
    "maxTokens" INTEGER NOT NULL DEFAULT 64,
    "retryCeiling" INTEGER NOT NULL DEFAULT 2,
    "backoffBaseMs" INTEGER NOT NULL DEFAULT 200,
    "backoffMaxMs" INTEGER NOT NULL DEFAULT 2000,
    "retryAfterCapMs" INTEGER NOT NULL DEFAULT 5000,
    "fallbackTargetId" TEXT,
    "seedKey" TEXT,
    "scheduleCron" TEXT,
    "scheduleEnabled" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Target_fallbackTargetId_fkey" FOREIGN KEY ("fallbackTargetId") REFERENCES "Target" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" TEXT,
    "targetName" TEXT NOT NULL,
    "rehearsalId" TEXT,
    "path" TEXT NOT NULL,
    "errorScenario" TEXT,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "state" TEXT NOT NULL DEFAULT 'running',
    "providerProfile" TEXT NOT NULL,
    "environmentLabel" TEXT NOT NULL,
    "endpointFamily" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "credentialConfigured" BOOLEAN NOT NULL,
    "checkedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "durationMs" INTEGER,
    "httpStatusCode" INTEGER,
    "httpStatusFamily" TEXT,
    "clientErrorClass" TEXT,
    "retryAttempts" INTEGER NOT NULL DEFAULT 0,
    "retryCeiling" INTEGER NOT NULL,
    "fallbackDecision" TEXT,
    "fallbackReason" TEXT,
    "traceId" TEXT NOT NULL,
    "requestId" TEXT,
    "responseObjectFamily" TEXT,
    "contractResult" TEXT,
    "operatorResult" TEXT,
    "sanitizedErrorSummary" TEXT,
    "expectation" TEXT,
    "notes" TEXT,
    "checks" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "Run_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Run_rehearsalId_fkey" FOREIGN KEY ("rehearsalId") REFERENCES "Rehearsal" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attempt" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "runId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "targetId" TEXT,
    "targetName" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "spanId" TEXT NOT NULL,
    "serverAddress" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "statusCode" INTEGER,
    "statusFamily" TEXT NOT NULL,
    "errorClass" TEXT,
    "errorType" TEXT,
    "requestId" TEXT,
    "retryAfterMs" INTEGER,
    "waitMs" INTEGER NOT NULL DEFAULT 0,
    "decision" TEXT NOT NULL,
    "decisionRule" TEXT NOT NULL,
    "profile" TEXT NOT NULL,
    "contractResult" TEXT,
    "sanitizedSummary" TEXT,
    CONSTRAINT "Attempt_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Rehearsal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "targetId" TEXT,
    "targetName" TEXT NOT NULL,
    "errorScenario" TEXT NOT NULL,
    "trigger" TEXT NOT NULL DEFAULT 'manual',
    "state" TEXT NOT NULL DEFAULT 'running',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "decisionSafeIdentifier" TEXT,
    "decisionAccountFacts" TEXT,
    "decisionHoldFallback" TEXT,
    "reviewedAt" DATETIME,
    "reviewComment" TEXT,
    "scheduledSlot" DATETIME,
    CONSTRAINT "Rehearsal_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Packet" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "incidentRef" TEXT NOT NULL DEFAULT '',
    "audience" TEXT NOT NULL DEFAULT '',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "rehearsalId" TEXT,
    "sections" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "readyAt" DATETIME,
    CONSTRAINT "Packet_rehearsalId_fkey" FOREIGN KEY ("rehearsalId") REFERENCES "Rehearsal" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PacketRun" (
    "packetId" TEXT NOT NULL,
    "runId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "idsSafeToShare" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("packetId", "runId"),
    CONSTRAINT "PacketRun_packetId_fkey" FOREIGN KEY ("packetId") REFERENCES "Packet" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PacketRun_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PacketVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packetId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "revision" INTEGER NOT NULL,
    "canonicalJson" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PacketVersion_packetId_fkey" FOREIGN KEY ("packetId") REFERENCES "Packet" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShareLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "packetId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "revokedAt" DATETIME,
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "lastViewedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ShareLink_packetId_fkey" FOREIGN KEY ("packetId") REFERENCES "Packet" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ShareLink_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "PacketVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Target_seedKey_key" ON "Target"("seedKey");

-- CreateIndex
CREATE INDEX "Run_checkedAt_id_idx" ON "Run"("checkedAt", "id");

-- CreateIndex
CREATE INDEX "Run_targetId_checkedAt_id_idx" ON "Run"("targetId", "checkedAt", "id");

-- CreateIndex
CREATE INDEX "Run_operatorResult_checkedAt_id_idx" ON "Run"("operatorResult", "checkedAt", "id");

-- CreateIndex
CREATE INDEX "Run_path_checkedAt_id_idx" ON "Run"("path", "checkedAt", "id");

-- CreateIndex
CREATE INDEX "Run_rehearsalId_idx" ON "Run"("rehearsalId");

-- CreateIndex
CREATE UNIQUE INDEX "Attempt_runId_seq_key" ON "Attempt"("runId", "seq");

-- CreateIndex
CREATE INDEX "Rehearsal_startedAt_idx" ON "Rehearsal"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Rehearsal_targetId_scheduledSlot_key" ON "Rehearsal"("targetId", "scheduledSlot");

-- CreateIndex
CREATE INDEX "PacketRun_runId_idx" ON "PacketRun"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "PacketVersion_packetId_number_key" ON "PacketVersion"("packetId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "PacketVersion_packetId_sha256_key" ON "PacketVersion"("packetId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "ShareLink_tokenHash_key" ON "ShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ShareLink_packetId_idx" ON "ShareLink"("packetId");

