import { Cron } from "croner";
import cronstrue from "cronstrue";

// Schedules are five-field cron expressions evaluated in UTC. Minute
// granularity is the floor on purpose: a rehearsal makes two real requests,
// and the scheduler wakes once a minute (docs/decisions/020).

export type CronCheck = { ok: true; normalized: string } | { ok: false; message: string };

export function checkCron(expr: string): CronCheck {
  const normalized = expr.trim().replace(/\s+/g, " ");
  if (normalized === "") return { ok: false, message: "Enter a cron expression, e.g. 0 9 * * 1-5." };
  if (normalized.startsWith("@")) return { ok: false, message: "Use five fields (minute hour day-of-month month day-of-week), not a nickname." };
  if (normalized.split(" ").length !== 5) {
    return { ok: false, message: "Use exactly five fields: minute hour day-of-month month day-of-week (UTC)." };
  }
  try {
    const job = new Cron(normalized, { timezone: "UTC", paused: true });
    if (!job.nextRun(new Date())) return { ok: false, message: "This expression never fires." };
    return { ok: true, normalized };
  } catch (err) {
    return { ok: false, message: `Not a valid cron expression: ${(err as Error).message.replace(/^CronPattern: /, "")}.` };
  }
}

/** "every weekday at 09:00 UTC"-style preview; null when the expression is invalid. */
export function describeCron(expr: string): string | null {
  const c = checkCron(expr);
  if (!c.ok) return null;
  try {
    return `${cronstrue.toString(c.normalized, { use24HourTimeFormat: true, verbose: false })} (UTC)`;
  } catch {
    return null;
  }
}

/** The next `n` slots strictly after `after`. */
export function nextSlots(expr: string, after: Date, n: number): Date[] {
  const job = new Cron(expr, { timezone: "UTC", paused: true });
  return job.nextRuns(n, after);
}

/**
 * Slots in (after, until], oldest first, at most `max` of them (the newest
 * `max` when there are more) plus how many were left out.
 */
export function slotsBetween(expr: string, after: Date, until: Date, max: number): { slots: Date[]; omitted: number } {
  const job = new Cron(expr, { timezone: "UTC", paused: true });
  const ring: Date[] = [];
  let total = 0;
  let cursor = after;
  // NOTE: bounded so a years-long outage of an every-minute schedule cannot
  // stall a tick; anything beyond the bound counts as omitted.
  for (let i = 0; i < 200_000; i++) {
    const next = job.nextRun(cursor);
    if (!next || next > until) break;
    total += 1;
    ring.push(next);
    if (ring.length > max) ring.shift();
    cursor = next;
  }
  return { slots: ring, omitted: total - ring.length };
}
