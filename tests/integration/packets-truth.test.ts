import { authedRequest } from "@/tests/fixtures/auth";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as packetsRoute from "@/app/api/packets/route";
import * as packetRoute from "@/app/api/packets/[id]/route";
import * as statusRoute from "@/app/api/packets/[id]/status/route";
import * as shareRoute from "@/app/api/packets/[id]/share/route";
import * as exportRoute from "@/app/api/packets/[id]/export/route";
import * as previewRoute from "@/app/api/packets/[id]/preview/route";
import * as runRoute from "@/app/api/runs/[id]/route";
import * as sharedRoute from "@/app/api/shared/[token]/route";
import * as pageRoute from "@/app/p/[token]/route";
import { readFileSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { canonicalJson, sha256Hex } from "@/lib/packets/canonical";
import { checkReadiness } from "@/lib/packets/readiness";
import { getRehearsalReview } from "@/lib/history/rehearsals";
import { hashToken } from "@/lib/packets/share";
import { insertRun } from "@/tests/fixtures/runs";
import { v1Document, V1_CREATED_AT } from "@/tests/fixtures/frozen/v1-document";

// Issue 10: a packet claims only what the operator did, never loses a word,
// and one status / one transaction / one validity decision hold everywhere.

const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);
const req = (url: string, method = "GET", body?: unknown) =>
  authedRequest(`http://test${url}`, { method, ...(body !== undefined ? { body: JSON.stringify(body), headers: { "content-type": "application/json" } } : {}) });
const create = async (body: unknown) => (await packetsRoute.POST(req("/api/packets", "POST", body), noParams)).json();
const get = async (id: string) => (await packetRoute.GET(req(`/api/packets/${id}`), ctx({ id }))).json();
const patch = (id: string, body: unknown) => packetRoute.PATCH(req(`/api/packets/${id}`, "PATCH", body), ctx({ id }));
const markReady = (id: string) => statusRoute.POST(req(`/api/packets/${id}/status`, "POST", { status: "ready" }), ctx({ id }));
const share = (id: string) => shareRoute.POST(req(`/api/packets/${id}/share`, "POST", { expiresInHours: 24 }), ctx({ id }));
const list = async () => (await (await packetsRoute.GET(req("/api/packets"), noParams)).json()).items as { id: string; status: string }[];
const rules = (p: { readiness: { blocking: { rule: string }[] } }) => p.readiness.blocking.map((b) => b.rule);

type Row = { id: string; confirmed: boolean; accessed: string; url?: string; sourceUrl?: string };

let rehearsalId: string;

beforeAll(async () => {
  const r = await db.rehearsal.create({ data: { targetName: "Sandbox primary", errorScenario: "missing_credential", state: "done" } });
  rehearsalId = r.id;
  await insertRun({ rehearsalId, checkedAt: new Date("2026-11-30T10:00:00Z") });
  await insertRun(
    { rehearsalId, path: "error", errorScenario: "missing_credential", httpStatusCode: 401, httpStatusFamily: "4xx", clientErrorClass: "AuthenticationError", fallbackDecision: "manual_hold", sanitizedErrorSummary: "401 invalid_api_key", checkedAt: new Date("2026-11-30T10:00:05Z") },
    [{ statusCode: 401, statusFamily: "4xx", errorClass: "AuthenticationError", decision: "stop" }],
  );
});

/** What an operator does to make a packet from a rehearsal ready: say something, confirm or remove each source. */
async function operatorConfirms(id: string) {
  const p = await get(id);
  const res = await patch(id, {
    revision: p.revision,
    sections: {
      summaryConfirmed: true,
      notVerified: { ...p.sections.notVerified, items: p.sections.notVerified.items.map((i: Row, n: number) => (n === 0 ? { ...i, confirmed: true } : i)) },
      sourcesChecked: p.sections.sourcesChecked.slice(0, 1).map((s: Row) => ({ ...s, confirmed: true, accessed: "2026-11-30", url: "https://apidoc.cometapi.com/" })),
    },
  });
  expect(res.status).toBe(200);
  return res.json();
}

