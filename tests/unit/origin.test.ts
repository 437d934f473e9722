import { describe, expect, it } from "vitest";
import { isLoopbackOrigin } from "@/lib/shared/origin";

describe("isLoopbackOrigin (share links that work only on this machine)", () => {
  it.each([
    ["http://127.0.0.1:3000", true],
    ["http://localhost:3000", true],
    ["http://app.localhost", true],
    ["http://[::1]:3000", true],
    ["http://127.1.2.3", true],
    ["http://0.0.0.0:3000", true],
    ["https://evidence.example.com", false],
    ["http://10.0.0.5:3000", false],
    ["not a url", true],
  ])("%s → %s", (origin, loopback) => expect(isLoopbackOrigin(origin)).toBe(loopback));
});
