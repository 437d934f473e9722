import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { auth } from "@/lib/auth/auth";
import { createToken } from "@/lib/auth/tokens";
import { createUserFromShell } from "@/lib/auth/users";
import { cookieHeader, sessionCookie } from "@/tests/fixtures/auth";

// Issue 11 "Done when": every route under app/api, enumerated from the file
// tree (a new route cannot be forgotten), answers 401 without credentials —
// except the documented public ones — and a table says which role each
// method needs; every role below it gets 403.

type Method = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";
type Need = "public" | "viewer" | "operator" | "admin" | "signed-in";

/** The README's access table, as data. */
const TABLE: Record<string, Partial<Record<Method, Need>>> = {
  "api/health": { GET: "public" },
  "api/auth/[...all]": { GET: "public", POST: "public" },
  "api/setup": { GET: "public", POST: "public" },
  "api/invitations/accept": { POST: "public" },
  "api/sandbox/v1/[...path]": { GET: "public", POST: "public" },
  "api/shared/[token]": { GET: "public", HEAD: "public" },
  "api/[...unknown]": { GET: "viewer", POST: "viewer", PUT: "viewer", PATCH: "viewer", DELETE: "viewer" },
  "api/me": { GET: "viewer" },
  "api/targets": { GET: "viewer", POST: "admin" },
  "api/targets/[id]": { GET: "viewer", PATCH: "admin", DELETE: "admin" },
  "api/runs": { GET: "viewer", POST: "operator" },
  "api/runs/[id]": { GET: "viewer" },
  "api/runs/[id]/record.yaml": { GET: "viewer" },
  "api/runs/export.csv": { GET: "viewer" },
  "api/rehearsals": { POST: "operator" },
  "api/rehearsals/[id]": { GET: "viewer", PATCH: "operator" },
  "api/rehearsals/[id]/review": { GET: "viewer", POST: "viewer" },
  "api/packets": { GET: "viewer", POST: "operator" },
  "api/packets/[id]": { GET: "viewer", PATCH: "operator", DELETE: "operator" },
  "api/packets/[id]/export": { GET: "operator" },
  "api/packets/[id]/preview": { GET: "viewer" },
  "api/packets/[id]/readiness": { GET: "viewer" },
  "api/packets/[id]/records": { POST: "operator" },
  "api/packets/[id]/records/[runId]": { DELETE: "operator" },
  "api/packets/[id]/share": { POST: "operator" },
  "api/packets/[id]/share-links": { GET: "viewer" },
  "api/packets/[id]/status": { POST: "operator" },
  "api/share-links/[id]": { DELETE: "operator" },
  "api/history/summary": { GET: "viewer" },
  "api/search": { GET: "viewer" },
  "api/history/rehearsals": { GET: "viewer" },
  "api/history/schedules": { GET: "viewer" },
  "api/history/schedules/[targetId]": { GET: "viewer", PUT: "admin", DELETE: "admin" },
  "api/breakers": { GET: "viewer" },
  "api/breakers/[targetId]/reset": { POST: "operator" },
  "api/users": { GET: "admin" },
  "api/users/[id]": { PATCH: "admin", DELETE: "admin" },
  "api/invitations": { GET: "admin", POST: "admin" },
  "api/invitations/[id]": { DELETE: "admin" },
  "api/tokens": { GET: "signed-in", POST: "signed-in" },
  "api/tokens/[id]": { DELETE: "signed-in" },
  "api/audit": { GET: "admin" },
  "api/audit/export.csv": { GET: "admin" },
  "api/settings/egress": { GET: "viewer", PUT: "admin" },
  "api/notifications/channels": { GET: "admin", POST: "admin" },
  "api/notifications/channels/[id]": { GET: "admin", PATCH: "admin", DELETE: "admin" },
  "api/notifications/channels/[id]/test": { POST: "admin" },
  "api/notifications/rules": { GET: "admin", POST: "admin" },
  "api/notifications/rules/[id]": { PATCH: "admin", DELETE: "admin" },
  "api/notifications/deliveries": { GET: "admin" },
};

const routeFiles = readdirSync("app/api", { recursive: true, encoding: "utf8" })
  .filter((f) => /(^|\/)route\.ts$/.test(f))
  .map((f) => `api/${f.replace(/\/?route\.ts$/, "")}`.replace(/\/$/, ""))
  .sort();

const METHODS: Method[] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"];
type Handler = (req: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

async function handlersOf(route: string): Promise<Partial<Record<Method, Handler>>> {
  const mod = (await import(path.resolve("app", route, "route.ts"))) as Record<string, unknown>;
  return Object.fromEntries(METHODS.filter((m) => typeof mod[m] === "function").map((m) => [m, mod[m] as Handler]));
}

/** Fill `[id]`-style segments with a value that matches nothing. */
function params(route: string) {
  const out: Record<string, string | string[]> = {};
  for (const m of route.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)) out[m[2]] = m[1] ? ["nothing"] : "no-such-id";
  return { params: Promise.resolve(out) };
}