describe("1. no borrowed claims", () => {
  it("prefilled sources and contract rows start to verify, with no accessed date", async () => {
    const p = await create({ title: "Borrowed claims", rehearsalId });
    expect(p.sections.sourcesChecked.length).toBeGreaterThan(0);
    for (const row of [...p.sections.sourcesChecked, ...p.sections.contractChecks] as Row[]) {
      expect(row).toMatchObject({ confirmed: false, accessed: "" });
    }
    expect(JSON.stringify(p.sections)).not.toContain("2026-06-22");
    expect(rules(p)).toContain("sources-unconfirmed");
    expect(p.readiness.blocking.find((b: { rule: string }) => b.rule === "sources-unconfirmed").message).toContain("CometAPI documentation");
  });

  it("a confirmation needs the operator's accessed date and the URL used; a confirmed row shows their date, unconfirmed rows are never shown as checked", async () => {
    const p = await create({ title: "Confirm sources", rehearsalId });
    const noDate = await patch(p.id, { revision: p.revision, sections: { sourcesChecked: [{ ...p.sections.sourcesChecked[0], confirmed: true, accessed: "" }] } });
    expect(noDate.status).toBe(400);
    expect((await noDate.json()).error.issues[0].path).toBe("sections.sourcesChecked.0.accessed");

    const ready = await operatorConfirms(p.id);
    expect(ready.readiness.blocking).toEqual([]);
    expect(ready.sections.sourcesChecked).toEqual([expect.objectContaining({ confirmed: true, accessed: "2026-11-30" })]);

    const html = await (await previewRoute.GET(req(`/api/packets/${p.id}/preview`), ctx({ id: p.id }))).text();
    expect(html).toContain("2026-11-30");
    expect(html).not.toContain("2026-06-22");
    const md = await (await exportRoute.GET(req(`/api/packets/${p.id}/export?format=md`), ctx({ id: p.id }))).text();
    expect(md).not.toContain("2026-06-22");
    // Contract rows the operator did not confirm are listed as to verify, never with a date.
    expect(md).toMatch(/\| Chat-completions request boundary \|[^\n]*\| to verify \|/);
  });
});

describe("2. ready means the operator said something", () => {
  it("a packet from a rehearsal is not ready until the summary and a not-verified item are confirmed", async () => {
    const p = await create({ title: "Say something", rehearsalId });
    expect(p.readiness.ready).toBe(false);
    expect(rules(p)).toEqual(expect.arrayContaining(["summary-unconfirmed", "not-verified-unconfirmed"]));
    expect((await markReady(p.id)).status).toBe(409);

    // Editing the summary text confirms it; so does accepting the draft explicitly.
    const edited = await (await patch(p.id, { revision: p.revision, sections: { summary: `${p.sections.summary} Operator's own words.` } })).json();
    expect(rules(edited)).not.toContain("summary-unconfirmed");
    expect(edited.sections.summaryConfirmed).toBe(true);

    const other = await create({ title: "Accept the draft", rehearsalId });
    const accepted = await (await patch(other.id, { revision: other.revision, sections: { summaryConfirmed: true } })).json();
    expect(rules(accepted)).not.toContain("summary-unconfirmed");
    expect(accepted.sections.summary).toBe(other.sections.summary);

    const own = await (await patch(other.id, { revision: accepted.revision, sections: { notVerified: { items: [...accepted.sections.notVerified.items, { id: "gw-logs", label: "Gateway-side request logs", sourceAttached: false, sourceUrl: "", confirmed: true }], notes: "" } } })).json();
    expect(rules(own)).not.toContain("not-verified-unconfirmed");
  });
});

