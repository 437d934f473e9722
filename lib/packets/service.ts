import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
import { notifyPacketReady } from "@/lib/notify/events";
import { db } from "@/lib/db";
import { publicOrigin } from "@/lib/env";
import { AppError, badRequest, conflict, notFound } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { canonicalJson, sha256Hex } from "@/lib/packets/canonical";
import { draftSummary, timelineText } from "@/lib/packets/draft-summary";
import { defaultSections } from "@/lib/packets/guide";
import { packetMarkdown } from "@/lib/packets/markdown";
import { checkReadiness } from "@/lib/packets/readiness";
import { reviewerHtml } from "@/lib/packets/reviewer-html";
import { liveLinks, packetStatus } from "@/lib/packets/status";
import { readFrozenDocument, readSections, storedSectionsJson } from "@/lib/packets/stored";
import { checkedResponse } from "@/lib/shared/response-check";
import {
  PACKET_SCHEMA_VERSION,
  PacketListItemSchema,
  PacketSchema,
  VersionMetaSchema,
  type Packet,
  type PacketDocument,
  type PacketListItem,
  type PacketRecord,
  type RehearsalOption,
  type Sections,
  type VersionMeta,
} from "@/lib/packets/schema";
import type { z } from "zod";
import type { PacketCreateSchema, PacketPatchSchema } from "@/lib/packets/schema";
import { toRunJson } from "@/lib/smoke/records";
import { formatTestId, personRef } from "@/lib/smoke/schema";
import { traceUrlTemplate } from "@/lib/telemetry/trace-url";
import { traceUrlFor } from "@/scripts/trace-url.mjs";
import { otlpJson, runSpans, traceInputOf } from "@/lib/telemetry/spans";
import { runResource } from "@/lib/telemetry/otel";

// Packets: compose, check, freeze. Route handlers call one function here.

const include = {
  runs: { include: { run: { include: { attempts: true } } }, orderBy: [{ position: "asc" }, { runId: "asc" }] },
  shareLinks: { select: { expiresAt: true, revokedAt: true } },
  versions: { orderBy: { number: "desc" }, take: 1 },
} satisfies Prisma.PacketInclude;

type PacketRow = Prisma.PacketGetPayload<{ include: typeof include }>;

type Tx = Prisma.TransactionClient;

function toPacketRecord(pr: PacketRow["runs"][number]): PacketRecord {
  const run = toRunJson(pr.run);
  return {
    runId: run.id,
    path: run.path,
    errorScenario: run.errorScenario,
    targetName: run.targetName,
    model: run.model,
    rehearsalId: run.rehearsalId,
    idsSafeToShare: pr.idsSafeToShare,
    fallbackReason: run.fallbackReason,
    record: run.record,
  };
}

export function toDocument(row: PacketRow): PacketDocument {
  // NOTE: no re-parse of the whole document: sections are parsed above and
  // every record went through the strict RunSchema in toRunJson.
  return {
    schemaVersion: PACKET_SCHEMA_VERSION,
    packetId: row.id,
    title: row.title,
    incidentRef: row.incidentRef,
    audience: row.audience,
    rehearsalId: row.rehearsalId,
    sections: readSections(row.sections),
    records: row.runs.map(toPacketRecord),
  };
}

function toVersionMeta(v: { id: string; number: number; sha256: string; reason: string; createdAt: Date }): VersionMeta {
  return checkedResponse(VersionMetaSchema, { id: v.id, number: v.number, sha256: v.sha256, reason: v.reason as VersionMeta["reason"], createdAt: v.createdAt.toISOString() }, "VersionMeta");
}

function toPacket(row: PacketRow, now = new Date()): Packet {
  const doc = toDocument(row);
  const readiness = checkReadiness(doc);
  return checkedResponse(PacketSchema, {
    id: row.id,
    title: row.title,
    incidentRef: row.incidentRef,
    audience: row.audience,
    status: packetStatus(row, readiness, now),
    revision: row.revision,
    rehearsalId: row.rehearsalId,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    readyAt: row.readyAt?.toISOString() ?? null,
    author: personRef(row.authorId, row.authorLabel),
    lastEditor: personRef(row.lastEditorId, row.lastEditorLabel),
    sections: doc.sections,
    records: doc.records,
    readiness,
    draftSummary: draftSummary(doc.records),
    latestVersion: row.versions[0] ? toVersionMeta(row.versions[0]) : null,
  }, "Packet");
}

