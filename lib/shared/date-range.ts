/** One UTC day in milliseconds. */
export const DAY_MS = 86_400_000;

/**
 * A `to` filter bound as an exclusive instant: a bare date (YYYY-MM-DD)
 * includes that whole UTC day, a date-time is taken as given. Pure and
 * client-safe; every filtered listing uses it so the rule cannot drift.
 */
export function exclusiveEnd(to: string): Date {
  return to.length === 10 ? new Date(Date.parse(to) + DAY_MS) : new Date(to);
}

/** Prisma-style `{gte, lt}` for optional from/to filter values. */
export function dateRange(from?: string, to?: string): { gte?: Date; lt?: Date } | undefined {
  if (!from && !to) return undefined;
  return { ...(from ? { gte: new Date(from) } : {}), ...(to ? { lt: exclusiveEnd(to) } : {}) };
}
