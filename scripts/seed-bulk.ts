// `npm run seed:bulk -- --runs 100000 [--days 90] [--seed 7]`: fills the
// database named by DATABASE_URL with realistic history — runs with their
// attempts, rehearsals pairing a happy and an error run, three decisions and
// reviews on some — spread over the last N days across several targets.
// Deterministic for a given --seed. Batched multi-row INSERTs inside
// transactions, on either engine (DATABASE_URL file: or postgresql://).
// The per-day history aggregates come with the rows: the database's own
// triggers keep them (docs/decisions/101), and the seed recounts them at the
// end and fails if they differ (`--no-check` skips the recount).
// Run migrations first: `node scripts/migrate.mjs`.
import { randomBytes } from "node:crypto";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../lib/generated/prisma/client";
import { PrismaClient as PostgresPrismaClient } from "../lib/generated/prisma-pg/client";
import { aggregateDrift } from "../lib/history/aggregates";
import { resetSequencesSql } from "../lib/shared/sql-dialect";
import { databaseEngine } from "./db-path.mjs";

export type SeedOptions = { runs: number; days?: number; seed?: number; now?: Date; rehearsalShare?: number; engine?: "sqlite" | "postgresql" };
export type SeedResult = { runs: number; attempts: number; rehearsals: number; targets: { id: string; name: string }[]; ms: number };

/** A Prisma client for DATABASE_URL's engine (both clients share the SQLite client's model types; decision 100). */
export function seedClient(url: string): PrismaClient {
  return databaseEngine(url) === "postgresql"
    ? (new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 4 }) }) as unknown as PrismaClient)
    : new PrismaClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 5000 }) });
}

export const BULK_TARGETS = [
  { name: "Primary chat (staging)", role: "primary", environmentLabel: "staging", profile: "openai-compatible", health: 0.95 },
  { name: "Gateway chat (staging)", role: "gateway", environmentLabel: "staging", profile: "openai-compatible", health: 0.85 },
  { name: "Fallback chat (staging)", role: "fallback", environmentLabel: "staging", profile: "openai-compatible", health: 0.9 },
  { name: "Primary chat (prod-canary)", role: "primary", environmentLabel: "prod-canary", profile: "cometapi", health: 0.97 },
] as const;

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Outcome = {
  code: number | null;
  family: string;
  errorClass: string;
  retries: number;
  decision: string;
  result: "pass" | "fail";
  contract: string;
  summary: string;
  objectFamily: string | null;
  fallback: boolean;
  attemptCodes: (number | null)[];
};

function happyOutcome(r: () => number, healthy: boolean, ceiling: number): Outcome {
  const x = r();
  if (healthy || x < 0.35) {
    const retries = r() < 0.12 ? 1 + Math.floor(r() * ceiling) : 0;
    return {
      code: 200, family: "2xx", errorClass: "none", retries, decision: "primary_retained", result: "pass", contract: "pass",
      summary: retries ? "429 then 2xx within the retry ceiling; chat.completion parsed." : "2xx chat.completion parsed; primary retained.",
      objectFamily: "chat.completion", fallback: false, attemptCodes: [...Array(retries).fill(429), 200],
    };
  }
  if (x < 0.6) {
    return {
      code: 503, family: "5xx", errorClass: "InternalServerError", retries: ceiling, decision: "fallback_used", result: "fail", contract: "not_checked",
      summary: "5xx on every primary attempt up to the retry ceiling; fallback answered and passed the contract.",
      objectFamily: null, fallback: true, attemptCodes: [...Array(ceiling + 1).fill(503), 200],
    };
  }
  if (x < 0.75) {
    return {
      code: null, family: "none", errorClass: "APIConnectionTimeoutError", retries: ceiling, decision: "manual_hold", result: "fail", contract: "not_checked",
      summary: "No response within the client timeout on every attempt; fallback held for review.",
      objectFamily: null, fallback: false, attemptCodes: Array(ceiling + 1).fill(null),
    };
  }
  if (x < 0.9) {
    return {
      code: 429, family: "4xx", errorClass: "RateLimitError", retries: ceiling, decision: "manual_hold", result: "fail", contract: "not_checked",
      summary: "429 on every attempt; Retry-After above the cap, retry budget spent; manual hold.",
      objectFamily: null, fallback: false, attemptCodes: Array(ceiling + 1).fill(429),
    };
  }
  return {
    code: 200, family: "2xx", errorClass: "ResponseShapeError", retries: 0, decision: "manual_hold", result: "fail", contract: "fail",
    summary: "2xx but the body failed the chat.completion shape assertion (contract confusion); manual hold.",
    objectFamily: "unknown", fallback: false, attemptCodes: [200],
  };
}