async function loadRow(id: string, tx: Tx | typeof db = db): Promise<PacketRow> {
  const row = await tx.packet.findUnique({ where: { id }, include });
  if (!row) throw notFound("Packet");
  return row;
}

export async function getPacket(id: string): Promise<Packet> {
  return toPacket(await loadRow(id));
}

export async function getPacketDocument(id: string): Promise<PacketDocument> {
  return toDocument(await loadRow(id));
}

export async function listPackets(now = new Date()): Promise<PacketListItem[]> {
  // NOTE: full rows, so the list derives status with the same function and readiness as the detail view.
  const rows = await db.packet.findMany({ orderBy: [{ updatedAt: "desc" }], take: 200, include });
  return rows.map((r) => {
    const doc = toDocument(r);
    return checkedResponse(PacketListItemSchema, {
      id: r.id,
      title: r.title,
      incidentRef: r.incidentRef,
      status: packetStatus(r, checkReadiness(doc), now),
      recordCount: r.runs.length,
      activeLinks: liveLinks(r, now),
      updatedAt: r.updatedAt.toISOString(),
      lastEditor: personRef(r.lastEditorId, r.lastEditorLabel),
    }, "PacketListItem");
  });
}

/** id → {title, status} for packets shown elsewhere (history), derived like every other view. */
export async function packetStatuses(ids: string[], now = new Date()) {
  const rows = ids.length ? await db.packet.findMany({ where: { id: { in: ids } }, include }) : [];
  return new Map(rows.map((r) => [r.id, { id: r.id, title: r.title, status: packetStatus(r, checkReadiness(toDocument(r)), now), readyAt: r.readyAt }]));
}

/** Runs must exist; a missing id is a 400 that names it. */
async function requireRuns(runIds: number[], field = "runIds") {
  const unique = [...new Set(runIds)];
  const found = await db.run.findMany({ where: { id: { in: unique } }, include: { attempts: true } });
  const missing = unique.filter((id) => !found.some((r) => r.id === id));
  if (missing.length) {
    throw badRequest(`Unknown record id: ${missing.join(", ")}.`, [{ path: field, message: `No record with id ${missing.join(", ")}.` }]);
  }
  const unfinished = found.filter((r) => r.state === "running");
  if (unfinished.length) {
    throw conflict(`Record ${unfinished.map((r) => formatTestId(r.id)).join(", ")} is still running; attach it when it has finished.`);
  }
  return unique.map((id) => found.find((r) => r.id === id)!);
}

/** Timeline entries the records already prove: when each check ran and what it saw. */
function timelineFromRuns(runs: ReturnType<typeof toRunJson>[]): Sections["timeline"] {
  return [...runs]
    .sort((a, b) => a.record.checked_at.localeCompare(b.record.checked_at))
    .map((r) => ({
      id: `rec-${r.id}`,
      at: r.record.checked_at.replace(/\.\d{3}Z$/, "Z"),
      text: timelineText(r),
    }));
}

