import "server-only";
import { createHash } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, badRequest, conflict } from "@/lib/errors";
import { remember } from "@/lib/shared/registry";

/**
 * Idempotency-Key for POST /api/runs and /api/rehearsals, as Stripe does it:
 * the first request with a key claims it (a row with a unique (scope, key))
 * before it starts anything; a repeat within 24 h gets the same run or
 * rehearsal; the same key with a different body is a 409. A start that fails
 * (bad target, …) frees the key. Only a sha256 of the parsed body is stored.
 * See docs/decisions/033-idempotency-keys.md.
 */
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;
const HEADER = "Idempotency-Key";
/** How long a repeat waits for the first request to finish starting. */
const CLAIM_WAIT_MS = 5_000;

export const IdempotencyKeySchema = z
  .string()
  .min(1, `${HEADER} must not be empty.`)
  .max(255, `${HEADER} must be at most 255 characters.`)
  .regex(/^[\x21-\x7e]+$/, `${HEADER} must be printable ASCII without spaces (a UUID is a good key).`);

/** The key from the request headers, if any; a malformed one is a 400 naming the header. */
export function readIdempotencyKey(req: Request): string | null {
  const raw = req.headers.get(HEADER);
  if (raw === null) return null;
  const parsed = IdempotencyKeySchema.safeParse(raw);
  if (!parsed.success) throw badRequest(`Invalid ${HEADER} header.`, [{ path: HEADER, message: parsed.error.issues[0].message }]);
  return parsed.data;
}

function hashOf(body: unknown): string {
  return createHash("sha256").update(canonical(body)).digest("hex");
}

function canonical(v: unknown): string {
  if (v === undefined) return "null";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(",")}}`;
}

const isUniqueViolation = (err: unknown) => typeof err === "object" && err !== null && (err as { code?: string }).code === "P2002";

/** Expired keys are deleted at most once a minute, never on every request. */
const sweep = remember("smoke.idempotencySweep", () => ({ lastAt: 0 }));
async function sweepExpired(now: Date) {
  if (now.getTime() - sweep.lastAt < 60_000) return;
  sweep.lastAt = now.getTime();
  await db.idempotencyKey.deleteMany({ where: { expiresAt: { lt: now } } });
}

export type Idempotent<T extends string | number> = { id: T; replayed: boolean };

/**
 * Starts the resource once per (scope, key). `start` returns the new id;
 * `parseId` turns a stored id back into the resource's id type.
 */
export async function once<T extends string | number>(
  scope: "runs" | "rehearsals",
  key: string,
  body: unknown,
  start: () => Promise<T>,
  parseId: (stored: string) => T,
): Promise<Idempotent<T>> {
  const requestHash = hashOf(body);
  const now = new Date();
  await sweepExpired(now);
  for (let tries = 0; tries < 2; tries++) {
    try {
      await db.idempotencyKey.create({ data: { scope, key, requestHash, expiresAt: new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS) } });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const existing = await replay(scope, key, requestHash);
      if (existing === "expired") continue;
      return { id: parseId(existing), replayed: true };
    }
    let id: T;
    try {
      id = await start();
    } catch (err) {
      await db.idempotencyKey.delete({ where: { scope_key: { scope, key } } }).catch(() => undefined);
      throw err;
    }
    await db.idempotencyKey.update({ where: { scope_key: { scope, key } }, data: { resourceId: String(id) } });
    return { id, replayed: false };
  }
  throw new AppError("conflict", `This ${HEADER} is being reused right now; retry in a moment.`, [{ path: HEADER, message: "Key busy." }]);
}

async function replay(scope: string, key: string, requestHash: string): Promise<string | "expired"> {
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (;;) {
    const row = await db.idempotencyKey.findUnique({ where: { scope_key: { scope, key } } });
    if (!row) return "expired"; // the first request failed and freed it: claim it again
    if (row.expiresAt.getTime() <= Date.now()) {
      await db.idempotencyKey.deleteMany({ where: { scope, key, expiresAt: row.expiresAt } });
      return "expired";
    }
    if (row.requestHash !== requestHash) {
      throw conflict(`This ${HEADER} was already used with a different request body.`, [
        { path: HEADER, message: "Use a new key for a different request; a key stands for one request for 24 hours." },
      ]);
    }
    if (row.resourceId) return row.resourceId;
    if (Date.now() > deadline) {
      throw conflict(`The first request with this ${HEADER} is still starting; retry in a moment.`, [{ path: HEADER, message: "Key busy." }]);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
