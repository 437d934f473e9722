import "server-only";
import type { Db, DbEngine } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { utcDaySql } from "@/lib/shared/sql-dialect";

// The per-day history aggregates (RunDaily, RehearsalDaily; docs/decisions/101)
// are kept by triggers (migrations 0011 / 0002). This recounts them from the
// runs and rehearsals themselves, for tests and for `npm run seed:bulk`, which
// checks what it wrote. A full scan: never on a request path. The client is
// the caller's (the app's `db`, or a script's own).

type Drift = { table: "RunDaily" | "RehearsalDaily"; key: string; stored: number[]; counted: number[] };

const nullable = (col: string) => Prisma.raw(`COALESCE('=' || r."${col}", '')`);
const num = (v: unknown) => Number(v ?? 0);

/** Every aggregate row that differs from a recount (rows of zeros count as absent). Empty when exact. */
export async function aggregateDrift(client: Db, engine?: DbEngine): Promise<Drift[]> {
  const runDay = utcDaySql("checkedAt", engine);
  const rehearsalDay = utcDaySql("startedAt", engine);
  const runKey = [
    runDay, Prisma.raw(`COALESCE(r."targetId", '')`), Prisma.raw(`r."environmentLabel"`), Prisma.raw(`r."path"`), Prisma.raw(`r."trigger"`),
    nullable("operatorResult"), nullable("httpStatusFamily"), nullable("clientErrorClass"), nullable("fallbackDecision"),
    nullable("startedByKind"), nullable("startedById"),
  ];
  const aliased = Prisma.join(runKey.map((k, i) => Prisma.sql`${k} AS ${Prisma.raw(`k${i + 1}`)}`));
  type Row = { k1: string; k2: string; k3?: string; k4?: string; k5?: string; k6?: string; k7?: string; k8?: string; k9?: string; k10?: string; k11?: string; a: unknown; b: unknown; c: unknown; d?: unknown };
  const [storedRuns, countedRuns, storedRehearsals, countedRehearsals] = await Promise.all([
    client.$queryRaw<Row[]>`
      SELECT "day" AS k1, "targetKey" AS k2, "environmentLabel" AS k3, "path" AS k4, "trigger" AS k5, "operatorResult" AS k6,
        "httpStatusFamily" AS k7, "clientErrorClass" AS k8, "fallbackDecision" AS k9, "startedByKind" AS k10, "startedById" AS k11, "runs" AS a, "retryAttempts" AS b, "runsWithRetries" AS c
      FROM "RunDaily" WHERE "runs" <> 0 OR "retryAttempts" <> 0 OR "runsWithRetries" <> 0`,
    client.$queryRaw<Row[]>`
      SELECT ${aliased}, COUNT(*) AS a, SUM(r."retryAttempts") AS b, SUM(CASE WHEN r."retryAttempts" > 0 THEN 1 ELSE 0 END) AS c
      FROM "Run" r GROUP BY ${Prisma.join(runKey)}`,
    client.$queryRaw<Row[]>`
      SELECT "day" AS k1, "targetKey" AS k2, "startedByKind" AS k3, "startedById" AS k4, "rehearsals" AS a, "passedBoth" AS b, "allDecisions" AS c, "unreviewed" AS d
      FROM "RehearsalDaily" WHERE "rehearsals" <> 0 OR "passedBoth" <> 0 OR "allDecisions" <> 0 OR "unreviewed" <> 0`,
    client.$queryRaw<Row[]>`
      SELECT ${rehearsalDay} AS k1, COALESCE(r."targetId", '') AS k2, ${nullable("startedByKind")} AS k3, ${nullable("startedById")} AS k4, COUNT(*) AS a,
        SUM(CASE WHEN r."state" = 'done' AND (SELECT COUNT(*) FROM "Run" x WHERE x."rehearsalId" = r."id" AND x."operatorResult" = 'pass') >= 2 THEN 1 ELSE 0 END) AS b,
        SUM(CASE WHEN r."decisionSafeIdentifier" IS NOT NULL AND r."decisionAccountFacts" IS NOT NULL AND r."decisionHoldFallback" IS NOT NULL THEN 1 ELSE 0 END) AS c,
        SUM(CASE WHEN r."reviewedAt" IS NULL AND r."state" <> 'running' THEN 1 ELSE 0 END) AS d
      FROM "Rehearsal" r GROUP BY ${rehearsalDay}, COALESCE(r."targetId", ''), ${nullable("startedByKind")}, ${nullable("startedById")}`,
  ]);
  const drift: Drift[] = [];
  const compare = (table: Drift["table"], stored: Row[], counted: Row[]) => {
    const key = (r: Row) => JSON.stringify([r.k1, r.k2, r.k3, r.k4, r.k5, r.k6, r.k7, r.k8, r.k9, r.k10, r.k11].filter((v) => v !== undefined));
    const values = (r: Row | undefined) => (r ? [r.a, r.b, r.c, r.d].filter((v) => v !== undefined).map(num) : []);
    const a = new Map(stored.map((r) => [key(r), r]));
    const b = new Map(counted.map((r) => [key(r), r]));
    for (const k of new Set([...a.keys(), ...b.keys()])) {
      const s = values(a.get(k));
      const c = values(b.get(k));
      if (JSON.stringify(s) !== JSON.stringify(c)) drift.push({ table, key: k, stored: s, counted: c });
    }
  };
  compare("RunDaily", storedRuns, countedRuns);
  compare("RehearsalDaily", storedRehearsals, countedRehearsals);
  return drift;
}