export async function createPacket(input: z.output<typeof PacketCreateSchema>, actor: Actor): Promise<Packet> {
  let runIds: number[] = input.runIds ?? [];
  let decisions = { safeIdentifier: "", accountFacts: "", holdFallback: "" };
  if (input.rehearsalId) {
    const r = await db.rehearsal.findUnique({ where: { id: input.rehearsalId }, include: { runs: { select: { id: true, path: true, state: true } } } });
    if (!r) throw badRequest("Unknown rehearsalId.", [{ path: "rehearsalId", message: "No rehearsal with this id." }]);
    if (r.state === "running") throw conflict("The rehearsal is still running; open the packet when it has finished.");
    runIds = [...r.runs].sort((a, b) => (a.path === b.path ? a.id - b.id : a.path === "happy" ? -1 : 1)).map((x) => x.id);
    decisions = {
      safeIdentifier: r.decisionSafeIdentifier ?? "",
      accountFacts: r.decisionAccountFacts ?? "",
      holdFallback: r.decisionHoldFallback ?? "",
    };
  }
  const runs = runIds.length ? (await requireRuns(runIds)).map(toRunJson) : [];
  const records: PacketRecord[] = runs.map((run) => ({
    runId: run.id,
    path: run.path,
    errorScenario: run.errorScenario,
    targetName: run.targetName,
    model: run.model,
    rehearsalId: run.rehearsalId,
    idsSafeToShare: false,
    fallbackReason: run.fallbackReason,
    record: run.record,
  }));
  const envs = [...new Set(runs.map((r) => r.record.environment_label))];
  const sections = defaultSections({
    summary: draftSummary(records),
    environmentLabel: envs.length === 1 ? envs[0] : "",
    timeline: timelineFromRuns(runs),
    decisions,
  });
  const created = await db.$transaction(async (tx) => {
    const row = await tx.packet.create({
      data: {
        title: input.title.trim(),
        rehearsalId: input.rehearsalId ?? null,
        sections: storedSectionsJson(sections),
        authorId: actor.id ?? null,
        authorLabel: actor.label,
        lastEditorId: actor.id ?? null,
        lastEditorLabel: actor.label,
        runs: { create: runIds.map((runId, position) => ({ runId, position })) },
      },
    });
    await audit({ actor, action: "packet_created", subjectType: "packet", subjectId: row.id, detail: row.title.slice(0, 120) }, tx);
    return row;
  });
  return getPacket(created.id);
}

/**
 * Optimistic concurrency: the write names the revision it was based on and
 * succeeds only if that is still the stored one. A stale write is a 409 that
 * says which revision is current — never a silent overwrite.
 */
async function bumpRevision(tx: Prisma.TransactionClient, id: string, basedOn: number, data: Prisma.PacketUpdateManyMutationInput) {
  const res = await tx.packet.updateMany({ where: { id, revision: basedOn }, data: { ...data, revision: { increment: 1 } } });
  if (res.count === 1) return;
  const current = await tx.packet.findUnique({ where: { id }, select: { revision: true } });
  if (!current) throw notFound("Packet");
  throw new AppError("conflict", `This packet changed since revision ${basedOn} (now revision ${current.revision}). Reload to see the latest version before saving again.`, [
    { path: "revision", message: `Current revision is ${current.revision}.` },
  ]);
}

/**
 * Apply a write and re-check readiness in one transaction: a packet marked
 * ready that the write made incomplete loses its `readyAt` in the same
 * commit, so no reader ever sees "ready" for content that blocks.
 */
async function writePacket(id: string, actor: Actor, write: (tx: Tx, row: PacketRow, editor: Editor) => Promise<void>): Promise<Packet> {
  return db.$transaction(async (tx) => {
    await write(tx, await loadRow(id, tx), { lastEditorId: actor.id ?? null, lastEditorLabel: actor.label });
    const row = await loadRow(id, tx);
    if (row.readyAt === null || checkReadiness(toDocument(row)).ready) return toPacket(row);
    await tx.packet.update({ where: { id }, data: { readyAt: null } });
    await audit({ actor, action: "packet_status_changed", subjectType: "packet", subjectId: id, detail: "ready → draft (an edit made it incomplete)" }, tx);
    return toPacket(await loadRow(id, tx));
  });
}

/** Who made an edit: written by the edit's own revision bump (one UPDATE of the packet row per edit). */
type Editor = { lastEditorId: string | null; lastEditorLabel: string };

/** The operator confirmed the summary by editing it or by accepting the draft as written. */
function mergeSections(stored: Sections, incoming: Partial<Sections>): Sections {
  const merged: Sections = { ...stored, ...incoming };
  const edited = incoming.summary !== undefined && incoming.summary !== stored.summary;
  merged.summaryConfirmed = edited ? merged.summary.trim() !== "" : (incoming.summaryConfirmed ?? stored.summaryConfirmed);
  return merged;
}

