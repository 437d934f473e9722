import { authedRequest } from "@/tests/fixtures/auth";
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as runsRoute from "@/app/api/runs/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { PRODUCT_ERROR_CLASSES } from "@/lib/smoke/outcome";
import type { RunJson } from "@/lib/smoke/schema";
import { startSandboxProcess } from "@/tests/fixtures/sandbox-process";

/**
 * The README's "outcome → record class → what the openai SDK raises" table,
 * checked row by row: the engine's record against the sandbox provider
 * process, and the real openai SDK (maxRetries 0) sending the same model to
 * the same process. If either side changes, the table has to change too.
 */
type Row = { outcome: string; model: string | null; recordClass: string; whose: string; sdk: string };

function readTable(): Row[] {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("#### Client error classes");
  expect(start, "README has a 'Client error classes' section").toBeGreaterThan(-1);
  const lines = readme.slice(start).split("\n");
  const first = lines.findIndex((l) => l.startsWith("| Outcome |"));
  expect(first).toBeGreaterThan(-1);
  const rows: Row[] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith("|")) break;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    expect(cells).toHaveLength(5);
    const code = (c: string) => /`([^`]+)`/.exec(c)?.[1] ?? null;
    rows.push({ outcome: cells[0], model: code(cells[1]), recordClass: code(cells[2]) ?? cells[2], whose: cells[3], sdk: cells[4] });
  }
  return rows;
}

const ROWS = readTable();
let sandbox: Awaited<ReturnType<typeof startSandboxProcess>>;
const noParams = { params: Promise.resolve({} as Record<string, never>) };

beforeAll(async () => {
  sandbox = await startSandboxProcess();
  process.env.SANDBOX_BASE_URL = sandbox.baseUrl;
  resetEnvForTests();
}, 30_000);

afterAll(async () => {
  await sandbox?.stop();
});

async function recordClass(model: string): Promise<string> {
  const t = await db.target.create({
    data: {
      name: `classes-${model}-${Math.random().toString(36).slice(2, 8)}`,
      role: "primary",
      baseUrl: sandbox.baseUrl,
      model,
      credentialEnvVar: "EVIDENCE_SANDBOX_API_KEY",
      environmentLabel: "test",
      timeoutMs: 500,
      retryCeiling: 0,
    },
  });
  const res = await runsRoute.POST(
    authedRequest("http://test/api/runs?wait=true", { method: "POST", body: JSON.stringify({ targetId: t.id, path: "happy" }), headers: { "content-type": "application/json" } }),
    noParams,
  );
  expect(res.status).toBe(200);
  const run = (await res.json()) as RunJson;
  expect(run.attempts).toHaveLength(1);
  return run.record.client_error_class ?? "not recorded";
}

/** What the SDK does with the same request: the class it raises, or "nothing". */
async function sdkOutcome(model: string): Promise<{ raised: string | null; error: unknown }> {
  const client = new OpenAI({ apiKey: "sandbox-local-credential", baseURL: sandbox.baseUrl, maxRetries: 0, timeout: 500 });
  try {
    await client.chat.completions.create({ model, messages: [{ role: "user", content: "class table probe" }] });
    return { raised: null, error: null };
  } catch (error) {
    return { raised: (error as Error).constructor.name, error };
  }
}

const sdkClass = (name: string) => (OpenAI as unknown as Record<string, unknown>)[name];

describe("README class table", () => {
  it("has a row for every outcome the engine names, and names every product class", () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(15);
    const documented = new Set(ROWS.map((r) => r.recordClass));
    for (const name of Object.keys(PRODUCT_ERROR_CLASSES)) expect(documented, `README documents ${name}`).toContain(name);
  });

  it.each(ROWS.map((r) => [r.outcome, r] as const))("%s", async (_outcome, row) => {
    // Whose class it is, checked against the SDK's own exports.
    if (row.whose === "openai SDK") {
      expect(typeof sdkClass(row.recordClass), `${row.recordClass} is exported by the openai SDK`).toBe("function");
      expect(Object.keys(PRODUCT_ERROR_CLASSES)).not.toContain(row.recordClass);
    } else if (row.whose === "Evidence Packet") {
      expect(Object.keys(PRODUCT_ERROR_CLASSES)).toContain(row.recordClass);
      expect(sdkClass(row.recordClass), `${row.recordClass} must not shadow an SDK class`).toBeUndefined();
    } else {
      expect(row.recordClass).toBe("none");
    }
    if (!row.model) {
      expect(row.sdk).toMatch(/^— \(no request is sent\)$/);
      return;
    }
    // The engine's record for this outcome.
    expect(await recordClass(row.model)).toBe(row.recordClass);
    // The real SDK against the same provider process.
    const sdk = await sdkOutcome(row.model);
    if (row.sdk.startsWith("nothing")) {
      expect(sdk.raised, `the SDK raises nothing for ${row.model}`).toBeNull();
    } else {
      const expected = /`([^`]+)`/.exec(row.sdk)?.[1];
      expect(sdk.raised).toBe(expected);
      const cls = sdkClass(expected!);
      if (typeof cls === "function") expect(sdk.error).toBeInstanceOf(cls);
      else expect(row.sdk).toContain("not an SDK class");
      // Where the SDK raises its own class for this outcome, the record uses that same name.
      if (typeof cls === "function" && row.whose === "openai SDK") expect(row.recordClass).toBe(expected);
    }
  });
});