function errorOutcome(r: () => number, scenario: string): Outcome {
  const wrong = r() < 0.06;
  if (scenario === "invalid_model") {
    return {
      code: 404, family: "4xx", errorClass: "NotFoundError", retries: wrong ? 1 : 0, decision: "manual_hold", result: wrong ? "fail" : "pass", contract: "not_checked",
      summary: wrong ? "404 was retried; a 4xx other than 408/429 must not be retried." : "404 model not found recorded; no retry; manual hold.",
      objectFamily: null, fallback: false, attemptCodes: wrong ? [404, 404] : [404],
    };
  }
  return {
    code: 401, family: "4xx", errorClass: "AuthenticationError", retries: wrong ? 1 : 0, decision: wrong ? "fallback_used" : "manual_hold", result: wrong ? "fail" : "pass", contract: "not_checked",
    summary: wrong ? "401 was retried and sent to fallback; auth errors must hold." : "401 recorded with status, error class, zero retries and manual hold.",
    objectFamily: null, fallback: wrong, attemptCodes: wrong ? [401, 401, 200] : [401],
  };
}

/**
 * Multi-row INSERTs through Prisma's raw API. NOTE: createMany through the
 * JS engine costs ~0.7 ms a run here (75 s for 100 000); plain parameterised
 * INSERTs of the same rows take a few seconds. Values are stored the way the
 * adapters store them: on SQLite ISO-8601 text for dates and 0/1 for
 * booleans; on PostgreSQL the values themselves (`$n` placeholders).
 */