export async function updatePacket(id: string, patch: z.output<typeof PacketPatchSchema>, actor: Actor): Promise<Packet> {
  return writePacket(id, actor, async (tx, row, editor) => {
    const attached = new Set(row.runs.map((r) => r.runId));
    for (const [field, ids] of [["safeIds", patch.safeIds?.map((s) => s.runId)], ["recordOrder", patch.recordOrder]] as const) {
      const unknown = (ids ?? []).filter((x) => !attached.has(x));
      if (unknown.length) throw badRequest(`Record ${unknown.join(", ")} is not attached to this packet.`, [{ path: field, message: "Attach the record first." }]);
    }
    // NOTE: only the patch is client input; what is stored is merged as read (never re-checked, never dropped).
    const sections = patch.sections ? mergeSections(readSections(row.sections), patch.sections) : null;
    await bumpRevision(tx, id, patch.revision, {
      ...editor,
      ...(patch.title !== undefined ? { title: patch.title.trim() } : {}),
      ...(patch.incidentRef !== undefined ? { incidentRef: patch.incidentRef } : {}),
      ...(patch.audience !== undefined ? { audience: patch.audience } : {}),
      ...(sections ? { sections: storedSectionsJson(sections) } : {}),
    });
    for (const s of patch.safeIds ?? []) {
      await tx.packetRun.update({ where: { packetId_runId: { packetId: id, runId: s.runId } }, data: { idsSafeToShare: s.safe } });
    }
    if (patch.recordOrder) {
      const order = [...patch.recordOrder, ...[...attached].filter((r) => !patch.recordOrder!.includes(r))];
      for (const [position, runId] of order.entries()) {
        await tx.packetRun.update({ where: { packetId_runId: { packetId: id, runId } }, data: { position } });
      }
    }
  });
}

export async function deletePacket(id: string, actor: Actor) {
  await db.$transaction(async (tx) => {
    const res = await tx.packet.deleteMany({ where: { id } });
    if (res.count === 0) throw notFound("Packet");
    await audit({ actor, action: "packet_status_changed", subjectType: "packet", subjectId: id, detail: "deleted" }, tx);
  });
}

export async function attachRecords(id: string, runIds: number[], actor: Actor, revision?: number): Promise<Packet> {
  await requireRuns(runIds);
  return writePacket(id, actor, async (tx, row, editor) => {
    const existing = new Set(row.runs.map((r) => r.runId));
    const fresh = [...new Set(runIds)].filter((r) => !existing.has(r));
    const start = row.runs.reduce((m, r) => Math.max(m, r.position + 1), 0);
    await bumpRevision(tx, id, revision ?? row.revision, editor);
    if (fresh.length) await tx.packetRun.createMany({ data: fresh.map((runId, i) => ({ packetId: id, runId, position: start + i })) });
  });
}

export async function detachRecord(id: string, runId: number, actor: Actor): Promise<Packet> {
  return writePacket(id, actor, async (tx, row, editor) => {
    if (!row.runs.some((r) => r.runId === runId)) throw notFound("Attached record");
    await bumpRevision(tx, id, row.revision, editor);
    await tx.packetRun.delete({ where: { packetId_runId: { packetId: id, runId } } });
  });
}

/** The blocking items as a 409 (readiness is checked on the same read that is then written or frozen). */
export function notReady(readiness: ReturnType<typeof checkReadiness>, doing: string) {
  return new AppError(
    "conflict",
    `The packet has ${readiness.blocking.length} blocking readiness item(s); resolve them before ${doing}.`,
    readiness.blocking.map((b) => ({ path: b.where ?? b.rule, message: b.message })),
  );
}

