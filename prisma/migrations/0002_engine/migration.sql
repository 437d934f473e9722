-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Target" (
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
    "maxTokens" INTEGER NOT NULL DEFAULT 256,
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
INSERT INTO "new_Target" ("backoffBaseMs", "backoffMaxMs", "baseUrl", "createdAt", "credentialEnvVar", "endpointFamily", "environmentLabel", "fallbackTargetId", "id", "maxTokens", "model", "name", "providerProfile", "retryAfterCapMs", "retryCeiling", "role", "scheduleCron", "scheduleEnabled", "seedKey", "timeoutMs", "updatedAt") SELECT "backoffBaseMs", "backoffMaxMs", "baseUrl", "createdAt", "credentialEnvVar", "endpointFamily", "environmentLabel", "fallbackTargetId", "id", "maxTokens", "model", "name", "providerProfile", "retryAfterCapMs", "retryCeiling", "role", "scheduleCron", "scheduleEnabled", "seedKey", "timeoutMs", "updatedAt" FROM "Target";
DROP TABLE "Target";
ALTER TABLE "new_Target" RENAME TO "Target";
CREATE UNIQUE INDEX "Target_name_key" ON "Target"("name");
CREATE UNIQUE INDEX "Target_seedKey_key" ON "Target"("seedKey");
CREATE TABLE "new_Run" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "targetId" TEXT,
    "targetName" TEXT NOT NULL,
    "rehearsalId" TEXT,
    "path" TEXT NOT NULL,
    "errorScenario" TEXT,
    "replayStatus" INTEGER,
    "promptId" TEXT NOT NULL DEFAULT 'safe-prompt-v1',
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
INSERT INTO "new_Run" ("checkedAt", "checks", "clientErrorClass", "contractResult", "credentialConfigured", "durationMs", "endpointFamily", "environmentLabel", "errorScenario", "expectation", "fallbackDecision", "fallbackReason", "finishedAt", "httpStatusCode", "httpStatusFamily", "id", "model", "notes", "operatorResult", "path", "providerProfile", "rehearsalId", "requestId", "responseObjectFamily", "retryAttempts", "retryCeiling", "sanitizedErrorSummary", "state", "targetId", "targetName", "traceId", "trigger") SELECT "checkedAt", "checks", "clientErrorClass", "contractResult", "credentialConfigured", "durationMs", "endpointFamily", "environmentLabel", "errorScenario", "expectation", "fallbackDecision", "fallbackReason", "finishedAt", "httpStatusCode", "httpStatusFamily", "id", "model", "notes", "operatorResult", "path", "providerProfile", "rehearsalId", "requestId", "responseObjectFamily", "retryAttempts", "retryCeiling", "sanitizedErrorSummary", "state", "targetId", "targetName", "traceId", "trigger" FROM "Run";
DROP TABLE "Run";
ALTER TABLE "new_Run" RENAME TO "Run";
CREATE INDEX "Run_checkedAt_id_idx" ON "Run"("checkedAt", "id");
CREATE INDEX "Run_targetId_checkedAt_id_idx" ON "Run"("targetId", "checkedAt", "id");
CREATE INDEX "Run_operatorResult_checkedAt_id_idx" ON "Run"("operatorResult", "checkedAt", "id");
CREATE INDEX "Run_path_checkedAt_id_idx" ON "Run"("path", "checkedAt", "id");
CREATE INDEX "Run_rehearsalId_idx" ON "Run"("rehearsalId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

