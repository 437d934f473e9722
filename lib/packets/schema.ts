import { z } from "zod";
import { findSecrets } from "@/lib/shared/secret-guard";
import { PersonRefSchema } from "@/lib/smoke/schema";
import {
  CONFIRM_DATE_MESSAGE,
  CONFIRM_URL_MESSAGE,
  FAILURE_MODE_STATES,
  isHttpUrlOrEmpty,
  PACKET_STATUSES,
  SECRET_MESSAGE,
  SHARE_EXPIRIES_HOURS,
  TIME_MESSAGE,
  URL_MESSAGE,
} from "@/lib/packets/constants";
import { RecordSchema, RUN_PATHS, ERROR_SCENARIOS } from "@/lib/smoke/schema";

// One zod module for packets, shared by the editor (client) and the route
// handlers (server). Everything a reviewer can read is free text that goes
// through the secret guard here, so the API and the form refuse the same
// input with the same message, at the same path.

export {
  FAILURE_MODE_STATES,
  PACKET_SCHEMA_VERSION,
  PACKET_STATUSES,
  SECRET_MESSAGE,
  SHARE_EXPIRIES_HOURS,
  SHARE_EXPIRY_LABELS,
  type FailureModeState,
  type PacketStatus,
} from "@/lib/packets/constants";

/** Free text a reviewer will read: bounded, trimmed, and refused when it holds anything token-like. */
export const safeText = (max: number) =>
  z
    .string({ error: "Must be text." })
    .max(max, `Keep this under ${max} characters.`)
    .superRefine((v, ctx) => {
      const found = findSecrets(v);
      if (found.length) ctx.addIssue({ code: "custom", message: SECRET_MESSAGE(found[0].label) });
    });

/** An http(s) URL or empty. `javascript:` and friends never reach a rendered link. */
export const optionalUrl = safeText(500).refine(isHttpUrlOrEmpty, URL_MESSAGE);

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, "Ids are letters, digits, - and _.");
const isoDateOrEmpty = z.union([z.literal(""), z.iso.date({ error: "Use a date like 2026-06-22." })]);

/** A confirmed row needs the operator's own accessed date and the URL they actually used. */
const confirmedNeeds = (urlKey: "url" | "sourceUrl") => (row: { confirmed: boolean; accessed: string } & Record<string, unknown>, ctx: z.RefinementCtx) => {
  if (!row.confirmed) return;
  if (!row.accessed) ctx.addIssue({ code: "custom", path: ["accessed"], message: CONFIRM_DATE_MESSAGE });
  if (!row[urlKey]) ctx.addIssue({ code: "custom", path: [urlKey], message: CONFIRM_URL_MESSAGE });
};

type Text = (max: number) => z.ZodType<string>;

/**
 * The section shapes, built twice from one definition: with `safeText`
 * (limits + secret guard) for client input at the API boundary, and with
 * plain strings as the response type (checked in development and tests).
 * Stored rows are never parsed with either: lib/packets/stored.ts reads
 * them leniently. See docs/decisions/041-one-schema-one-job.md.
 */
function sectionSchemas(t: Text, url: z.ZodType<string>, rowId: z.ZodType<string>, date: z.ZodType<string>, input: boolean) {
  const TimelineEntry = z.object({ id: rowId, at: input ? z.iso.datetime({ offset: true, error: TIME_MESSAGE }) : z.string(), text: t(1000) }).strict();
  /** `confirmed`: the operator kept this item (their own items are confirmed when written). */
  const NotVerifiedItem = z.object({ id: rowId, label: t(300), sourceAttached: z.boolean(), sourceUrl: url, confirmed: z.boolean() }).strict();
  const AccountGap = z.object({ id: rowId, fact: t(500), whyOutside: t(500), authorizedSource: t(500) }).strict();
  const SourceBase = z.object({ id: rowId, title: t(200), url, accessed: date, purpose: t(300), confirmed: z.boolean() }).strict();
  const Source = input ? SourceBase.superRefine(confirmedNeeds("url")) : SourceBase;
  const ContractBase = z.object({ id: rowId, area: t(200), whatToVerify: t(500), sourceUrl: url, accessed: date, safeWording: t(500), confirmed: z.boolean() }).strict();
  const ContractCheck = input ? ContractBase.superRefine(confirmedNeeds("sourceUrl")) : ContractBase;
  const FailureMode = z.object({ key: rowId, label: t(100), description: t(600), state: z.enum(FAILURE_MODE_STATES), note: t(600) }).strict();
  const Decisions = z.object({ safeIdentifier: t(1000), accountFacts: t(1000), holdFallback: t(1000) }).strict();
  /** Rows are keyed by id in the editor: two rows with one id would collide. */
  const uniqueIds = <T extends z.ZodType<{ id: string }[]>>(list: T) =>
    input ? list.refine((rows) => new Set(rows.map((r) => r.id)).size === rows.length, "Each entry needs its own id.") : list;
  const max = <T extends z.ZodType>(item: T, n: number) => (input ? z.array(item).max(n) : z.array(item));
  const Sections = z
    .object({
      summary: t(2000),
      /** The operator edited the summary or explicitly accepted the draft. */
      summaryConfirmed: z.boolean(),
      environmentLabel: t(40),
      environmentMismatch: t(1000),
      /** Stated reason when a path has no attached record (readiness accepts either). */
      missingPathReasons: z.object({ happy: t(500), error: t(500) }).strict(),
      timeline: uniqueIds(max(TimelineEntry, 100)),
      notVerified: z.object({ items: uniqueIds(max(NotVerifiedItem, 40)), notes: t(2000) }).strict(),
      accountGaps: uniqueIds(max(AccountGap, 40)),
      sourcesChecked: uniqueIds(max(Source, 40)),
      contractChecks: uniqueIds(max(ContractCheck, 40)),
      failureModes: max(FailureMode, 20),
      decisions: Decisions,
    })
    .strict();
  return { TimelineEntry, NotVerifiedItem, AccountGap, Source, ContractCheck, FailureMode, Decisions, Sections };
}

