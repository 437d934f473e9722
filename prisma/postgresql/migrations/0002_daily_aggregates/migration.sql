-- Per-day history aggregates (issue 13.4, docs/decisions/101): the history
-- summary reads days x targets rows instead of every run. Triggers keep them
-- exact in the transaction of every write to "Run" and "Rehearsal" (the
-- runner's final write, watchdog and interrupted records, target deletion's
-- SET NULL, imports, bulk seeds, deletes); the back-fill at the end counts
-- the runs and rehearsals already stored. The SQLite twin is
-- prisma/migrations/0011_daily_aggregates (same rules as SQLite triggers).
-- NOTE: the day is the one dialect fragment, as in lib/shared/sql-dialect.ts
-- (utcDaySql): substr of Prisma's ISO-8601 text here, to_char on PostgreSQL.
-- NOTE: a rehearsal's rows leave it in its BEFORE DELETE trigger, so its
-- "passed on both records" count goes with it whatever order the engine runs
-- the foreign key's SET NULL in.

-- NOTE: the triggers are created before the back-fill: CREATE TRIGGER waits
-- for writers in flight on "Run" and holds new ones off until this
-- migration's transaction commits, so no run is counted twice or missed.

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

    CONSTRAINT "RunDaily_pkey" PRIMARY KEY ("day","targetKey","environmentLabel","path","trigger","operatorResult","httpStatusFamily","clientErrorClass","fallbackDecision","startedByKind","startedById")
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

    CONSTRAINT "RehearsalDaily_pkey" PRIMARY KEY ("day","targetKey","startedByKind","startedById")
);

-- CreateIndex: one target's rehearsals in a range (the summary's edge days)
CREATE INDEX "Rehearsal_targetId_startedAt_idx" ON "Rehearsal"("targetId", "startedAt");

