import "server-only";
import { db } from "@/lib/db";
import { remember } from "@/lib/shared/registry";

/**
 * Target rows (with their fallback) as the runner reads them, cached for a
 * moment: a run starts with no database read on its request path. Every
 * write through lib/targets clears the cache; a write by another process
 * is seen within TTL_MS — including a write on another app instance
 * (README "Scaling out", decision 102: the bound is this TTL).
 */
const TTL_MS = 2000;
type Row = NonNullable<Awaited<ReturnType<typeof read>>>;
// One cache per process, shared by the scheduler and the routes (issue 9.3).
const cache = remember("targets.cache", () => new Map<string, { row: Row; at: number }>());

const read = (id: string) => db.target.findUnique({ where: { id }, include: { fallbackTarget: true } });

export async function cachedTargetWithFallback(id: string): Promise<Row | null> {
  const hit = cache.get(id);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.row;
  const row = await read(id);
  if (row) cache.set(id, { row, at: Date.now() });
  else cache.delete(id);
  return row;
}

export function clearTargetCache() {
  cache.clear();
}
