import { authedRequest } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it } from "vitest";
import * as packetsRoute from "@/app/api/packets/route";
import * as packetRoute from "@/app/api/packets/[id]/route";
import * as recordsRoute from "@/app/api/packets/[id]/records/route";
import * as recordRoute from "@/app/api/packets/[id]/records/[runId]/route";
import * as readinessRoute from "@/app/api/packets/[id]/readiness/route";
import * as exportRoute from "@/app/api/packets/[id]/export/route";
import * as statusRoute from "@/app/api/packets/[id]/status/route";
import { db } from "@/lib/db";
import { insertRun } from "@/tests/fixtures/runs";

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const req = (url: string, method = "GET", body?: unknown) =>
  authedRequest(`http://test${url}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}) });

async function createPacket(body: unknown) {
  const res = await packetsRoute.POST(req("/api/packets", "POST", body), noParams);
  return { res, body: await res.json() };
}
const patch = (id: string, body: unknown) => packetRoute.PATCH(req(`/api/packets/${id}`, "PATCH", body), ctx({ id }));
const get = async (id: string) => (await packetRoute.GET(req(`/api/packets/${id}`), ctx({ id }))).json();
const rules = (p: { readiness: { blocking: { rule: string }[] } }) => p.readiness.blocking.map((b) => b.rule);
/** What the operator must say before a packet is ready (decision 040): accept the summary, keep an item, confirm or remove sources. */
const SAY_SOMETHING = ["summary-unconfirmed", "not-verified-unconfirmed", "sources-unconfirmed"];
async function operatorConfirms(id: string) {
  const p = await get(id);
  const res = await patch(id, {
    revision: p.revision,
    sections: {
      summaryConfirmed: true,
      notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i: { confirmed: boolean }, n: number) => ({ ...i, confirmed: n === 0 })) },
      sourcesChecked: p.sections.sourcesChecked.map((x: object) => ({ ...x, confirmed: true, accessed: "2026-11-30" })),
    },
  });
  expect(res.status).toBe(200);
  return res.json();
}

let rehearsalId: string;
let happyId: number;
let errorId: number;

beforeAll(async () => {
  const r = await db.rehearsal.create({ data: { targetName: "Sandbox primary", errorScenario: "missing_credential", state: "done", decisionSafeIdentifier: "Trace ids only." } });
  rehearsalId = r.id;
  happyId = (await insertRun({ rehearsalId, checkedAt: new Date("2026-06-22T10:00:00Z") })).id;
  errorId = (
    await insertRun(
      {
        rehearsalId,
        path: "error",
        errorScenario: "missing_credential",
        checkedAt: new Date("2026-06-22T10:00:05Z"),
        credentialConfigured: false,
        httpStatusCode: 401,
        httpStatusFamily: "4xx",
        clientErrorClass: "AuthenticationError",
        fallbackDecision: "manual_hold",
        fallbackReason: "auth/config errors are never retried or failed over",
        contractResult: "not_checked",
        responseObjectFamily: null,
        sanitizedErrorSummary: "401 invalid_api_key (credential not sent)",
        notes: "401 recorded with zero retries; manual hold.",
      },
      [{ statusCode: 401, statusFamily: "4xx", errorClass: "AuthenticationError", decision: "stop", decisionRule: "4xx auth: never retry", requestId: "req_0123456789abcdef" }],
    )
  ).id;
});

describe("packets API", () => {
  it("creates a packet from a rehearsal in one call, with records, draft summary and the guide's lists", async () => {
    const { res, body: p } = await createPacket({ title: "Chat path 401 on sandbox", rehearsalId });
    expect(res.status).toBe(201);
    expect(p.records.map((r: { runId: number; path: string }) => [r.runId, r.path])).toEqual([[happyId, "happy"], [errorId, "error"]]);
    expect(p.sections.summary).toContain("returned a 4xx status family with no retry, then the fallback route was held because the client error class was AuthenticationError.");
    expect(p.sections.environmentLabel).toBe("sandbox");
    expect(p.sections.decisions.safeIdentifier).toBe("Trace ids only.");
    expect(p.sections.timeline).toHaveLength(2);
    expect(p.sections.notVerified.items.map((i: { label: string }) => i.label)).toEqual([
      "Exact uptime", "Pricing", "Account quota", "Provider availability", "Model availability", "Rate-limit thresholds",
    ]);
    expect(p.sections.sourcesChecked).toHaveLength(4);
    expect(p.sections.contractChecks).toHaveLength(5);
    expect(p.sections.failureModes).toHaveLength(8);
    expect(p.status).toBe("draft");
    expect(p.revision).toBe(1);
    // Complete records, but nothing the operator said yet.
    expect(rules(p)).toEqual(SAY_SOMETHING);
    expect((await operatorConfirms(p.id)).readiness.blocking).toEqual([]);
  });

  it("creates from runIds and empty; lists packets", async () => {
    const fromRuns = await createPacket({ title: "From records", runIds: [errorId] });
    expect(fromRuns.res.status).toBe(201);
    expect(rules(fromRuns.body)).toEqual(["record-happy-path", ...SAY_SOMETHING]);
    const empty = await createPacket({ title: "Empty" });
    expect(empty.body.records).toEqual([]);
    expect(empty.body.readiness.ready).toBe(false);
    const list = await (await packetsRoute.GET(req("/api/packets"), noParams)).json();
    expect(list.items.map((i: { title: string }) => i.title)).toEqual(expect.arrayContaining(["From records", "Empty"]));
  });

  it("refuses bad input with the envelope, never a 500", async () => {
    const noTitle = await createPacket({ title: "" });
    expect(noTitle.res.status).toBe(400);
    expect(noTitle.body.error.issues[0].path).toBe("title");
    const unknownRun = await createPacket({ title: "x", runIds: [999999] });
    expect(unknownRun.res.status).toBe(400);
    expect(unknownRun.body.error.issues[0].path).toBe("runIds");
    const unknownRehearsal = await createPacket({ title: "x", rehearsalId: "nope" });
    expect(unknownRehearsal.res.status).toBe(400);
    const extra = await createPacket({ title: "x", owner: "me" });
    expect(extra.res.status).toBe(400);
    const notJson = await packetsRoute.POST(authedRequest("http://test/api/packets", { method: "POST", body: "{", headers: { "content-type": "application/json" } }), noParams);
    expect(notJson.status).toBe(400);
    const missing = await packetRoute.GET(req("/api/packets/missing"), ctx({ id: "missing" }));
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe("not_found");
    const badFormat = await exportRoute.GET(req("/api/packets/x/export?format=pdf"), ctx({ id: "x" }));
    expect(badFormat.status).toBe(400);
  });

  it("PATCH takes a subset of sections and the revision; a stale revision is a 409, not an overwrite", async () => {
    const { body: p } = await createPacket({ title: "Concurrency", rehearsalId });
    const tabA = await patch(p.id, { revision: 1, sections: { summary: "Tab A wrote this." } });
    expect(tabA.status).toBe(200);
    const a = await tabA.json();
    expect(a.revision).toBe(2);
    expect(a.sections.failureModes).toHaveLength(8); // untouched sections kept
    const tabB = await patch(p.id, { revision: 1, sections: { summary: "Tab B wrote this." } });
    expect(tabB.status).toBe(409);
    const err = await tabB.json();
    expect(err.error.code).toBe("conflict");
    expect(err.error.message).toContain("now revision 2");
    expect((await get(p.id)).sections.summary).toBe("Tab A wrote this.");
    const noRevision = await patch(p.id, { sections: { summary: "x" } });
    expect(noRevision.status).toBe(400);
    expect((await noRevision.json()).error.issues[0].path).toBe("revision");
  });

  it("refuses a pasted key in a note with a 400 naming the field, and stores nothing", async () => {
    const { body: p } = await createPacket({ title: "Secret guard", rehearsalId });
    const res = await patch(p.id, {
      revision: 1,
      sections: { notVerified: { items: p.sections.notVerified.items, notes: "debug with sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn" } },
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.issues).toEqual([{ path: "sections.notVerified.notes", message: expect.stringContaining("looks like an API key") }]);
    expect(body.error.message).toContain("sections.notVerified.notes");
    expect(JSON.stringify(body)).not.toContain("sk-proj");
    const row = await db.packet.findUniqueOrThrow({ where: { id: p.id } });
    expect(row.sections).not.toContain("sk-proj");
    expect(row.revision).toBe(1);
  });

  it("attaches and detaches records, marks ids safe to share, and re-evaluates readiness", async () => {
    const { body: p } = await createPacket({ title: "Attach" });
    const attach = await recordsRoute.POST(req(`/api/packets/${p.id}/records`, "POST", { runIds: [happyId, errorId] }), ctx({ id: p.id }));
    expect(attach.status).toBe(200);
    const attached = await attach.json();
    expect(attached.records).toHaveLength(2);
    expect(rules(attached)).toEqual(["summary-empty", "not-verified-unconfirmed", "sources-unconfirmed"]);
    const safe = await patch(p.id, { revision: attached.revision, safeIds: [{ runId: errorId, safe: true }], recordOrder: [errorId, happyId] });
    const afterSafe = await safe.json();
    expect(afterSafe.records.map((r: { runId: number; idsSafeToShare: boolean }) => [r.runId, r.idsSafeToShare])).toEqual([[errorId, true], [happyId, false]]);
    const detach = await recordRoute.DELETE(req(`/api/packets/${p.id}/records/${errorId}`, "DELETE"), ctx({ id: p.id, runId: String(errorId) }));
    expect(detach.status).toBe(200);
    const readiness = await (await readinessRoute.GET(req(`/api/packets/${p.id}/readiness`), ctx({ id: p.id }))).json();
    expect(readiness.ready).toBe(false);
    expect(readiness.blocking[0].rule).toBe("record-error-path");
    const badRun = await recordRoute.DELETE(req(`/api/packets/${p.id}/records/abc`, "DELETE"), ctx({ id: p.id, runId: "abc" }));
    expect(badRun.status).toBe(400);
  });

  it("flags an incomplete record as blocking", async () => {
    const incomplete = await insertRun({ path: "error", errorScenario: "forced_timeout", httpStatusFamily: null, httpStatusCode: null, sanitizedErrorSummary: null });
    const { body: p } = await createPacket({ title: "Incomplete", runIds: [happyId, incomplete.id] });
    expect(p.readiness.blocking).toEqual(expect.arrayContaining([expect.objectContaining({ rule: "record-complete", message: expect.stringMatching(/missing status family, sanitized summary/) })]));
  });

  it("draft → ready only when nothing blocks; an edit that blocks sends it back to draft", async () => {
    const { body: empty } = await createPacket({ title: "Not ready" });
    const refused = await statusRoute.POST(req(`/api/packets/${empty.id}/status`, "POST", { status: "ready" }), ctx({ id: empty.id }));
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.issues.length).toBeGreaterThan(0);

    const { body: p } = await createPacket({ title: "Ready one", rehearsalId });
    await operatorConfirms(p.id);
    const ok = await statusRoute.POST(req(`/api/packets/${p.id}/status`, "POST", { status: "ready" }), ctx({ id: p.id }));
    expect(ok.status).toBe(200);
    const ready = await ok.json();
    expect(ready.status).toBe("ready");
    const blocked = await patch(p.id, { revision: ready.revision, sections: { notVerified: { items: [], notes: "" } } });
    expect((await blocked.json()).status).toBe("draft");
    expect((await db.packet.findUniqueOrThrow({ where: { id: p.id } })).readyAt).toBeNull();
    const shared = await statusRoute.POST(req(`/api/packets/${p.id}/status`, "POST", { status: "shared" }), ctx({ id: p.id }));
    expect(shared.status).toBe(400);
  });

  it("exports Markdown and JSON, freezing one content-addressed version", async () => {
    const { body: p } = await createPacket({ title: "Export me", rehearsalId });
    const md = await exportRoute.GET(req(`/api/packets/${p.id}/export?format=md`), ctx({ id: p.id }));
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toContain("text/markdown");
    expect(md.headers.get("content-disposition")).toBe('attachment; filename="export-me-v1.md"');
    const text = await md.text();
    expect(text).toContain("# Export me");
    expect(text).toContain('fallback_decision: "manual_hold"');
    const sha = md.headers.get("x-packet-sha256")!;
    expect(text).toContain(`sha256 \`${sha}\``);

    const js = await exportRoute.GET(req(`/api/packets/${p.id}/export?format=json`), ctx({ id: p.id }));
    const exported = await js.json();
    expect(exported.schemaVersion).toBe(2);
    expect(exported.version).toMatchObject({ number: 1, sha256: sha });
    const { canonicalJson, sha256Hex } = await import("@/lib/packets/canonical");
    expect(sha256Hex(canonicalJson(exported.document))).toBe(sha);

    await patch(p.id, { revision: 1, sections: { summary: "Edited after export." } });
    const again = await exportRoute.GET(req(`/api/packets/${p.id}/export?format=json`), ctx({ id: p.id }));
    const v2 = await again.json();
    expect(v2.version.number).toBe(2);
    expect(v2.version.sha256).not.toBe(sha);
    const versions = await db.packetVersion.findMany({ where: { packetId: p.id }, orderBy: { number: "asc" } });
    expect(versions.map((v) => v.number)).toEqual([1, 2]);
    expect(JSON.parse(versions[0].canonicalJson).sections.summary).not.toBe("Edited after export.");
  });

  it("deletes a packet", async () => {
    const { body: p } = await createPacket({ title: "Delete me" });
    expect((await packetRoute.DELETE(req(`/api/packets/${p.id}`, "DELETE"), ctx({ id: p.id }))).status).toBe(204);
    expect((await packetRoute.GET(req(`/api/packets/${p.id}`), ctx({ id: p.id }))).status).toBe(404);
  });
});