-- Maintenance
-- NOTE: statement-level with transition tables, unlike SQLite's row
-- triggers: PostgreSQL fires AFTER triggers once the whole statement is
-- done, so a count taken inside a row trigger would already include the
-- statement's later rows. Here each statement's rows are summed once: runs
-- leave their old counts (-1) and join their new ones (+1); a rehearsal's
-- passing runs before the statement are its passing runs now minus the
-- statement's change, and its "passed on both records" count moves when that
-- crosses two. Its row is locked first (FOR NO KEY UPDATE), so a concurrent
-- change of its state or of its other run waits, and each side counts the
-- other's committed rows.
-- NOTE: statement-level triggers with transition tables, unlike SQLite's row
-- triggers: PostgreSQL fires AFTER triggers once the whole statement is done,
-- so a count taken inside a row trigger would already include the statement's
-- later rows. Here each statement's rows are summed once: runs leave their old
-- counts (-1) and join their new ones (+1). A rehearsal's passing runs before
-- the statement are its passing runs now minus the statement's change; its
-- "passed on both records" count moves when that crosses two. Its row is
-- locked first (FOR NO KEY UPDATE) and counted in a later statement, so a
-- concurrent change of its state or of its other run waits, and each side
-- counts the other's committed rows.
CREATE FUNCTION "Run_daily"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
  deltas BIGINT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    WITH delta AS (
      SELECT to_char(n."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(n."targetId", '') AS "targetKey", n."environmentLabel", n."path", n."trigger", COALESCE('=' || n."operatorResult", '') AS "operatorResult", COALESCE('=' || n."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || n."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || n."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || n."startedByKind", '') AS "startedByKind", COALESCE('=' || n."startedById", '') AS "startedById", 1 AS "sign", n."retryAttempts", n."rehearsalId", CASE WHEN n."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM new_rows n
    )
    INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
    SELECT "day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", SUM("sign"), SUM("sign" * "retryAttempts"), SUM(CASE WHEN "retryAttempts" > 0 THEN "sign" ELSE 0 END)
    FROM delta GROUP BY "day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById"
    HAVING SUM("sign") <> 0 OR SUM("sign" * "retryAttempts") <> 0
    ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "RunDaily"."runs" + excluded."runs",
      "retryAttempts" = "RunDaily"."retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "RunDaily"."runsWithRetries" + excluded."runsWithRetries";
    WITH delta AS (
      SELECT to_char(n."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(n."targetId", '') AS "targetKey", n."environmentLabel", n."path", n."trigger", COALESCE('=' || n."operatorResult", '') AS "operatorResult", COALESCE('=' || n."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || n."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || n."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || n."startedByKind", '') AS "startedByKind", COALESCE('=' || n."startedById", '') AS "startedById", 1 AS "sign", n."retryAttempts", n."rehearsalId", CASE WHEN n."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM new_rows n
    )
    SELECT array_agg(c.id ORDER BY c.id), array_agg(c.delta ORDER BY c.id) INTO ids, deltas
    FROM (SELECT "rehearsalId" AS id, SUM("sign" * "passed") AS delta FROM delta
      WHERE "passed" = 1 AND "rehearsalId" IS NOT NULL GROUP BY "rehearsalId" HAVING SUM("sign" * "passed") <> 0) c;
  ELSIF TG_OP = 'UPDATE' THEN
    WITH delta AS (
      SELECT to_char(o."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(o."targetId", '') AS "targetKey", o."environmentLabel", o."path", o."trigger", COALESCE('=' || o."operatorResult", '') AS "operatorResult", COALESCE('=' || o."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || o."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || o."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || o."startedByKind", '') AS "startedByKind", COALESCE('=' || o."startedById", '') AS "startedById", -1 AS "sign", o."retryAttempts", o."rehearsalId", CASE WHEN o."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM old_rows o
      UNION ALL SELECT to_char(n."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(n."targetId", '') AS "targetKey", n."environmentLabel", n."path", n."trigger", COALESCE('=' || n."operatorResult", '') AS "operatorResult", COALESCE('=' || n."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || n."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || n."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || n."startedByKind", '') AS "startedByKind", COALESCE('=' || n."startedById", '') AS "startedById", 1 AS "sign", n."retryAttempts", n."rehearsalId", CASE WHEN n."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM new_rows n
    )
    INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
    SELECT "day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", SUM("sign"), SUM("sign" * "retryAttempts"), SUM(CASE WHEN "retryAttempts" > 0 THEN "sign" ELSE 0 END)
    FROM delta GROUP BY "day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById"
    HAVING SUM("sign") <> 0 OR SUM("sign" * "retryAttempts") <> 0
    ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "RunDaily"."runs" + excluded."runs",
      "retryAttempts" = "RunDaily"."retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "RunDaily"."runsWithRetries" + excluded."runsWithRetries";
    WITH delta AS (
      SELECT to_char(o."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(o."targetId", '') AS "targetKey", o."environmentLabel", o."path", o."trigger", COALESCE('=' || o."operatorResult", '') AS "operatorResult", COALESCE('=' || o."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || o."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || o."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || o."startedByKind", '') AS "startedByKind", COALESCE('=' || o."startedById", '') AS "startedById", -1 AS "sign", o."retryAttempts", o."rehearsalId", CASE WHEN o."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM old_rows o
      UNION ALL SELECT to_char(n."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(n."targetId", '') AS "targetKey", n."environmentLabel", n."path", n."trigger", COALESCE('=' || n."operatorResult", '') AS "operatorResult", COALESCE('=' || n."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || n."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || n."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || n."startedByKind", '') AS "startedByKind", COALESCE('=' || n."startedById", '') AS "startedById", 1 AS "sign", n."retryAttempts", n."rehearsalId", CASE WHEN n."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM new_rows n
    )
    SELECT array_agg(c.id ORDER BY c.id), array_agg(c.delta ORDER BY c.id) INTO ids, deltas
    FROM (SELECT "rehearsalId" AS id, SUM("sign" * "passed") AS delta FROM delta
      WHERE "passed" = 1 AND "rehearsalId" IS NOT NULL GROUP BY "rehearsalId" HAVING SUM("sign" * "passed") <> 0) c;
  ELSE
    WITH delta AS (
      SELECT to_char(o."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(o."targetId", '') AS "targetKey", o."environmentLabel", o."path", o."trigger", COALESCE('=' || o."operatorResult", '') AS "operatorResult", COALESCE('=' || o."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || o."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || o."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || o."startedByKind", '') AS "startedByKind", COALESCE('=' || o."startedById", '') AS "startedById", -1 AS "sign", o."retryAttempts", o."rehearsalId", CASE WHEN o."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM old_rows o
    )
    INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
    SELECT "day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", SUM("sign"), SUM("sign" * "retryAttempts"), SUM(CASE WHEN "retryAttempts" > 0 THEN "sign" ELSE 0 END)
    FROM delta GROUP BY "day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById"
    HAVING SUM("sign") <> 0 OR SUM("sign" * "retryAttempts") <> 0
    ON CONFLICT ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById") DO UPDATE SET "runs" = "RunDaily"."runs" + excluded."runs",
      "retryAttempts" = "RunDaily"."retryAttempts" + excluded."retryAttempts", "runsWithRetries" = "RunDaily"."runsWithRetries" + excluded."runsWithRetries";
    WITH delta AS (
      SELECT to_char(o."checkedAt", 'YYYY-MM-DD') AS "day", COALESCE(o."targetId", '') AS "targetKey", o."environmentLabel", o."path", o."trigger", COALESCE('=' || o."operatorResult", '') AS "operatorResult", COALESCE('=' || o."httpStatusFamily", '') AS "httpStatusFamily", COALESCE('=' || o."clientErrorClass", '') AS "clientErrorClass", COALESCE('=' || o."fallbackDecision", '') AS "fallbackDecision", COALESCE('=' || o."startedByKind", '') AS "startedByKind", COALESCE('=' || o."startedById", '') AS "startedById", -1 AS "sign", o."retryAttempts", o."rehearsalId", CASE WHEN o."operatorResult" = 'pass' THEN 1 ELSE 0 END AS "passed" FROM old_rows o
    )
    SELECT array_agg(c.id ORDER BY c.id), array_agg(c.delta ORDER BY c.id) INTO ids, deltas
    FROM (SELECT "rehearsalId" AS id, SUM("sign" * "passed") AS delta FROM delta
      WHERE "passed" = 1 AND "rehearsalId" IS NOT NULL GROUP BY "rehearsalId" HAVING SUM("sign" * "passed") <> 0) c;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM 1 FROM "Rehearsal" h WHERE h."id" = ANY(ids) ORDER BY h."id" FOR NO KEY UPDATE;
    WITH counted AS (
      SELECT to_char(h."startedAt", 'YYYY-MM-DD') AS "day", COALESCE(h."targetId", '') AS "targetKey",
        COALESCE('=' || h."startedByKind", '') AS "startedByKind", COALESCE('=' || h."startedById", '') AS "startedById", c.delta,
        (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = h."id" AND x."operatorResult" = 'pass') AS now
      FROM unnest(ids, deltas) AS c(id, delta) JOIN "Rehearsal" h ON h."id" = c.id WHERE h."state" = 'done'
    ), flips AS (
      SELECT "day", "targetKey", "startedByKind", "startedById", SUM((CASE WHEN now >= 2 THEN 1 ELSE 0 END) - (CASE WHEN now - delta >= 2 THEN 1 ELSE 0 END)) AS flip
      FROM counted GROUP BY "day", "targetKey", "startedByKind", "startedById"
    )
    UPDATE "RehearsalDaily" d SET "passedBoth" = d."passedBoth" + f.flip
    FROM flips f WHERE d."day" = f."day" AND d."targetKey" = f."targetKey" AND d."startedByKind" = f."startedByKind" AND d."startedById" = f."startedById" AND f.flip <> 0;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "Run_daily_insert" AFTER INSERT ON "Run" REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Run_daily"();