describe("3. each schema has one job", () => {
  it("GET /api/runs/:id for a stored run in an unexpected state is a logged 500, not a 400", async () => {
    const run = await insertRun({ state: "exploded" });
    const logged = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    const prev = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "error";
    const { resetEnvForTests } = await import("@/lib/env");
    resetEnvForTests();
    try {
      const res = await runRoute.GET(req(`/api/runs/${run.id}`), ctx({ id: String(run.id) }));
      expect(res.status).toBe(500);
      expect((await res.json()).error.code).toBe("internal");
      expect(logged.mock.calls.map((c) => String(c[0])).join("")).toContain("unhandled error");
    } finally {
      logged.mockRestore();
      process.env.LOG_LEVEL = prev;
      resetEnvForTests();
    }
  });

  it("a stored section that fails today's rules still loads with its text intact, and the next unrelated save keeps it", async () => {
    const p = await create({ title: "Long summary" });
    const long = "The operator wrote a long summary. ".repeat(80); // ~2 800 characters, over today's 2 000
    const stored = JSON.parse((await db.packet.findUniqueOrThrow({ where: { id: p.id } })).sections);
    await db.packet.update({ where: { id: p.id }, data: { sections: JSON.stringify({ ...stored, summary: long }) } });
    const loaded = await get(p.id);
    expect(loaded.sections.summary).toBe(long);
    expect(loaded.sections.failureModes).toHaveLength(8);

    const res = await patch(p.id, { revision: loaded.revision, sections: { timeline: [{ id: "t1", at: "2026-11-30T10:00:00Z", text: "Paged." }] } });
    expect(res.status).toBe(200);
    expect((await res.json()).sections.summary).toBe(long);
    expect(JSON.parse((await db.packet.findUniqueOrThrow({ where: { id: p.id } })).sections).summary).toBe(long);
  });

  it("sections written by an older schema (no confirmations, a missing section, a wrong-typed field) load field by field without losing text", async () => {
    const p = await create({ title: "Old row" });
    const old = {
      summary: "Written before confirmations existed.",
      environmentLabel: 42,
      timeline: [{ id: "a", at: "2026-06-22T10:00:00Z", text: "First entry." }, "not an entry"],
      notVerified: { items: [{ id: "quota", label: "Account quota", sourceAttached: false, sourceUrl: "" }, { id: "own-1", label: "Gateway logs", sourceAttached: false, sourceUrl: "" }], notes: "Kept notes." },
      sourcesChecked: [{ id: "cometapi-docs", title: "CometAPI documentation", url: "https://apidoc.cometapi.com/", accessed: "2026-06-22", purpose: "verify navigation." }],
      failureModes: "garbled",
    };
    await db.packet.update({ where: { id: p.id }, data: { sections: JSON.stringify(old) } });
    const s = (await get(p.id)).sections;
    expect(s.summary).toBe(old.summary);
    expect(s.environmentLabel).toBe("42");
    expect(s.timeline).toEqual([{ id: "a", at: "2026-06-22T10:00:00Z", text: "First entry." }]);
    expect(s.notVerified.notes).toBe("Kept notes.");
    expect(s.notVerified.items.map((i: Row & { label: string }) => [i.label, i.confirmed])).toEqual([["Account quota", false], ["Gateway logs", true]]);
    expect(s.sourcesChecked[0]).toMatchObject({ title: "CometAPI documentation", confirmed: false });
    expect(s.failureModes).toHaveLength(8);
    expect(s.decisions).toEqual({ safeIdentifier: "", accountFacts: "", holdFallback: "" });
  });

  it("a version frozen under an older rule set still opens at /p/:token byte-identically, and its JSON carries the frozen bytes", async () => {
    const p = await create({ title: "Holder of an old version" });
    const canonical = canonicalJson(v1Document());
    const version = await db.packetVersion.create({
      data: { packetId: p.id, number: 1, revision: 1, canonicalJson: canonical, sha256: sha256Hex(canonical), reason: "share", createdAt: new Date(V1_CREATED_AT) },
    });
    const token = "V1frozenTokenAbcdefghijklmnopqrstuvwxyz0123";
    await db.shareLink.create({ data: { packetId: p.id, versionId: version.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() + 3_600_000) } });

    const page = await pageRoute.GET(req(`/p/${token}`), ctx({ token }));
    expect(page.status).toBe(200);
    expect(page.headers.get("cache-control")).toBe("no-store");
    expect(await page.text()).toBe(readFileSync(path.resolve("tests/fixtures/frozen/v1-reviewer.html"), "utf8"));

    const js = await sharedRoute.GET(req(`/api/shared/${token}`), ctx({ token }));
    expect(js.status).toBe(200);
    const text = await js.text();
    expect(text).toContain(`"document":${canonical}`);
    expect(JSON.parse(text).version.sha256).toBe(sha256Hex(canonical));
  });
});

