/**
 * The one home of process-wide state. Next compiles a module into several
 * server bundles (instrumentation and routes), so a module-level `new Map()`
 * is not one map; a value remembered here is (Epic Stack's singleton.server).
 */
const g = globalThis as unknown as { __evidenceRegistry?: Map<string, unknown> };

export function remember<T>(name: string, init: () => T): T {
  const registry = (g.__evidenceRegistry ??= new Map<string, unknown>());
  if (!registry.has(name)) registry.set(name, init());
  return registry.get(name) as T;
}
