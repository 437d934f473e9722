// One registry for process-wide state. Next compiles a module into several
// server bundles (instrumentation vs routes; vercel/next.js#69544), so a
// module-level `new Map()` is not one map: everything that must be one per
// process is remembered here, on globalThis, under a name.
type Registry = Map<string, unknown>;
const g = globalThis as unknown as { __evidenceRegistry?: Registry };

export function remember<T>(name: string, init: () => T): T {
  const registry = (g.__evidenceRegistry ??= new Map());
  if (!registry.has(name)) registry.set(name, init());
  return registry.get(name) as T;
}
