/**
 * The one home of process-wide state (Epic Stack's singleton.server.ts).
 *
 * NOTE: Next compiles a module into several server bundles (the one loaded by
 * instrumentation.ts and the route bundles; vercel/next.js#69544), so a
 * module-level `new Map()` exists once per bundle: the scheduler and the API
 * would each see their own breaker, budget and cache. Everything that must be
 * one per process is kept here, on globalThis, under a stable name. ESLint
 * forbids module-level mutable state in lib/ (eslint.config.mjs) so nothing
 * slips back. See docs/decisions/031-one-process-registry.md.
 */
type Registry = Map<string, unknown>;
const g = globalThis as typeof globalThis & { __evidenceRegistry?: Registry };

export function remember<T>(name: string, init: () => T): T {
  const registry = (g.__evidenceRegistry ??= new Map<string, unknown>());
  if (!registry.has(name)) registry.set(name, init());
  return registry.get(name) as T;
}
