-- History filters by person (issue 11): the runs and rehearsals a user
-- started, newest first, without walking every row.
CREATE INDEX "Run_startedById_checkedAt_id_idx" ON "Run"("startedById", "checkedAt", "id");
CREATE INDEX "Rehearsal_startedById_startedAt_idx" ON "Rehearsal"("startedById", "startedAt");