/** Mark ready (only when nothing blocks) or back to draft; "shared" follows from a live link. */
export async function setStatus(id: string, status: "draft" | "ready", actor: Actor): Promise<Packet> {
  return db.$transaction(async (tx) => {
    const row = await loadRow(id, tx);
    const readiness = checkReadiness(toDocument(row));
    if (status === "ready" && !readiness.ready) throw notReady(readiness, "marking it ready");
    await tx.packet.update({ where: { id }, data: { readyAt: status === "ready" ? (row.readyAt ?? new Date()) : null, lastEditorId: actor.id ?? null, lastEditorLabel: actor.label } });
    if ((row.readyAt !== null) !== (status === "ready")) {
      await audit({ actor, action: "packet_status_changed", subjectType: "packet", subjectId: id, detail: status === "ready" ? "draft → ready" : "ready → draft" }, tx);
      // Issue 16: "a packet was marked ready" goes into the notification outbox with the change.
      if (status === "ready") await notifyPacketReady(tx, { id, title: row.title, rehearsalId: row.rehearsalId }, actor.label);
    }
    return toPacket(await loadRow(id, tx));
  });
}

export async function getReadiness(id: string) {
  return checkReadiness(await getPacketDocument(id));
}

/**
 * Freeze the content of `row` — read in the same transaction `tx` — as an
 * immutable version. Versions are content addressed: the same canonical
 * bytes reuse the existing version, so exporting twice without an edit does
 * not mint a new number. The caller checks `row` first, so what was checked
 * is exactly what is frozen (decision 043).
 */
export async function freezeVersion(tx: Tx, row: PacketRow, reason: "export" | "share"): Promise<{ version: VersionMeta; document: PacketDocument }> {
  const document = toDocument(row);
  const canonical = canonicalJson(document);
  const sha256 = sha256Hex(canonical);
  const existing = await tx.packetVersion.findUnique({ where: { packetId_sha256: { packetId: row.id, sha256 } } });
  const version =
    existing ??
    (await tx.packetVersion.create({
      data: {
        packetId: row.id,
        number: ((await tx.packetVersion.findFirst({ where: { packetId: row.id }, orderBy: { number: "desc" }, select: { number: true } }))?.number ?? 0) + 1,
        revision: row.revision,
        canonicalJson: canonical,
        sha256,
        reason,
      },
    }));
  return { version: toVersionMeta(version), document };
}

/** Load, check and freeze in one transaction; `check` throws to refuse. */
export async function checkAndFreeze<T>(
  id: string,
  reason: "export" | "share",
  check: (packet: Packet) => void,
  then?: (tx: Tx, frozen: { version: VersionMeta; document: PacketDocument; packet: Packet }) => Promise<T>,
) {
  return db.$transaction(async (tx) => {
    const row = await loadRow(id, tx);
    const packet = toPacket(row);
    check(packet);
    const frozen = await freezeVersion(tx, row, reason);
    const extra = then ? await then(tx, { ...frozen, packet }) : (undefined as T);
    return { ...frozen, packet, extra };
  });
}

/** A frozen version's document, read in the rules of the schemaVersion it was frozen under. */
export function versionDocument(canonical: string): PacketDocument {
  return readFrozenDocument(canonical);
}

/**
 * What the JSON export may add beside the hashed `document` (decision 131):
 * `traceUrls` (trace id → link) only when TRACE_URL_TEMPLATE is set, and
 * `otlp` (the attempts as an OTLP ExportTraceServiceRequest) only when asked.
 */
export type JsonExportExtras = { traceUrlTemplate?: string | null; otlp?: boolean };

/** The documented JSON export: the document plus the version that hashes it. */
export function exportJson(document: PacketDocument, version: VersionMeta, extras: JsonExportExtras = {}) {
  const traceUrls = Object.fromEntries(
    document.records.flatMap((r) => {
      const url = traceUrlFor(extras.traceUrlTemplate, r.record.trace_id_placeholder);
      return url ? [[r.record.trace_id_placeholder, url]] : [];
    }),
  );
  return {
    schemaVersion: PACKET_SCHEMA_VERSION,
    version: { number: version.number, sha256: version.sha256, createdAt: version.createdAt, hashOf: "canonical JSON of `document` (sorted keys, no whitespace, UTF-8)" },
    document,
    ...(Object.keys(traceUrls).length ? { traceUrls } : {}),
    ...(extras.otlp ? { otlp: otlpJson(document.records.flatMap((r) => runSpans(traceInputOf(r), runResource()))) } : {}),
  };
}

