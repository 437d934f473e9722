import "server-only";
import { db } from "@/lib/db";
import { formatTestId } from "@/lib/smoke/constants";
import type { SearchHit } from "@/lib/search/schema";

const TEST_ID = /^llm-api-escalation-smoke-0*(\d{1,12})$/i;
const LIMIT = 5;

/**
 * What the operator has at 3 a.m. — a test id, a trace id or a provider
 * request id from an alert, a packet's title or incident reference, a target's
 * name — to the page that holds it. Ids match exactly; names and titles by
 * substring.
 */
export async function search(q: string): Promise<SearchHit[]> {
  const byTestId = TEST_ID.exec(q);
  const runIds = new Set<number>();
  if (byTestId) runIds.add(Number(byTestId[1]));
  // NOTE: trace and request ids are exact matches, so a typo finds nothing rather than a near miss.
  const [runs, attempts, packets, targets] = await Promise.all([
    db.run.findMany({ where: { OR: [{ traceId: q }, { requestId: q }] }, select: { id: true }, take: LIMIT }),
    db.attempt.findMany({ where: { requestId: q }, select: { runId: true }, take: LIMIT }),
    db.packet.findMany({ where: { OR: [{ title: { contains: q } }, { incidentRef: { contains: q } }] }, select: { id: true, title: true, incidentRef: true }, orderBy: { updatedAt: "desc" }, take: LIMIT }),
    db.target.findMany({ where: { name: { contains: q } }, select: { id: true, name: true, environmentLabel: true }, take: LIMIT }),
  ]);
  for (const r of runs) runIds.add(r.id);
  for (const a of attempts) runIds.add(a.runId);
  const found = runIds.size
    ? await db.run.findMany({ where: { id: { in: [...runIds] } }, select: { id: true, targetName: true, path: true, traceId: true }, orderBy: { id: "desc" }, take: LIMIT })
    : [];
  return [
    ...found.map((r) => ({ kind: "record" as const, href: `/records/${r.id}`, label: formatTestId(r.id), detail: `${r.targetName} · ${r.path} path · trace ${r.traceId}` })),
    ...packets.map((p) => ({ kind: "packet" as const, href: `/packets/${p.id}`, label: p.title, detail: p.incidentRef ? `Packet · ${p.incidentRef}` : "Packet" })),
    ...targets.map((t) => ({ kind: "target" as const, href: `/targets`, label: t.name, detail: `Target · ${t.environmentLabel}` })),
  ];
}
