-- CreateTable
CREATE TABLE "NotifyChannel" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT,
    "signingSecretEnv" TEXT,
    "urlEnv" TEXT,
    "emailTo" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotifyChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotifyRule" (
    "id" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "quietPeriodMinutes" INTEGER NOT NULL DEFAULT 30,
    "unreviewedDays" INTEGER NOT NULL DEFAULT 3,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotifyRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NotifyRuleChannel" (
    "ruleId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,

    CONSTRAINT "NotifyRuleChannel_pkey" PRIMARY KEY ("ruleId", "channelId")
);

-- CreateTable
CREATE TABLE "NotifyDelivery" (
    "id" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "ruleId" TEXT,
    "event" TEXT NOT NULL,
    "subjectKey" TEXT NOT NULL DEFAULT '',
    "dedupeKey" TEXT,
    "subject" TEXT NOT NULL,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 6,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "leaseInstanceId" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "occurredAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),
    "windowHeadId" TEXT,
    "windowEndsAt" TIMESTAMP(3),
    "summaryId" TEXT,
    "isSummary" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "NotifyDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "NotifyChannel_name_key" ON "NotifyChannel"("name");

-- CreateIndex
CREATE INDEX "NotifyRule_event_idx" ON "NotifyRule"("event");

-- CreateIndex
CREATE INDEX "NotifyRuleChannel_channelId_idx" ON "NotifyRuleChannel"("channelId");

-- CreateIndex
CREATE INDEX "NotifyDelivery_status_nextAttemptAt_idx" ON "NotifyDelivery"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "NotifyDelivery_channelId_createdAt_idx" ON "NotifyDelivery"("channelId", "createdAt");

-- CreateIndex
CREATE INDEX "NotifyDelivery_createdAt_id_idx" ON "NotifyDelivery"("createdAt", "id");

-- CreateIndex
CREATE INDEX "NotifyDelivery_ruleId_channelId_subjectKey_createdAt_idx" ON "NotifyDelivery"("ruleId", "channelId", "subjectKey", "createdAt");

-- CreateIndex
CREATE INDEX "NotifyDelivery_status_windowEndsAt_idx" ON "NotifyDelivery"("status", "windowEndsAt");

-- CreateIndex
CREATE UNIQUE INDEX "NotifyDelivery_channelId_dedupeKey_key" ON "NotifyDelivery"("channelId", "dedupeKey");

-- AddForeignKey
ALTER TABLE "NotifyRuleChannel" ADD CONSTRAINT "NotifyRuleChannel_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "NotifyRule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotifyRuleChannel" ADD CONSTRAINT "NotifyRuleChannel_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotifyChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NotifyDelivery" ADD CONSTRAINT "NotifyDelivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "NotifyChannel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