function call(h: Handler, route: string, method: Method, headers: Record<string, string> = {}) {
  const url = `http://127.0.0.1:3000/${route.replace(/\[\.\.\.[^\]]+\]/g, "nothing").replace(/\[[^\]]+\]/g, "no-such-id")}`;
  const hasBody = !["GET", "HEAD"].includes(method);
  return h(new Request(url, { method, headers: { ...(hasBody ? { "content-type": "application/json" } : {}), ...headers }, body: hasBody ? "{}" : undefined }), params(route));
}

const RANK: Record<Exclude<Need, "public" | "signed-in">, number> = { viewer: 0, operator: 1, admin: 2 };

let viewerCookie = "";
let operatorCookie = "";
let readToken = "";

async function signInAs(email: string, role: "viewer" | "operator") {
  const password = `${role}-password-123`;
  await createUserFromShell({ name: role, email, password, role });
  return cookieHeader(await auth.api.signInEmail({ body: { email, password }, asResponse: true }));
}

beforeAll(async () => {
  viewerCookie = await signInAs("viewer@test.local", "viewer");
  operatorCookie = await signInAs("operator@test.local", "operator");
  const op = await (await import("@/lib/db")).db.user.findUniqueOrThrow({ where: { email: "operator@test.local" } });
  readToken = (await createToken(op.id, { name: "read only", scopes: ["read"], expiresInDays: 1 }, { kind: "user", id: op.id, label: op.email })).token;
});

describe("access control on every route", () => {
  it("the table lists every route file and every method it exports (and nothing else)", async () => {
    expect(routeFiles.length).toBeGreaterThan(35);
    expect(routeFiles.filter((r) => !TABLE[r])).toEqual([]);
    expect(Object.keys(TABLE).filter((r) => !routeFiles.includes(r))).toEqual([]);
    for (const r of routeFiles) {
      const exported = Object.keys(await handlersOf(r)).filter((m) => m !== "HEAD" || TABLE[r].HEAD);
      expect(exported.sort(), r).toEqual(Object.keys(TABLE[r]).sort());
    }
  });

  it("without credentials every non-public route answers 401 in the error envelope", async () => {
    const wrong: string[] = [];
    for (const r of routeFiles) {
      for (const [m, h] of Object.entries(await handlersOf(r)) as [Method, Handler][]) {
        if (TABLE[r][m] === "public" || !TABLE[r][m]) continue;
        const res = await call(h, r, m);
        const body = await res.json().catch(() => null);
        if (res.status !== 401 || body?.error?.code !== "unauthorized") wrong.push(`${m} /${r} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a forged or unknown token, and a cookie that is not a session, are 401 too", async () => {
    const h = (await handlersOf("api/runs")).GET!;
    for (const headers of [{ authorization: "Bearer ep_not-a-real-token" }, { authorization: "Basic abc" }, { cookie: "better-auth.session_token=forged.value" }] as Record<string, string>[]) {
      expect((await call(h, "api/runs", "GET", headers)).status).toBe(401);
    }
  });

  it("each role below what a route needs gets 403; the roles that may are let through", async () => {
    const wrong: string[] = [];
    const as = { viewer: viewerCookie, operator: operatorCookie, admin: sessionCookie() };
    for (const r of routeFiles) {
      for (const [m, h] of Object.entries(await handlersOf(r)) as [Method, Handler][]) {
        const need = TABLE[r][m];
        if (!need || need === "public") continue;
        for (const role of ["viewer", "operator", "admin"] as const) {
          const res = await call(h, r, m, { cookie: as[role] });
          const mayNot = need !== "signed-in" && RANK[role] < RANK[need];
          if (mayNot && res.status !== 403) wrong.push(`${role} ${m} /${r} → ${res.status}, expected 403`);
          if (!mayNot && (res.status === 401 || res.status === 403)) wrong.push(`${role} ${m} /${r} → ${res.status}, expected to pass`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it("a read-scoped token reads but cannot start a run, and never reaches session-only routes", async () => {
    const bearer = { authorization: `Bearer ${readToken}` };
    expect((await call((await handlersOf("api/runs")).GET!, "api/runs", "GET", bearer)).status).toBe(200);
    const post = await call((await handlersOf("api/runs")).POST!, "api/runs", "POST", bearer);
    expect(post.status).toBe(403);
    expect((await post.json()).error.message).toMatch(/runs:write/);
    expect((await call((await handlersOf("api/tokens")).GET!, "api/tokens", "GET", bearer)).status).toBe(403);
  });

  it("a signed-in browser's state change from another site is refused (Origin, or Sec-Fetch-Site without it)", async () => {
    const h = (await handlersOf("api/packets")).POST!;
    const cookie = sessionCookie();
    for (const headers of [
      { cookie, origin: "http://evil.test" },
      { cookie, origin: "http://evil.test", "content-type": "text/plain; x=application/json" },
      { cookie, origin: "null" },
      { cookie, "sec-fetch-site": "cross-site" },
      { cookie, "sec-fetch-site": "same-site" },
    ] as Record<string, string>[]) {
      const res = await call(h, "api/packets", "POST", headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
    }
    // Our own pages (and non-browser clients with neither header) pass the check.
    expect((await call(h, "api/packets", "POST", { cookie, origin: "http://127.0.0.1:3000" })).status).toBe(400);
    expect((await call(h, "api/packets", "POST", { cookie, "sec-fetch-site": "same-origin" })).status).toBe(400);
  });
});