const inputSchemas = sectionSchemas(safeText, optionalUrl, id, isoDateOrEmpty, true);
const shapeSchemas = sectionSchemas(() => z.string(), z.string(), z.string(), z.string(), false);

export const TimelineEntrySchema = inputSchemas.TimelineEntry;
export type TimelineEntry = z.infer<typeof shapeSchemas.TimelineEntry>;
export const NotVerifiedItemSchema = inputSchemas.NotVerifiedItem;
export type NotVerifiedItem = z.infer<typeof shapeSchemas.NotVerifiedItem>;
export const AccountGapSchema = inputSchemas.AccountGap;
export type AccountGap = z.infer<typeof shapeSchemas.AccountGap>;
export const SourceSchema = inputSchemas.Source;
export type Source = z.infer<typeof shapeSchemas.Source>;
export const ContractCheckSchema = inputSchemas.ContractCheck;
export type ContractCheck = z.infer<typeof shapeSchemas.ContractCheck>;
export const FailureModeSchema = inputSchemas.FailureMode;
export type FailureMode = z.infer<typeof shapeSchemas.FailureMode>;
export const DecisionsSchema = inputSchemas.Decisions;
export type Decisions = z.infer<typeof shapeSchemas.Decisions>;

/** Every editable section, as client input (limits, secret guard). */
export const SectionsSchema = inputSchemas.Sections;
/** The same sections as a response type: shape only, no limits (stored text may predate a rule). */
export const SectionsShape = shapeSchemas.Sections;
export type Sections = z.infer<typeof SectionsShape>;
export type SectionKey = keyof Sections;

const title = safeText(200).refine((v) => v.trim().length > 0, "Title is required.");

/** POST /api/packets */
export const PacketCreateSchema = z
  .object({
    title,
    rehearsalId: z.string().min(1).max(64).optional(),
    runIds: z.array(z.number().int().positive()).max(100).optional(),
  })
  .strict()
  .refine((v) => !(v.rehearsalId && v.runIds?.length), { path: ["runIds"], message: "Give a rehearsalId or runIds, not both." });
export type PacketCreateInput = z.input<typeof PacketCreateSchema>;

/** PATCH /api/packets/:id — any subset of sections, plus the revision it was based on. */
export const PacketPatchSchema = z
  .object({
    revision: z.number({ error: "revision is required: send the revision this edit was based on." }).int().positive(),
    title: title.optional(),
    incidentRef: safeText(120).optional(),
    audience: safeText(200).optional(),
    sections: SectionsSchema.partial().optional(),
    /** Per attached record: are its trace/request ids safe to share internally? */
    safeIds: z.array(z.object({ runId: z.number().int().positive(), safe: z.boolean() }).strict()).max(100).optional(),
    /** New order of attached records (run ids). */
    recordOrder: z.array(z.number().int().positive()).max(100).optional(),
  })
  .strict();
export type PacketPatch = z.input<typeof PacketPatchSchema>;

export const AttachRecordsSchema = z
  .object({ runIds: z.array(z.number().int().positive()).min(1, "Pick at least one record.").max(100), revision: z.number().int().positive().optional() })
  .strict();

export const StatusChangeSchema = z.object({ status: z.enum(["draft", "ready"], { error: 'status must be "draft" or "ready"; "shared" follows from creating a link.' }) }).strict();

