import { describe, expect, it } from "vitest";
import { TargetInputSchema, TargetPatchSchema } from "@/lib/targets/schema";

const valid = {
  name: "CometAPI primary",
  role: "primary",
  baseUrl: "https://api.cometapi.com/v1/",
  model: "gpt-4o-mini",
  credentialEnvVar: "COMETAPI_KEY",
  environmentLabel: "staging",
};

function errorPaths(input: unknown) {
  const r = TargetInputSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => i.path.join("."));
}

describe("TargetInputSchema", () => {
  it("accepts a valid target, trims the trailing slash and applies the policy defaults", () => {
    const t = TargetInputSchema.parse(valid);
    expect(t.baseUrl).toBe("https://api.cometapi.com/v1");
    expect(t).toMatchObject({ endpointFamily: "chat-completions", providerProfile: "openai-compatible", timeoutMs: 10000, retryCeiling: 2 });
  });

  it("rejects non-http(s) and nonsense base URLs", () => {
    expect(errorPaths({ ...valid, baseUrl: "ftp://example.com" })).toEqual(["baseUrl"]);
    expect(errorPaths({ ...valid, baseUrl: "not a url" })).toEqual(["baseUrl"]);
    expect(errorPaths({ ...valid, baseUrl: "javascript:alert(1)" })).toEqual(["baseUrl"]);
  });

  it("rejects credentials embedded in the URL", () => {
    expect(errorPaths({ ...valid, baseUrl: "https://user:pw@example.com/v1" })).toEqual(["baseUrl"]);
  });

  it("names every missing required field", () => {
    expect(errorPaths({ name: "" }).sort()).toEqual(["baseUrl", "environmentLabel", "model", "name", "role"]);
  });

  it("refuses a credential value where the variable name belongs", () => {
    const r = TargetInputSchema.safeParse({ ...valid, credentialEnvVar: "sk-proj-AbCdEf0123456789GhIjKlMnOp" });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0].message).toMatch(/variable's name/);
  });

  it("treats an empty credential variable as none", () => {
    expect(TargetInputSchema.parse({ ...valid, credentialEnvVar: "" }).credentialEnvVar).toBeNull();
  });

  it("bounds the retry policy and keeps backoff max ≥ base", () => {
    expect(errorPaths({ ...valid, retryCeiling: 9 })).toEqual(["retryCeiling"]);
    expect(errorPaths({ ...valid, backoffBaseMs: 500, backoffMaxMs: 100 })).toEqual(["backoffMaxMs"]);
    expect(errorPaths({ ...valid, timeoutMs: "abc" })).toEqual(["timeoutMs"]);
  });

  it("rejects unknown fields (strict input)", () => {
    expect(errorPaths({ ...valid, apiKey: "x" })).toEqual([""]);
  });

  it("patch schema applies no defaults", () => {
    expect(TargetPatchSchema.parse({ name: "x" })).toEqual({ name: "x" });
  });
});

describe("TargetInputSchema and the secret guard (issue 9.9)", () => {
  it("accepts the hyphenated target name a user was refused", () => {
    expect(errorPaths({ ...valid, name: "fid-2-H-stream-openai-compatible" })).toEqual([]);
  });

  it("still refuses a key pasted as the name", () => {
    expect(errorPaths({ ...valid, name: "sk-proj-Ab12Cd34Ef56Gh78Ij90KlMnOp12" })).toEqual(["name"]);
  });
});
