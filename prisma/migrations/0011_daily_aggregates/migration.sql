-- Per-day history aggregates (issue 13.4, docs/decisions/101): the history
-- summary reads days x targets rows instead of every run. Triggers keep them
-- exact in the transaction of every write to "Run" and "Rehearsal" (the
-- runner's final write, watchdog and interrupted records, target deletion's
-- SET NULL, imports, bulk seeds, deletes); the back-fill at the end counts
-- the runs and rehearsals already stored. The PostgreSQL twin is
-- prisma/postgresql/migrations/0002_daily_aggregates (same rules in PL/pgSQL).
-- NOTE: the day is the one dialect fragment, as in lib/shared/sql-dialect.ts
-- (utcDaySql): substr of Prisma's ISO-8601 text here, to_char on PostgreSQL.
-- NOTE: a rehearsal's rows leave it in its BEFORE DELETE trigger, so its
-- "passed on both records" count goes with it whatever order the engine runs
-- the foreign key's SET NULL in.

-- CreateTable
CREATE TABLE "RunDaily" (
    "day" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "environmentLabel" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "operatorResult" TEXT NOT NULL,
    "httpStatusFamily" TEXT NOT NULL,
    "clientErrorClass" TEXT NOT NULL,
    "fallbackDecision" TEXT NOT NULL,
    "startedByKind" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "runs" INTEGER NOT NULL DEFAULT 0,
    "retryAttempts" INTEGER NOT NULL DEFAULT 0,
    "runsWithRetries" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById")
);

-- CreateTable
CREATE TABLE "RehearsalDaily" (
    "day" TEXT NOT NULL,
    "targetKey" TEXT NOT NULL,
    "startedByKind" TEXT NOT NULL,
    "startedById" TEXT NOT NULL,
    "rehearsals" INTEGER NOT NULL DEFAULT 0,
    "passedBoth" INTEGER NOT NULL DEFAULT 0,
    "allDecisions" INTEGER NOT NULL DEFAULT 0,
    "unreviewed" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("day", "targetKey", "startedByKind", "startedById")
);

-- CreateIndex: one target's rehearsals in a range (the summary's edge days)
CREATE INDEX "Rehearsal_targetId_startedAt_idx" ON "Rehearsal"("targetId", "startedAt");

