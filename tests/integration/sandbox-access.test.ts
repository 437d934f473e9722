import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAddress } from "@/tests/fixtures/caller-address";
import { startSandboxServer } from "@/lib/smoke/sandbox-server";
import { isLoopbackAddress, isSandboxPath, sandboxCallerAllowed } from "@/scripts/sandbox-access.mjs";

// The standalone sandbox (npm run sandbox) bound on every interface and called
// over a real non-loopback interface: 403 unless SANDBOX_PUBLIC=1 (decision 062).
const caller = callerAddress();
const outside = caller.address;

describe("sandbox caller rule", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.8.9.10", true],
    ["::1", true],
    ["::ffff:127.0.0.1", true],
    ["192.0.2.2", false],
    ["::ffff:192.0.2.2", false],
    ["fd00::2", false],
    ["", false],
    [undefined, false],
  ])("%s is loopback: %s", (a, loopback) => {
    expect(isLoopbackAddress(a)).toBe(loopback);
    expect(sandboxCallerAllowed(a, "0")).toBe(loopback);
    expect(sandboxCallerAllowed(a, "1")).toBe(true);
  });

  it("recognises the sandbox path in any spelling the router accepts", () => {
    for (const p of ["/api/sandbox/v1/models", "/api/sandbox", "//api//sandbox/v1", "/api/%73andbox/v1", "/api/./sandbox/v1", "/api/x/../sandbox/v1?x=1"]) expect(isSandboxPath(p), p).toBe(true);
    for (const p of ["/api/sandboxes", "/api/targets", "/sandbox/v1", "/p/abc"]) expect(isSandboxPath(p), p).toBe(false);
  });
});

describe("standalone sandbox over a non-loopback interface", () => {
  let sandbox: Awaited<ReturnType<typeof startSandboxServer>>;
  const saved = process.env.SANDBOX_PUBLIC;
  beforeAll(async () => {
    sandbox = await startSandboxServer(0, "0.0.0.0");
  });
  afterAll(async () => {
    process.env.SANDBOX_PUBLIC = saved;
    if (saved === undefined) delete process.env.SANDBOX_PUBLIC;
    await sandbox.close();
    caller.remove();
  });
  const port = () => new URL(sandbox.origin).port;

  it("refuses a caller on another interface with a 403 envelope, answers loopback", async () => {
    delete process.env.SANDBOX_PUBLIC;
    const res = await fetch(`http://${outside}:${port()}/v1/models`, { headers: { authorization: "Bearer x" } });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
    expect((await fetch(`http://127.0.0.1:${port()}/v1/models`, { headers: { authorization: "Bearer x" } })).status).toBe(200);
  });

  it("answers it with SANDBOX_PUBLIC=1", async () => {
    process.env.SANDBOX_PUBLIC = "1";
    expect((await fetch(`http://${outside}:${port()}/v1/models`, { headers: { authorization: "Bearer x" } })).status).toBe(200);
  });
});
