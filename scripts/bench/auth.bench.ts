// Issue 11: what access control adds to an authenticated API request.
// GET /api/runs?limit=50 through the production server, interleaved, with
// the owner's session cookie and with an API token. The same-run baseline
// is the request without its access check: there is no switch to turn the
// check off (that would be a back door), so the check itself —
// principalFrom(), the session or token lookup that runs before every
// handler — is timed in this process against the same database file and
// subtracted from each request.
import { freshDatabase, median, quantile, round, startServer, type BenchResult } from "./lib";

const SAMPLES = 300;
const PORT = Number(process.env.BENCH_AUTH_PORT ?? 3207);

export default async function authBench(): Promise<BenchResult[]> {
  const url = await freshDatabase("auth");
  const server = await startServer(url, PORT);
  try {
    const tokenRes = await fetch(`${server.origin}/api/tokens`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ name: "bench", scopes: ["read"], expiresInDays: 1 }) });
    const { token } = (await tokenRes.json()) as { token: string };
    const targets = (await (await fetch(`${server.origin}/api/targets`)).json()) as { items: { id: string; name: string }[] };
    const primary = targets.items.find((t) => t.name === "Sandbox primary")!;
    for (let i = 0; i < 20; i++) await fetch(`${server.origin}/api/runs?wait=true`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ targetId: primary.id, path: "happy" }) });

    const listUrl = `${server.origin}/api/runs?limit=50`;
    const session = { cookie: server.cookie };
    const bearer = { authorization: `Bearer ${token}` };
    const time = async (headers: Record<string, string>) => {
      const t = performance.now();
      const res = await fetch(listUrl, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /api/runs → ${res.status}`);
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await time(i % 2 ? session : bearer);
    const viaSession: number[] = [];
    const viaToken: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      viaSession.push(await time(session));
      viaToken.push(await time(bearer));
    }

    // The access check alone, in this process, on the same SQLite file.
    process.env.DATABASE_URL = url;
    const { principalFrom } = await import("../../lib/auth/principal");
    const check = async (headers: Record<string, string>) => {
      const h = new Headers(headers);
      const t = performance.now();
      const who = await principalFrom(h);
      if (!who) throw new Error("principalFrom found no caller");
      return performance.now() - t;
    };
    for (let i = 0; i < 20; i++) await check(i % 2 ? session : bearer);
    const checkSession: number[] = [];
    const checkToken: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      checkSession.push(await check(session));
      checkToken.push(await check(bearer));
    }
    const s = median(viaSession);
    const k = median(viaToken);
    const cs = median(checkSession);
    const ck = median(checkToken);
    return [
      { name: "GET /api/runs?limit=50 with a session, median", value: round(s), unit: "ms" },
      { name: "GET /api/runs?limit=50 with a session, p95", value: round(quantile(viaSession, 0.95)), unit: "ms" },
      { name: "GET /api/runs?limit=50 with a token, median", value: round(k), unit: "ms" },
      { name: "GET /api/runs?limit=50 with a token, p95", value: round(quantile(viaToken, 0.95)), unit: "ms" },
      { name: "access check (session lookup), median", value: round(cs), unit: "ms", detail: "principalFrom(): Better Auth getSession — one session + user read" },
      { name: "access check (token lookup), median", value: round(ck), unit: "ms", detail: "principalFrom(): sha256 + one indexed token read (last-used written at most once a minute)" },
      { name: "session request ÷ same request without its check", value: round(s / Math.max(0.001, s - cs), 3), unit: "×" },
      { name: "token request ÷ same request without its check", value: round(k / Math.max(0.001, k - ck), 3), unit: "×" },
    ];
  } finally {
    await server.stop();
  }
}