type RawExecutor = Pick<PrismaClient, "$executeRawUnsafe">;
async function insertMany(prisma: RawExecutor, engine: "sqlite" | "postgresql", table: string, rows: Record<string, unknown>[]) {
  if (rows.length === 0) return;
  const cols = Object.keys(rows[0]);
  const perStatement = Math.max(1, Math.floor(30_000 / cols.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values: unknown[] = [];
    for (const row of chunk) {
      for (const c of cols) {
        const v = row[c];
        if (engine === "postgresql") values.push(v === undefined ? null : v);
        else values.push(v instanceof Date ? v.toISOString() : typeof v === "boolean" ? (v ? 1 : 0) : v === undefined ? null : v);
      }
    }
    let n = 0;
    const tuple = () => `(${cols.map(() => (engine === "postgresql" ? `$${++n}` : "?")).join(",")})`;
    const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(",")}) VALUES ${chunk.map(() => tuple()).join(",")}`;
    await prisma.$executeRawUnsafe(sql, ...values);
  }
}

const family = (code: number | null) => (code === null ? "none" : `${String(code)[0]}xx`);

export async function seedBulk(prisma: PrismaClient, opts: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const r = prng(opts.seed ?? 7);
  const days = opts.days ?? 90;
  const now = opts.now ?? new Date();
  const span = days * 86_400_000;
  const rehearsalShare = opts.rehearsalShare ?? 0.3;
  const engine = opts.engine ?? "sqlite";
  const hex = (bytes: number) => {
    let s = "";
    for (let i = 0; i < bytes; i++) s += Math.floor(r() * 256).toString(16).padStart(2, "0");
    return s;
  };

  const targets: ((typeof BULK_TARGETS)[number] & { id: string; retryCeiling: number })[] = [];
  for (const t of BULK_TARGETS) {
    const row = await prisma.target.upsert({
      where: { name: t.name },
      update: {},
      create: {
        name: t.name, role: t.role, environmentLabel: t.environmentLabel, providerProfile: t.profile,
        baseUrl: `https://llm-gateway.example.internal/${t.environmentLabel}/v1`, model: "gpt-4o-mini",
        credentialEnvVar: `${t.role.toUpperCase()}_LLM_KEY`,
      },
    });
    targets.push({ ...t, id: row.id, retryCeiling: row.retryCeiling });
  }
  // Each target has a few bad days (an incident window), so trends show.
  const badDays = new Map(targets.map((t) => [t.id, new Set(Array.from({ length: Math.round(days * (1 - t.health)) }, () => Math.floor(r() * days)))]));

  const maxRun = await prisma.run.aggregate({ _max: { id: true } });
  let nextId = (maxRun._max.id ?? 0) + 1;
  let runRows: Prisma.RunCreateManyInput[] = [];
  let attemptRows: Prisma.AttemptCreateManyInput[] = [];
  let rehearsalRows: Prisma.RehearsalCreateManyInput[] = [];
  const usedSlots = new Set<string>();
  let totals = { runs: 0, attempts: 0, rehearsals: 0 };

  const flush = async () => {
    if (runRows.length === 0 && rehearsalRows.length === 0) return;
    const [rh, rn, at] = [rehearsalRows, runRows, attemptRows];
    rehearsalRows = [];
    runRows = [];
    attemptRows = [];
    // NOTE: an interactive transaction, for its timeout: a batch's statements take longer than Prisma's 5 s default on a busy machine.
    await prisma.$transaction(
      async (tx) => {
        await insertMany(tx, engine, "Rehearsal", rh);
        await insertMany(tx, engine, "Run", rn);
        await insertMany(tx, engine, "Attempt", at);
      },
      { timeout: 600_000, maxWait: 60_000 },
    );
    totals = { runs: totals.runs + rn.length, attempts: totals.attempts + at.length, rehearsals: totals.rehearsals + rh.length };
  };

  const addRun = (t: (typeof targets)[number], at: Date, path: "happy" | "error", o: Outcome, extra: { rehearsalId?: string; scenario?: string; trigger: string }) => {
    const id = nextId++;
    const traceId = hex(16);
    const duration = 80 + Math.floor(r() * 400) + o.retries * 250;
    runRows.push({
      id, targetId: t.id, targetName: t.name, rehearsalId: extra.rehearsalId ?? null, path, errorScenario: extra.scenario ?? null,
      trigger: extra.trigger, state: "done", providerProfile: t.profile, environmentLabel: t.environmentLabel,
      endpointFamily: "chat-completions", model: path === "error" && extra.scenario === "invalid_model" ? "no-such-model" : "gpt-4o-mini",
      credentialConfigured: extra.scenario !== "missing_credential", checkedAt: at, finishedAt: new Date(at.getTime() + duration), durationMs: duration,
      httpStatusCode: o.code, httpStatusFamily: o.family, clientErrorClass: o.errorClass, retryAttempts: o.retries, retryCeiling: t.retryCeiling,
      fallbackDecision: o.decision, fallbackReason: o.summary, traceId, requestId: o.code ? `req_${hex(6)}` : null,
      responseObjectFamily: o.objectFamily, contractResult: o.contract, operatorResult: o.result, sanitizedErrorSummary: o.errorClass === "none" ? "none" : o.summary,
      expectation: path === "happy" ? "2xx chat.completion from the primary" : "a recorded 4xx, no retry, manual hold",
      notes: o.summary,
    });
    let offset = 0;
    o.attemptCodes.forEach((code, seq) => {
      const isFallback = o.fallback && seq === o.attemptCodes.length - 1;
      const last = seq === o.attemptCodes.length - 1;
      const d = code === null ? 10_000 : 60 + Math.floor(r() * 200);
      attemptRows.push({
        runId: id, seq, targetId: t.id, targetName: isFallback ? "Fallback chat (staging)" : t.name, role: isFallback ? "fallback" : "primary",
        spanId: hex(8), serverAddress: "llm-gateway.example.internal", startedAt: new Date(at.getTime() + offset), durationMs: d,
        statusCode: code, statusFamily: family(code), errorClass: code === 200 ? null : code === null ? "timeout" : `http_${code}`,
        errorType: code === 200 ? null : code === null ? "timeout" : String(code), requestId: code ? `req_${hex(6)}` : null,
        retryAfterMs: code === 429 ? 1000 : null, waitMs: last ? 0 : 200 * 2 ** seq,
        decision: code === 200 ? "success" : last ? "stop" : o.fallback && seq === o.attemptCodes.length - 2 ? "fallback" : "retry",
        decisionRule: code === 200 ? "2xx + contract check" : last ? "ceiling reached or non-retryable status" : "retryable status within ceiling",
        profile: t.profile, contractResult: code === 200 ? (o.contract === "fail" ? "fail" : "pass") : null,
        sanitizedSummary: code === 200 ? null : `status ${code ?? "none"}`,
      });
      offset += d + (last ? 0 : 200 * 2 ** seq);
    });
  };

  const decision = (p: number, text: string) => (r() < p ? text : null);
  let made = 0;
  while (made < opts.runs) {
    const t = targets[Math.floor(r() * targets.length)];
    const at = new Date(now.getTime() - Math.floor(r() * span));
    const dayIdx = Math.floor((now.getTime() - at.getTime()) / 86_400_000);
    const healthy = !badDays.get(t.id)!.has(dayIdx) && r() < 0.97;
    const rehearse = made + 2 <= opts.runs && r() < rehearsalShare / 2;
    const roll = r();
    const trigger = roll < 0.5 ? "manual" : roll < 0.9 ? "scheduled" : "api";
    if (rehearse) {
      const id = `bulk${randomBytes(10).toString("hex")}`; // unique across repeated seeds; the data itself follows --seed
      const scenario = r() < 0.75 ? "missing_credential" : "invalid_model";
      let slot: Date | null = null;
      if (trigger === "scheduled") {
        const s = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
        const key = `${t.id}|${s.toISOString()}`;
        if (!usedSlots.has(key)) {
          usedSlots.add(key);
          slot = s;
        }
      }
      const age = now.getTime() - at.getTime();
      rehearsalRows.push({
        id, targetId: t.id, targetName: t.name, errorScenario: scenario, trigger: slot ? "scheduled" : trigger === "scheduled" ? "manual" : trigger,
        state: "done", startedAt: at, finishedAt: new Date(at.getTime() + 2_000), scheduledSlot: slot,
        decisionSafeIdentifier: decision(0.75, "The trace id (W3C traceparent) is safe to share internally; the provider request id only with the vendor."),
        decisionAccountFacts: decision(0.6, "Quota, rate-limit tier and billing state stay outside the packet; check them in the provider dashboard."),
        decisionHoldFallback: decision(0.65, "Hold fallback on auth/config errors and on contract failures; retry only 408/429/5xx within the ceiling."),
        reviewedAt: age > 7 * 86_400_000 && r() < 0.7 ? new Date(at.getTime() + 86_400_000) : null,
        reviewComment: null,
      });
      addRun(t, at, "happy", happyOutcome(r, healthy, t.retryCeiling), { rehearsalId: id, trigger: rehearsalRows[rehearsalRows.length - 1].trigger! });
      addRun(t, new Date(at.getTime() + 1_000), "error", errorOutcome(r, scenario), { rehearsalId: id, scenario, trigger: rehearsalRows[rehearsalRows.length - 1].trigger! });
      made += 2;
    } else {
      const errorPath = r() < 0.25;
      const scenario = r() < 0.6 ? "missing_credential" : "invalid_model";
      addRun(t, at, errorPath ? "error" : "happy", errorPath ? errorOutcome(r, scenario) : happyOutcome(r, healthy, t.retryCeiling), {
        scenario: errorPath ? scenario : undefined,
        trigger: trigger === "scheduled" ? "manual" : trigger,
      });
      made += 1;
    }
    if (runRows.length >= 10_000) await flush();
  }
  await flush();
  // Runs were written with explicit ids: PostgreSQL's sequence must move past them.
  for (const statement of resetSequencesSql(["Run"], engine)) await prisma.$queryRaw(statement);
  return { ...totals, targets: targets.map((t) => ({ id: t.id, name: t.name })), ms: Math.round(performance.now() - started) };
}