export const ShareCreateSchema = z
  .object({
    expiresInHours: z.union(SHARE_EXPIRIES_HOURS.map((h) => z.literal(h)) as [z.ZodLiteral<24>, z.ZodLiteral<168>, z.ZodLiteral<720>], {
      error: "expiresInHours must be 24, 168 or 720.",
    }),
  })
  .strict();

export const ExportQuerySchema = z
  .object({
    format: z.enum(["md", "json"], { error: 'format must be "md" or "json".' }).default("md"),
    /** JSON only: add the attempts as OTLP JSON (decision 131). */
    otlp: z.enum(["1", "true", "0", "false"], { error: 'otlp must be "1" or "0".' }).optional(),
  })
  .strict()
  .refine((q) => !q.otlp || q.otlp === "0" || q.otlp === "false" || q.format === "json", { path: ["otlp"], message: "otlp applies to format=json only." });

/** One attached record as it appears in a packet: the sanitized record plus what a reviewer needs to read it. */
export const PacketRecordSchema = z
  .object({
    runId: z.number().int(),
    path: z.enum(RUN_PATHS),
    errorScenario: z.enum(ERROR_SCENARIOS).nullable(),
    targetName: z.string(),
    model: z.string(),
    rehearsalId: z.string().nullable(),
    idsSafeToShare: z.boolean(),
    fallbackReason: z.string().nullable(),
    record: RecordSchema,
  })
  .strict();
export type PacketRecord = z.infer<typeof PacketRecordSchema>;

/**
 * The frozen document: what a version hashes, what the JSON export holds
 * and what the reviewer page renders. No timestamps of its own, so the same
 * content always has the same sha256.
 */
export const PacketDocumentSchema = z
  .object({
    schemaVersion: z.number().int(),
    packetId: z.string(),
    title: z.string(),
    incidentRef: z.string(),
    audience: z.string(),
    rehearsalId: z.string().nullable(),
    sections: SectionsShape,
    records: z.array(PacketRecordSchema),
  })
  .strict();
export type PacketDocument = z.infer<typeof PacketDocumentSchema>;

export const ReadinessItemSchema = z.object({ rule: z.string(), message: z.string(), where: z.string().optional() }).strict();
export type ReadinessItem = z.infer<typeof ReadinessItemSchema>;
export const ReadinessSchema = z
  .object({ ready: z.boolean(), blocking: z.array(ReadinessItemSchema), warnings: z.array(ReadinessItemSchema) })
  .strict();
export type Readiness = z.infer<typeof ReadinessSchema>;

export const VersionMetaSchema = z
  .object({ id: z.string(), number: z.number().int(), sha256: z.string(), reason: z.enum(["export", "share"]), createdAt: z.string() })
  .strict();
export type VersionMeta = z.infer<typeof VersionMetaSchema>;

export const ShareLinkSchema = z
  .object({
    id: z.string(),
    versionId: z.string(),
    versionNumber: z.number().int(),
    versionSha256: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().nullable(),
    viewCount: z.number().int(),
    lastViewedAt: z.string().nullable(),
    state: z.enum(["active", "expired", "revoked"]),
    /** Who created it; null for links from before accounts. */
    createdBy: PersonRefSchema.nullable(),
    revokedBy: PersonRefSchema.nullable(),
  })
  .strict();
export type ShareLink = z.infer<typeof ShareLinkSchema>;

/** The editor's view of a packet: the document plus mutable state. */
export const PacketSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    incidentRef: z.string(),
    audience: z.string(),
    status: z.enum(PACKET_STATUSES),
    revision: z.number().int(),
    rehearsalId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    readyAt: z.string().nullable(),
    /** Who created it and who changed it last; null for packets from before accounts. */
    author: PersonRefSchema.nullable(),
    lastEditor: PersonRefSchema.nullable(),
    sections: SectionsShape,
    records: z.array(PacketRecordSchema),
    readiness: ReadinessSchema,
    draftSummary: z.string(),
    latestVersion: VersionMetaSchema.nullable(),
  })
  .strict();
export type Packet = z.infer<typeof PacketSchema>;

export const PacketListItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    incidentRef: z.string(),
    status: z.enum(PACKET_STATUSES),
    recordCount: z.number().int(),
    activeLinks: z.number().int(),
    updatedAt: z.string(),
    lastEditor: PersonRefSchema.nullable(),
  })
  .strict();
export type PacketListItem = z.infer<typeof PacketListItemSchema>;

/** A rehearsal to open a packet from (the "new packet" form). */
export type RehearsalOption = { id: string; targetName: string; errorScenario: string; state: string; startedAt: string; runCount: number };
