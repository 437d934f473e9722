import { authedRequest } from "@/tests/fixtures/auth";
import { afterAll, describe, expect, it } from "vitest";
import * as settings from "@/app/api/settings/egress/route";
import * as targets from "@/app/api/targets/route";
import { db } from "@/lib/db";
import { resetEnvForTests } from "@/lib/env";
import { clearEgressPolicyCache } from "@/lib/targets/egress-settings";

// The admin's egress allow-list: GET/PUT /api/settings/egress over the Setting
// table (migration 0008), extended by EVIDENCE_EGRESS_ALLOW (decision 060).
const saved = process.env.EVIDENCE_EGRESS_ALLOW;
process.env.EVIDENCE_EGRESS_ALLOW = "gateway.env.example";
resetEnvForTests();
afterAll(() => {
  process.env.EVIDENCE_EGRESS_ALLOW = saved;
  resetEnvForTests();
});

const noParams = { params: Promise.resolve({} as Record<string, never>) };
const get = async () => (await settings.GET(authedRequest("http://test/api/settings/egress"), noParams)).json();
const put = (body: unknown) =>
  settings.PUT(authedRequest("http://test/api/settings/egress", { method: "PUT", body: JSON.stringify(body), headers: { "content-type": "application/json" } }), noParams);
const createTarget = (baseUrl: string) =>
  targets.POST(
    authedRequest("http://test/api/targets", {
      method: "POST",
      body: JSON.stringify({ name: `gw ${Math.random()}`, role: "gateway", baseUrl, model: "m", environmentLabel: "staging" }),
      headers: { "content-type": "application/json" },
    }),
    noParams,
  );

describe("GET/PUT /api/settings/egress", () => {
  it("starts empty and shows the environment's entries, the fixed refusals and the sandbox", async () => {
    const s = await get();
    expect(s).toMatchObject({ entries: [], fromEnvironment: ["gateway.env.example"], updatedAt: null });
    expect(s.alwaysRefused.join(" ")).toContain("169.254.0.0/16");
    expect(s.alwaysAllowed[0]).toMatch(/\/api\/sandbox\/v1$/);
  });

  it("stores CIDRs and host names in canonical form, once each", async () => {
    const res = await put({ entries: ["10.0.0.0/8", "10.0.0.0/8", " Gateway.Corp.Example. ", "192.168.7.9", "fd12::/16"] });
    expect(res.status).toBe(200);
    const s = await res.json();
    expect(s.entries).toEqual(["10.0.0.0/8", "gateway.corp.example", "192.168.7.9/32", "fd12::/16"]);
    expect(s.updatedAt).toEqual(expect.any(String));
    expect((await get()).entries).toEqual(s.entries);
  });

  it("a listed range takes effect for targets at once", async () => {
    expect((await put({ entries: [] })).status).toBe(200);
    expect((await createTarget("http://10.9.8.7/v1")).status).toBe(400);
    expect((await put({ entries: ["10.0.0.0/8"] })).status).toBe(200);
    expect((await createTarget("http://10.9.8.7/v1")).status).toBe(201);
    expect((await createTarget("http://[::ffff:10.9.8.7]/v1")).status).toBe(201);
  });

  it.each([
    ["169.254.0.0/16", "always refused"],
    ["169.254.169.254", "always refused"],
    ["fe80::/10", "always refused"],
    ["fd00:ec2::254", "always refused"],
    ["metadata.google.internal", "always refused"],
    ["0.0.0.0/0", "always refused"],
    ["::/0", "always refused"],
    ["10.0.0.0/33", "not a CIDR"],
    ["not a host!", "not a host name"],
  ])("refuses %s with a 400 naming the entry", async (entry, words) => {
    const res = await put({ entries: ["10.0.0.0/8", entry] });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe("bad_request");
    expect(body.error.issues).toEqual([{ path: "entries.1", message: expect.stringContaining(words) }]);
  });

  it("refuses a body that is not the shape: not a list, extra keys, too many entries", async () => {
    for (const body of [{ entries: "10.0.0.0/8" }, { entries: [], extra: 1 }, {}, { entries: Array.from({ length: 101 }, (_, i) => `10.${i}.0.0/16`) }]) {
      const res = await put(body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe("bad_request");
    }
  });

  it("a stored value that no longer parses is read leniently (empty), never a 500", async () => {
    await db.setting.upsert({ where: { key: "egress.allow" }, create: { key: "egress.allow", value: "{not json" }, update: { value: "{not json" } });
    clearEgressPolicyCache();
    const s = await get();
    expect(s.entries).toEqual([]);
    expect((await createTarget("http://10.9.8.7/v1")).status).toBe(400);
  });
});
