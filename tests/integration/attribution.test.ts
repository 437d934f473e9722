import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as packetRoute from "@/app/api/packets/[id]/route";
import * as packetsRoute from "@/app/api/packets/route";
import * as rehearsalsListRoute from "@/app/api/history/rehearsals/route";
import * as summaryRoute from "@/app/api/history/summary/route";
import * as rehearsalsRoute from "@/app/api/rehearsals/route";
import * as reviewRoute from "@/app/api/rehearsals/[id]/review/route";
import * as exportRoute from "@/app/api/runs/export.csv/route";
import * as runsRoute from "@/app/api/runs/route";
import { auth } from "@/lib/auth/auth";
import { createToken } from "@/lib/auth/tokens";
import { createUserFromShell } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { CSV_COLUMNS } from "@/lib/history/export";
import { authedRequest, cookieHeader, TEST_ADMIN } from "@/tests/fixtures/auth";
import { insertRun } from "@/tests/fixtures/runs";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

// Issue 11.5: runs and rehearsals say who started them (a person in the
// browser, a person's API token, or the schedule), packets their author and
// last editor, reviews their reviewer; and history filters by person.
const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const noParams = ctx({} as Record<string, never>);

let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
let targetId: string;
let adminId: string;
let operatorId: string;
let operatorCookie: string;
let viewerCookie: string;
let operatorToken: string;
const OPERATOR = { name: "Olga Operator", email: "olga@test.local", password: "olga-password-123" };
const VIEWER = { name: "Victor Viewer", email: "victor@test.local", password: "victor-password-123" };

type As = { cookie?: string; token?: string };
function call(url: string, as: As = {}, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  if (as.cookie) headers.set("cookie", as.cookie);
  if (as.token) headers.set("authorization", `Bearer ${as.token}`);
  if (init.body) headers.set("content-type", "application/json");
  return authedRequest(`http://127.0.0.1:3000${url}`, { ...init, headers });
}
const post = (url: string, body: unknown, as: As = {}) => call(url, as, { method: "POST", body: JSON.stringify(body) });
const json = async <T = Record<string, unknown>,>(res: Response | Promise<Response>) => {
  const r = await res;
  expect(r.status, await r.clone().text()).toBeLessThan(300);
  return (await r.json()) as T;
};

async function signIn(who: { email: string; password: string }) {
  return cookieHeader(await auth.api.signInEmail({ body: { email: who.email, password: who.password }, asResponse: true }));
}

type RunItem = { id: number; startedBy: { kind: string; id: string | null; label: string } | null };

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
  targetId = (
    await db.target.create({
      data: { name: "attribution-target", role: "primary", baseUrl: sandbox.baseUrl, model: "ok", credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY", environmentLabel: "attr" },
    })
  ).id;
  adminId = (await db.user.findUniqueOrThrow({ where: { email: TEST_ADMIN.email } })).id;
  operatorId = (await createUserFromShell({ ...OPERATOR, role: "operator" })).id;
  await createUserFromShell({ ...VIEWER, role: "viewer" });
  operatorCookie = await signIn(OPERATOR);
  viewerCookie = await signIn(VIEWER);
  operatorToken = (
    await createToken(operatorId, { name: "ci", scopes: ["read", "runs:write"], expiresInDays: 1 }, { kind: "user", id: operatorId, label: OPERATOR.email })
  ).token;

  // The admin starts one run, the operator one in the browser and a rehearsal with their token.
  await json(runsRoute.POST(post("/api/runs?wait=true", { targetId, path: "happy" }), noParams));
  await json(runsRoute.POST(post("/api/runs?wait=true", { targetId, path: "happy" }, { cookie: operatorCookie }), noParams));
  await json(rehearsalsRoute.POST(post("/api/rehearsals?wait=true", { targetId, errorScenario: "missing_credential" }, { token: operatorToken }), noParams));
  // And the schedule one record (the scheduler's own path is covered in schedule-engine.test.ts).
  await insertRun({ targetId, targetName: "attribution-target", environmentLabel: "attr", trigger: "scheduled", startedByKind: "schedule", startedByLabel: "schedule" });
}, 60_000);

afterAll(async () => {
  await sandbox?.stop();
});

async function runsBy(person: string) {
  return (await json<{ items: RunItem[] }>(runsRoute.GET(call(`/api/runs?targetId=${targetId}&startedBy=${person}`), noParams))).items;
}