/**
 * The reviewer JSON of a frozen version: the stored canonical bytes are the
 * `document`, verbatim, so the sha256 checks and no reader of today can
 * change what was frozen. The envelope's schemaVersion is the document's.
 */
export function frozenJson(canonical: string, version: Pick<VersionMeta, "number" | "sha256" | "createdAt">): string {
  const documentVersion = (JSON.parse(canonical) as { schemaVersion?: unknown }).schemaVersion;
  const head = {
    schemaVersion: typeof documentVersion === "number" ? documentVersion : 1,
    version: { number: version.number, sha256: version.sha256, createdAt: version.createdAt, hashOf: "canonical JSON of `document` (sorted keys, no whitespace, UTF-8)" },
  };
  return `${JSON.stringify(head).slice(0, -1)},"document":${canonical}}`;
}

function slug(title: string) {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "packet";
}

export async function exportPacket(id: string, format: "md" | "json", actor: Actor, opts: { otlp?: boolean } = {}) {
  // NOTE: readiness may still block on other things (an export is a draft's
  // way out too), but never on secret-like text: that must not leave at all.
  const { version, document } = await checkAndFreeze(id, "export", (packet) => {
    const secrets = packet.readiness.blocking.filter((b) => b.rule === "no-secrets");
    if (secrets.length) throw conflict("The packet holds secret-like text; remove it before exporting.", secrets.map((b) => ({ path: b.where ?? b.rule, message: b.message })));
  }, (tx, { version }) => audit({ actor, action: "packet_exported", subjectType: "packet", subjectId: id, detail: `${format} · version ${version.number}` }, tx));
  const base = `${slug(document.title)}-v${version.number}`;
  if (format === "json") {
    return { filename: `${base}.json`, contentType: "application/json; charset=utf-8", body: JSON.stringify(exportJson(document, version, { traceUrlTemplate: traceUrlTemplate(), otlp: opts.otlp }), null, 2), version };
  }
  return { filename: `${base}.md`, contentType: "text/markdown; charset=utf-8", body: packetMarkdown(document, version, { origin: publicOrigin(), traceUrlTemplate: traceUrlTemplate() }), version };
}

/**
 * Exactly the page a reviewer would get from a link made now: same renderer,
 * same content hash. Nothing is frozen until the link is actually created.
 */
export async function previewReviewerPage(id: string): Promise<string> {
  const { document, sha256, existing, last } = await db.$transaction(async (tx) => {
    const document = toDocument(await loadRow(id, tx));
    const sha256 = sha256Hex(canonicalJson(document));
    const existing = await tx.packetVersion.findUnique({ where: { packetId_sha256: { packetId: id, sha256 } } });
    const last = await tx.packetVersion.findFirst({ where: { packetId: id }, orderBy: { number: "desc" }, select: { number: true } });
    return { document, sha256, existing, last };
  });
  const number = existing?.number ?? (last?.number ?? 0) + 1;
  return reviewerHtml(document, {
    number,
    sha256,
    createdAt: (existing?.createdAt ?? new Date()).toISOString(),
    label: existing ? `Version ${number}` : `Version ${number} (frozen when the link is created)`,
  }, { traceUrlTemplate: traceUrlTemplate() });
}

/** Recent rehearsals for the "new packet" form. */
export async function listRecentRehearsals(limit = 20): Promise<RehearsalOption[]> {
  const rows = await db.rehearsal.findMany({
    orderBy: { startedAt: "desc" },
    take: limit,
    select: { id: true, targetName: true, errorScenario: true, state: true, startedAt: true, _count: { select: { runs: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    targetName: r.targetName,
    errorScenario: r.errorScenario,
    state: r.state,
    startedAt: r.startedAt.toISOString(),
    runCount: r._count.runs,
  }));
}