CREATE TRIGGER "Run_daily_update" AFTER UPDATE ON "Run" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "Run_daily"();
CREATE TRIGGER "Run_daily_delete" AFTER DELETE ON "Run" REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "Run_daily"();

CREATE FUNCTION "Rehearsal_daily"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
    VALUES (to_char(NEW."startedAt", 'YYYY-MM-DD'), COALESCE(NEW."targetId", ''), COALESCE('=' || NEW."startedByKind", ''), COALESCE('=' || NEW."startedById", ''), 1, (CASE WHEN NEW."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = NEW."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), (CASE WHEN NEW."decisionSafeIdentifier" IS NOT NULL AND NEW."decisionAccountFacts" IS NOT NULL AND NEW."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), (CASE WHEN NEW."reviewedAt" IS NULL AND NEW."state" <> 'running' THEN 1 ELSE 0 END))
    ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "RehearsalDaily"."rehearsals" + excluded."rehearsals", "passedBoth" = "RehearsalDaily"."passedBoth" + excluded."passedBoth", "allDecisions" = "RehearsalDaily"."allDecisions" + excluded."allDecisions", "unreviewed" = "RehearsalDaily"."unreviewed" + excluded."unreviewed";
    RETURN NULL;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
    VALUES (to_char(OLD."startedAt", 'YYYY-MM-DD'), COALESCE(OLD."targetId", ''), COALESCE('=' || OLD."startedByKind", ''), COALESCE('=' || OLD."startedById", ''), -1, -(CASE WHEN OLD."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = OLD."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), -(CASE WHEN OLD."decisionSafeIdentifier" IS NOT NULL AND OLD."decisionAccountFacts" IS NOT NULL AND OLD."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD."reviewedAt" IS NULL AND OLD."state" <> 'running' THEN 1 ELSE 0 END))
    ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "RehearsalDaily"."rehearsals" + excluded."rehearsals", "passedBoth" = "RehearsalDaily"."passedBoth" + excluded."passedBoth", "allDecisions" = "RehearsalDaily"."allDecisions" + excluded."allDecisions", "unreviewed" = "RehearsalDaily"."unreviewed" + excluded."unreviewed";
    INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
    VALUES (to_char(NEW."startedAt", 'YYYY-MM-DD'), COALESCE(NEW."targetId", ''), COALESCE('=' || NEW."startedByKind", ''), COALESCE('=' || NEW."startedById", ''), 1, (CASE WHEN NEW."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = NEW."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), (CASE WHEN NEW."decisionSafeIdentifier" IS NOT NULL AND NEW."decisionAccountFacts" IS NOT NULL AND NEW."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), (CASE WHEN NEW."reviewedAt" IS NULL AND NEW."state" <> 'running' THEN 1 ELSE 0 END))
    ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "RehearsalDaily"."rehearsals" + excluded."rehearsals", "passedBoth" = "RehearsalDaily"."passedBoth" + excluded."passedBoth", "allDecisions" = "RehearsalDaily"."allDecisions" + excluded."allDecisions", "unreviewed" = "RehearsalDaily"."unreviewed" + excluded."unreviewed";
    RETURN NULL;
  END IF;
  -- BEFORE DELETE: the rehearsal's runs leave it first (see the header).
  UPDATE "Run" SET "rehearsalId" = NULL WHERE "rehearsalId" = OLD."id";
  INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
    VALUES (to_char(OLD."startedAt", 'YYYY-MM-DD'), COALESCE(OLD."targetId", ''), COALESCE('=' || OLD."startedByKind", ''), COALESCE('=' || OLD."startedById", ''), -1, -(CASE WHEN OLD."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = OLD."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END), -(CASE WHEN OLD."decisionSafeIdentifier" IS NOT NULL AND OLD."decisionAccountFacts" IS NOT NULL AND OLD."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END), -(CASE WHEN OLD."reviewedAt" IS NULL AND OLD."state" <> 'running' THEN 1 ELSE 0 END))
    ON CONFLICT ("day", "targetKey", "startedByKind", "startedById") DO UPDATE SET "rehearsals" = "RehearsalDaily"."rehearsals" + excluded."rehearsals", "passedBoth" = "RehearsalDaily"."passedBoth" + excluded."passedBoth", "allDecisions" = "RehearsalDaily"."allDecisions" + excluded."allDecisions", "unreviewed" = "RehearsalDaily"."unreviewed" + excluded."unreviewed";
  RETURN OLD;
END;
$$;
CREATE TRIGGER "Rehearsal_daily_insert" AFTER INSERT ON "Rehearsal" FOR EACH ROW EXECUTE FUNCTION "Rehearsal_daily"();
CREATE TRIGGER "Rehearsal_daily_update" AFTER UPDATE OF "startedAt", "targetId", "startedByKind", "startedById", "state", "decisionSafeIdentifier", "decisionAccountFacts", "decisionHoldFallback", "reviewedAt" ON "Rehearsal" FOR EACH ROW EXECUTE FUNCTION "Rehearsal_daily"();
CREATE TRIGGER "Rehearsal_daily_delete" BEFORE DELETE ON "Rehearsal" FOR EACH ROW EXECUTE FUNCTION "Rehearsal_daily"();

-- Back-fill
INSERT INTO "RunDaily" ("day", "targetKey", "environmentLabel", "path", "trigger", "operatorResult", "httpStatusFamily", "clientErrorClass", "fallbackDecision", "startedByKind", "startedById", "runs", "retryAttempts", "runsWithRetries")
SELECT to_char(r."checkedAt", 'YYYY-MM-DD'), COALESCE(r."targetId", ''), r."environmentLabel", r."path", r."trigger", COALESCE('=' || r."operatorResult", ''), COALESCE('=' || r."httpStatusFamily", ''), COALESCE('=' || r."clientErrorClass", ''), COALESCE('=' || r."fallbackDecision", ''), COALESCE('=' || r."startedByKind", ''), COALESCE('=' || r."startedById", ''),
  COUNT(*), SUM(r."retryAttempts"), SUM(CASE WHEN r."retryAttempts" > 0 THEN 1 ELSE 0 END)
FROM "Run" r
GROUP BY to_char(r."checkedAt", 'YYYY-MM-DD'), COALESCE(r."targetId", ''), r."environmentLabel", r."path", r."trigger", COALESCE('=' || r."operatorResult", ''), COALESCE('=' || r."httpStatusFamily", ''), COALESCE('=' || r."clientErrorClass", ''), COALESCE('=' || r."fallbackDecision", ''), COALESCE('=' || r."startedByKind", ''), COALESCE('=' || r."startedById", '');

INSERT INTO "RehearsalDaily" ("day", "targetKey", "startedByKind", "startedById", "rehearsals", "passedBoth", "allDecisions", "unreviewed")
SELECT to_char(h."startedAt", 'YYYY-MM-DD'), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", ''), COUNT(*),
  SUM(CASE WHEN h."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = h."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN h."decisionSafeIdentifier" IS NOT NULL AND h."decisionAccountFacts" IS NOT NULL AND h."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END),
  SUM(CASE WHEN h."reviewedAt" IS NULL AND h."state" <> 'running' THEN 1 ELSE 0 END)
FROM "Rehearsal" h
GROUP BY to_char(h."startedAt", 'YYYY-MM-DD'), COALESCE(h."targetId", ''), COALESCE('=' || h."startedByKind", ''), COALESCE('=' || h."startedById", '');