function arg(name: string, fallback: number) {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--${name} needs a number.`);
    process.exit(2);
  }
  return v;
}

/** Recounts the per-day aggregates from the rows; throws if they differ. */
export async function checkAggregates(prisma: PrismaClient, engine: "sqlite" | "postgresql"): Promise<number> {
  const started = performance.now();
  const drift = await aggregateDrift(prisma, engine);
  if (drift.length) throw new Error(`the per-day aggregates differ from the rows in ${drift.length} places, e.g. ${JSON.stringify(drift[0])}`);
  return Math.round(performance.now() - started);
}

async function main() {
  process.env.DATABASE_URL ??= "file:./data/evidence.db";
  const url = process.env.DATABASE_URL;
  const engine = databaseEngine(url);
  const prisma = seedClient(url);
  try {
    const res = await seedBulk(prisma, { runs: arg("runs", 10_000), days: arg("days", 90), seed: arg("seed", Number.parseInt(randomBytes(2).toString("hex"), 16)), engine });
    console.log(`Seeded ${res.runs} runs, ${res.attempts} attempts, ${res.rehearsals} rehearsals across ${res.targets.length} targets in ${res.ms} ms (${engine}).`);
    if (!process.argv.includes("--no-check")) console.log(`Per-day aggregates recounted from the rows: exact (${await checkAggregates(prisma, engine)} ms).`);
  } finally {
    await prisma.$disconnect();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