describe("4. one packet status", () => {
  it("shared → edited until blocked → link expired: detail, list and stored facts agree", async () => {
    const p = await create({ title: "One status", rehearsalId });
    await operatorConfirms(p.id);
    expect((await markReady(p.id)).status).toBe(200);
    const link = await (await share(p.id)).json();
    expect((await get(p.id)).status).toBe("shared");
    expect((await list()).find((i) => i.id === p.id)!.status).toBe("shared");

    const cur = await get(p.id);
    const blocked = await (await patch(p.id, { revision: cur.revision, sections: { notVerified: { items: [], notes: "" } } })).json();
    expect(blocked.status).toBe("shared"); // the link still shows the ready version it was made for
    expect((await db.packet.findUniqueOrThrow({ where: { id: p.id } })).readyAt).toBeNull();

    await db.shareLink.update({ where: { id: link.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await get(p.id)).status).toBe("draft");
    expect((await list()).find((i) => i.id === p.id)!.status).toBe("draft");
    const review = await getRehearsalReview(rehearsalId);
    expect(review.packets.find((x) => x.id === p.id)!.status).toBe("draft");
  });
});

describe("5. check and freeze in one transaction", () => {
  /** Let an edit land right after the first read of the packet row — between a check and a freeze. */
  function editAfterFirstRead(edit: () => Promise<unknown>) {
    const original = db.packet.findUnique.bind(db.packet);
    let fired = false;
    return vi.spyOn(db.packet, "findUnique").mockImplementation((async (args: Parameters<typeof original>[0]) => {
      const row = await original(args);
      if (!fired) {
        fired = true;
        await edit();
      }
      return row;
    }) as unknown as typeof db.packet.findUnique);
  }

  it("share: what was checked is exactly what was frozen", async () => {
    const p = await create({ title: "Share race", rehearsalId });
    await operatorConfirms(p.id);
    await markReady(p.id);
    const spy = editAfterFirstRead(async () => {
      const cur = await db.packet.findUniqueOrThrow({ where: { id: p.id } });
      const s = JSON.parse(cur.sections);
      await db.packet.update({ where: { id: p.id }, data: { revision: { increment: 1 }, sections: JSON.stringify({ ...s, notVerified: { items: [], notes: "" } }) } });
    });
    try {
      const res = await share(p.id);
      const versions = await db.packetVersion.findMany({ where: { packetId: p.id } });
      for (const v of versions) expect(checkReadiness(JSON.parse(v.canonicalJson)).ready).toBe(true);
      if (res.status === 201) expect(versions).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });

  it("export: the version exported is the one whose secrets were checked", async () => {
    const p = await create({ title: "Export race" });
    const leaky = await insertRun({ notes: "debug with sk-proj-Ab12Cd34Ef56Gh78Ij90KlMn" });
    const spy = editAfterFirstRead(() => db.packetRun.create({ data: { packetId: p.id, runId: leaky.id } }));
    try {
      const res = await exportRoute.GET(req(`/api/packets/${p.id}/export?format=json`), ctx({ id: p.id }));
      const body = await res.text();
      expect(body).not.toContain("sk-proj");
      for (const v of await db.packetVersion.findMany({ where: { packetId: p.id } })) expect(v.canonicalJson).not.toContain("sk-proj");
    } finally {
      spy.mockRestore();
    }
  });
});