-- Maintenance
CREATE TRIGGER "Run_daily_insert" AFTER INSERT ON "Run" BEGIN
  INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
  VALUES (substr(NEW."checkedAt", 1, 10), COALESCE(NEW."targetId", ''), NEW."environmentLabel", NEW."path", NEW."trigger", COALESCE('=' || NEW."operatorResult", ''), COALESCE('=' || NEW."httpStatusFamily", ''), COALESCE('=' || NEW."clientErrorClass", ''), COALESCE('=' || NEW."fallbackDecision", ''), COALESCE('=' || NEW."startedByKind", ''), COALESCE('=' || NEW."startedById", ''), 1, NEW."retryAttempts", (CASE WHEN NEW."retryAttempts" > 0 THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "runs" + excluded."runs", "retryAttempts" = "retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "runsWithRetries" + excluded."runsWithRetries";
  UPDATE "RehearsalDaily" SET "passedBoth" = "passedBoth" + 1
  WHERE NEW."operatorResult" = 'pass'
    AND NEW."rehearsalId" IS NOT NULL
    AND ("day", "targetKey", "startedByKind", "startedById") = (SELECT substr(h."startedAt", 1, 10), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", '') FROM "Rehearsal" h WHERE h."id" = NEW."rehearsalId" AND h."state" = 'done')
    AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = NEW."rehearsalId" AND x."operatorResult" = 'pass') = 2;
END;

CREATE TRIGGER "Run_daily_update" AFTER UPDATE OF "checkedAt", "targetId", "startedByKind", "startedById", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "retryAttempts", "rehearsalId" ON "Run" BEGIN
  INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
  VALUES (substr(OLD."checkedAt", 1, 10), COALESCE(OLD."targetId", ''), OLD."environmentLabel", OLD."path", OLD."trigger", COALESCE('=' || OLD."operatorResult", ''), COALESCE('=' || OLD."httpStatusFamily", ''), COALESCE('=' || OLD."clientErrorClass", ''), COALESCE('=' || OLD."fallbackDecision", ''), COALESCE('=' || OLD."startedByKind", ''), COALESCE('=' || OLD."startedById", ''), -1, -OLD."retryAttempts", -(CASE WHEN OLD."retryAttempts" > 0 THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "runs" + excluded."runs", "retryAttempts" = "retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "runsWithRetries" + excluded."runsWithRetries";
  INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
  VALUES (substr(NEW."checkedAt", 1, 10), COALESCE(NEW."targetId", ''), NEW."environmentLabel", NEW."path", NEW."trigger", COALESCE('=' || NEW."operatorResult", ''), COALESCE('=' || NEW."httpStatusFamily", ''), COALESCE('=' || NEW."clientErrorClass", ''), COALESCE('=' || NEW."fallbackDecision", ''), COALESCE('=' || NEW."startedByKind", ''), COALESCE('=' || NEW."startedById", ''), 1, NEW."retryAttempts", (CASE WHEN NEW."retryAttempts" > 0 THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "runs" + excluded."runs", "retryAttempts" = "retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "runsWithRetries" + excluded."runsWithRetries";
  UPDATE "RehearsalDaily" SET "passedBoth" = "passedBoth" - 1
  WHERE OLD."operatorResult" = 'pass'
    AND OLD."rehearsalId" IS NOT NULL
    AND NOT (NEW."rehearsalId" IS OLD."rehearsalId" AND NEW."operatorResult" IS 'pass')
    AND ("day", "targetKey", "startedByKind", "startedById") = (SELECT substr(h."startedAt", 1, 10), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", '') FROM "Rehearsal" h WHERE h."id" = OLD."rehearsalId" AND h."state" = 'done')
    AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = OLD."rehearsalId" AND x."operatorResult" = 'pass') = 1;
  UPDATE "RehearsalDaily" SET "passedBoth" = "passedBoth" + 1
  WHERE NEW."operatorResult" = 'pass'
    AND NEW."rehearsalId" IS NOT NULL
    AND NOT (OLD."rehearsalId" IS NEW."rehearsalId" AND OLD."operatorResult" IS 'pass')
    AND ("day", "targetKey", "startedByKind", "startedById") = (SELECT substr(h."startedAt", 1, 10), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", '') FROM "Rehearsal" h WHERE h."id" = NEW."rehearsalId" AND h."state" = 'done')
    AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = NEW."rehearsalId" AND x."operatorResult" = 'pass') = 2;
END;

CREATE TRIGGER "Run_daily_delete" AFTER DELETE ON "Run" BEGIN
  INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
  VALUES (substr(OLD."checkedAt", 1, 10), COALESCE(OLD."targetId", ''), OLD."environmentLabel", OLD."path", OLD."trigger", COALESCE('=' || OLD."operatorResult", ''), COALESCE('=' || OLD."httpStatusFamily", ''), COALESCE('=' || OLD."clientErrorClass", ''), COALESCE('=' || OLD."fallbackDecision", ''), COALESCE('=' || OLD."startedByKind", ''), COALESCE('=' || OLD."startedById", ''), -1, -OLD."retryAttempts", -(CASE WHEN OLD."retryAttempts" > 0 THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "runs" + excluded."runs", "retryAttempts" = "retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "runsWithRetries" + excluded."runsWithRetries";
  UPDATE "RehearsalDaily" SET "passedBoth" = "passedBoth" - 1
  WHERE OLD."operatorResult" = 'pass'
    AND OLD."rehearsalId" IS NOT NULL
    AND ("day", "targetKey", "startedByKind", "startedById") = (SELECT substr(h."startedAt", 1, 10), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", '') FROM "Rehearsal" h WHERE h."id" = OLD."rehearsalId" AND h."state" = 'done')
    AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = OLD."rehearsalId" AND x."operatorResult" = 'pass') = 1;
END;

CREATE TRIGGER "Rehearsal_daily_insert" AFTER INSERT ON "Rehearsal" BEGIN
  INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
  VALUES (substr(NEW."startedAt", 1, 10), COALESCE(NEW."targetId", ''), COALESCE('=' || NEW."startedByKind", ''), COALESCE('=' || NEW."startedById", ''), 1, (CASE WHEN NEW."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = NEW."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), (CASE WHEN NEW."decisionSafeIdentifier" IS NOT NULL AND NEW."decisionAccountFacts" IS NOT NULL AND NEW."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), (CASE WHEN NEW."reviewedAt" IS NULL AND NEW."state" <> 'running' THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "rehearsals" + excluded."rehearsals", "passedBoth" = "passedBoth" + excluded."passedBoth", "allDecisions" = "allDecisions" + excluded."allDecisions", "unreviewed" = "unreviewed" + excluded."unreviewed";
END;

CREATE TRIGGER "Rehearsal_daily_update" AFTER UPDATE OF "startedAt", "targetId", "startedByKind", "startedById", "state", "decisionSafeIdentifier", "decisionAccountFacts", "decisionHoldFallback", "reviewedAt" ON "Rehearsal" BEGIN
  INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
  VALUES (substr(OLD."startedAt", 1, 10), COALESCE(OLD."targetId", ''), COALESCE('=' || OLD."startedByKind", ''), COALESCE('=' || OLD."startedById", ''), -1, -(CASE WHEN OLD."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = OLD."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), -(CASE WHEN OLD."decisionSafeIdentifier" IS NOT NULL AND OLD."decisionAccountFacts" IS NOT NULL AND OLD."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD."reviewedAt" IS NULL AND OLD."state" <> 'running' THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "rehearsals" + excluded."rehearsals", "passedBoth" = "passedBoth" + excluded."passedBoth", "allDecisions" = "allDecisions" + excluded."allDecisions", "unreviewed" = "unreviewed" + excluded."unreviewed";
  INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
  VALUES (substr(NEW."startedAt", 1, 10), COALESCE(NEW."targetId", ''), COALESCE('=' || NEW."startedByKind", ''), COALESCE('=' || NEW."startedById", ''), 1, (CASE WHEN NEW."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = NEW."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), (CASE WHEN NEW."decisionSafeIdentifier" IS NOT NULL AND NEW."decisionAccountFacts" IS NOT NULL AND NEW."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), (CASE WHEN NEW."reviewedAt" IS NULL AND NEW."state" <> 'running' THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "rehearsals" + excluded."rehearsals", "passedBoth" = "passedBoth" + excluded."passedBoth", "allDecisions" = "allDecisions" + excluded."allDecisions", "unreviewed" = "unreviewed" + excluded."unreviewed";
END;

CREATE TRIGGER "Rehearsal_daily_delete" BEFORE DELETE ON "Rehearsal" BEGIN
  UPDATE "Run" SET "rehearsalId" = NULL WHERE "rehearsalId" = OLD."id";
  INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
  VALUES (substr(OLD."startedAt", 1, 10), COALESCE(OLD."targetId", ''), COALESCE('=' || OLD."startedByKind", ''), COALESCE('=' || OLD."startedById", ''), -1, -(CASE WHEN OLD."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = OLD."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), -(CASE WHEN OLD."decisionSafeIdentifier" IS NOT NULL AND OLD."decisionAccountFacts" IS NOT NULL AND OLD."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD."reviewedAt" IS NULL AND OLD."state" <> 'running' THEN 1 ELSE 0 END))
  ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "rehearsals" + excluded."rehearsals", "passedBoth" = "passedBoth" + excluded."passedBoth", "allDecisions" = "allDecisions" + excluded."allDecisions", "unreviewed" = "unreviewed" + excluded."unreviewed";
END;

-- Back-fill
INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
SELECT substr(r."checkedAt", 1, 10), COALESCE(r."targetId", ''), r."environmentLabel", r."path", r."trigger", COALESCE('=' || r."operatorResult", ''), COALESCE('=' || r."httpStatusFamily", ''), COALESCE('=' || r."clientErrorClass", ''), COALESCE('=' || r."fallbackDecision", ''), COALESCE('=' || r."startedByKind", ''), COALESCE('=' || r."startedById", ''),
  COUNT(*), SUM(r."retryAttempts"), SUM(CASE WHEN r."retryAttempts" > 0 THEN 1 ELSE 0 END)
FROM "Run" r
GROUP BY substr(r."checkedAt", 1, 10), COALESCE(r."targetId", ''), r."environmentLabel", r."path", r."trigger", COALESCE('=' || r."operatorResult", ''), COALESCE('=' || r."httpStatusFamily", ''), COALESCE('=' || r."clientErrorClass", ''), COALESCE('=' || r."fallbackDecision", ''), COALESCE('=' || r."startedByKind", ''), COALESCE('=' || r."startedById", '');

INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
SELECT substr(h."startedAt", 1, 10), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", ''), COUNT(*),
  SUM(CASE WHEN h."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = h."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN h."decisionSafeIdentifier" IS NOT NULL AND h."decisionAccountFacts" IS NOT NULL AND h."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN h."reviewedAt" IS NULL AND h."state" <> 'running' THEN 1 ELSE 0 END)
FROM "Rehearsal" h
GROUP BY substr(h."startedAt", 1, 10), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", '');
