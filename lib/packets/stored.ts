import { defaultSections, FAILURE_MODE_DEFAULTS, NOT_VERIFIED_DEFAULTS } from "@/lib/packets/guide";
import { FAILURE_MODE_STATES, PACKET_SCHEMA_VERSION } from "@/lib/packets/constants";
import type { PacketDocument, PacketRecord, Sections } from "@/lib/packets/schema";

// Stored-data readers: what is already in the database is read field by
// field, leniently, and never re-checked against today's input rules (limits
// and the secret guard belong to the API boundary). A field of the wrong
// type falls back to its default on its own; text is never dropped because
// a neighbouring field failed. Rows are versioned by `schemaVersion`
// (missing = 1). See docs/decisions/041-one-schema-one-job.md.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, fallback = ""): string => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : fallback);
const bool = (v: unknown, fallback: boolean): boolean => (typeof v === "boolean" ? v : fallback);
const rows = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);

const SUGGESTED_NOT_VERIFIED = new Set(NOT_VERIFIED_DEFAULTS.map((i) => i.id));

/** Sections as stored in Packet.sections (JSON text), any schemaVersion. */
export function readSections(raw: string): Sections {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    data = {};
  }
  return readSectionsValue(data);
}

export function readSectionsValue(data: unknown): Sections {
  const d = isObj(data) ? data : {};
  const base = defaultSections();
  const nv = isObj(d.notVerified) ? d.notVerified : {};
  const mp = isObj(d.missingPathReasons) ? d.missingPathReasons : {};
  const dec = isObj(d.decisions) ? d.decisions : {};
  const failure = Array.isArray(d.failureModes) ? rows(d.failureModes) : null;
  return {
    summary: str(d.summary),
    // NOTE: version 1 had no confirmation; nobody confirmed what was stored then.
    summaryConfirmed: bool(d.summaryConfirmed, false),
    environmentLabel: str(d.environmentLabel),
    environmentMismatch: str(d.environmentMismatch),
    missingPathReasons: { happy: str(mp.happy), error: str(mp.error) },
    timeline: Array.isArray(d.timeline) ? rows(d.timeline).map((e, i) => ({ id: str(e.id, `t${i + 1}`), at: str(e.at), text: str(e.text) })) : base.timeline,
    notVerified: {
      items: Array.isArray(nv.items)
        ? rows(nv.items).map((e, i) => {
            const itemId = str(e.id, `nv${i + 1}`);
            // Version 1: the operator's own items were theirs; the guide's suggestions were never confirmed.
            return { id: itemId, label: str(e.label), sourceAttached: bool(e.sourceAttached, false), sourceUrl: str(e.sourceUrl), confirmed: bool(e.confirmed, !SUGGESTED_NOT_VERIFIED.has(itemId)) };
          })
        : base.notVerified.items,
      notes: str(nv.notes),
    },
    accountGaps: rows(d.accountGaps).map((g, i) => ({ id: str(g.id, `g${i + 1}`), fact: str(g.fact), whyOutside: str(g.whyOutside), authorizedSource: str(g.authorizedSource) })),
    sourcesChecked: Array.isArray(d.sourcesChecked)
      ? rows(d.sourcesChecked).map((x, i) => ({ id: str(x.id, `s${i + 1}`), title: str(x.title), url: str(x.url), accessed: str(x.accessed), purpose: str(x.purpose), confirmed: bool(x.confirmed, false) }))
      : base.sourcesChecked,
    contractChecks: Array.isArray(d.contractChecks)
      ? rows(d.contractChecks).map((c, i) => ({
          id: str(c.id, `c${i + 1}`),
          area: str(c.area),
          whatToVerify: str(c.whatToVerify),
          sourceUrl: str(c.sourceUrl),
          accessed: str(c.accessed),
          safeWording: str(c.safeWording),
          confirmed: bool(c.confirmed, false),
        }))
      : base.contractChecks,
    failureModes:
      failure && failure.length
        ? failure.map((f, i) => {
            const guide = FAILURE_MODE_DEFAULTS.find((g) => g.key === f.key);
            const state = FAILURE_MODE_STATES.find((s) => s === f.state) ?? "not_checked";
            return { key: str(f.key, `fm${i + 1}`), label: str(f.label, guide?.label ?? ""), description: str(f.description, guide?.description ?? ""), state, note: str(f.note) };
          })
        : base.failureModes,
    decisions: { safeIdentifier: str(dec.safeIdentifier), accountFacts: str(dec.accountFacts), holdFallback: str(dec.holdFallback) },
  };
}

/** What Packet.sections stores: the sections plus the version they were written under. */
export const storedSectionsJson = (s: Sections) => JSON.stringify({ schemaVersion: PACKET_SCHEMA_VERSION, ...s });

/**
 * A frozen version's document, for rendering only: read leniently, in the
 * rules of the schemaVersion it was frozen under. The JSON a reviewer gets
 * is the stored canonical bytes themselves (see share.ts), never this.
 */
export function readFrozenDocument(canonical: string): PacketDocument {
  const d = JSON.parse(canonical) as unknown;
  const doc = isObj(d) ? d : {};
  const version = typeof doc.schemaVersion === "number" ? doc.schemaVersion : 1;
  const sections = readSectionsValue(doc.sections);
  if (version < 2) {
    // Version 1 showed every source and contract row as it was stored, dates included.
    for (const r of [...sections.sourcesChecked, ...sections.contractChecks]) r.confirmed = true;
    for (const i of sections.notVerified.items) i.confirmed = true;
    sections.summaryConfirmed = true;
  }
  return {
    schemaVersion: version,
    packetId: str(doc.packetId),
    title: str(doc.title),
    incidentRef: str(doc.incidentRef),
    audience: str(doc.audience),
    rehearsalId: typeof doc.rehearsalId === "string" ? doc.rehearsalId : null,
    sections,
    // NOTE: records were produced by the strict run mapping when frozen; they are rendered as stored.
    records: (Array.isArray(doc.records) ? doc.records : []) as PacketRecord[],
  };
}