describe("who started it, and history by person", () => {
  it("each run records who started it: the user, the user's token, or the schedule", async () => {
    const all = (await json<{ items: RunItem[] }>(runsRoute.GET(call(`/api/runs?targetId=${targetId}`), noParams))).items;
    expect(all).toHaveLength(5);
    const who = all.map((r) => r.startedBy && `${r.startedBy.kind}:${r.startedBy.label}`).sort();
    expect(who).toEqual([
      "schedule:schedule",
      `token:token "ci" (${OPERATOR.email})`,
      `token:token "ci" (${OPERATOR.email})`,
      `user:${TEST_ADMIN.email}`,
      `user:${OPERATOR.email}`,
    ]);
  });

  it("GET /api/runs?startedBy= gives one person's runs, in the browser and through their tokens", async () => {
    const mine = await runsBy(operatorId);
    expect(mine).toHaveLength(3);
    expect(mine.every((r) => r.startedBy?.id === operatorId)).toBe(true);
    expect(new Set(mine.map((r) => r.startedBy?.kind))).toEqual(new Set(["user", "token"]));
    const admins = await runsBy(adminId);
    expect(admins.map((r) => r.startedBy?.label)).toEqual([TEST_ADMIN.email]);
    const scheduled = await runsBy("schedule");
    expect(scheduled.map((r) => r.startedBy?.kind)).toEqual(["schedule"]);
    expect(await runsBy("nobody-with-this-id")).toEqual([]);
  });

  it("the history summary counts only that person's runs and rehearsals", async () => {
    const s = async (q: string) => json<{ totals: { runs: number }; rehearsals: { total: number } }>(summaryRoute.GET(call(`/api/history/summary?targetId=${targetId}${q}`), noParams));
    expect((await s("")).totals.runs).toBe(5);
    const op = await s(`&startedBy=${operatorId}`);
    expect(op.totals.runs).toBe(3);
    expect(op.rehearsals.total).toBe(1);
    const admin = await s(`&startedBy=${adminId}`);
    expect(admin.totals.runs).toBe(1);
    expect(admin.rehearsals.total).toBe(0);
  });

  it("the rehearsals list filters by person and says who started and who reviewed each", async () => {
    const list = async (q: string) =>
      (await json<{ items: { id: string; startedBy: RunItem["startedBy"]; reviewedBy: { label: string } | null }[] }>(rehearsalsListRoute.GET(call(`/api/history/rehearsals?review=all&targetId=${targetId}${q}`), noParams))).items;
    const op = await list(`&startedBy=${operatorId}`);
    expect(op).toHaveLength(1);
    expect(op[0].startedBy).toMatchObject({ kind: "token", id: operatorId });
    expect(await list(`&startedBy=${adminId}`)).toEqual([]);

    const reviewed = await reviewRoute.POST(post(`/api/rehearsals/${op[0].id}/review`, { reviewed: true, comment: "checked" }, { cookie: viewerCookie }), ctx({ id: op[0].id }));
    expect(reviewed.status).toBe(200);
    const [after] = await list(`&startedBy=${operatorId}`);
    expect(after.reviewedBy?.label).toBe(VIEWER.email);
  });

  it("the CSV export filters by person and has a started_by column", async () => {
    const res = await exportRoute.GET(call(`/api/runs/export.csv?targetId=${targetId}&startedBy=${operatorId}`), noParams);
    expect(res.status).toBe(200);
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines).toHaveLength(1 + 3);
    const col = CSV_COLUMNS.indexOf("started_by");
    expect(col).toBeGreaterThan(0);
    expect(lines.slice(1).every((l) => l.includes(OPERATOR.email))).toBe(true);
  });

  it("a malformed person is a 400 in the error envelope, not a 500", async () => {
    const res = await runsRoute.GET(call(`/api/runs?startedBy=${"x".repeat(65)}`), noParams);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBeTruthy();
    expect(body.error.issues.map((i: { path: string }) => i.path)).toContain("startedBy");
  });
});

describe("packets record their author and last editor", () => {
  it("the admin creates, the operator edits: both are shown on the packet and its list row", async () => {
    const created = await json<{ id: string; revision: number; author: { label: string } | null }>(packetsRoute.POST(post("/api/packets", { title: "Attribution packet" }), noParams));
    expect(created.author).toEqual({ id: adminId, label: TEST_ADMIN.email });
    const edited = await json<{ author: unknown; lastEditor: unknown }>(
      packetRoute.PATCH(call(`/api/packets/${created.id}`, { cookie: operatorCookie }, { method: "PATCH", body: JSON.stringify({ revision: created.revision, title: "Attribution packet, edited" }) }), ctx({ id: created.id })),
    );
    expect(edited.author).toEqual({ id: adminId, label: TEST_ADMIN.email });
    expect(edited.lastEditor).toEqual({ id: operatorId, label: OPERATOR.email });
    const list = await json<{ id: string; lastEditor: unknown }[] | { items: { id: string; lastEditor: unknown }[] }>(packetsRoute.GET(call("/api/packets"), noParams));
    const rows = Array.isArray(list) ? list : list.items;
    expect(rows.find((p) => p.id === created.id)?.lastEditor).toEqual({ id: operatorId, label: OPERATOR.email });
  });
});
