import { afterEach, describe, expect, it } from "vitest";
import { credentialSource, credentialVarAllowed, env, readCredential, resetEnvForTests } from "@/lib/env";

// Decision 061: a target may name only EVIDENCE_SANDBOX_API_KEY or a variable
// listed in EVIDENCE_CREDENTIAL_VARS; an unlisted one is never read.
const saved = process.env.EVIDENCE_CREDENTIAL_VARS;
afterEach(() => {
  if (saved === undefined) delete process.env.EVIDENCE_CREDENTIAL_VARS;
  else process.env.EVIDENCE_CREDENTIAL_VARS = saved;
  delete process.env.ALLOWLIST_TEST_KEY;
  resetEnvForTests();
});
const withList = (v: string | undefined) => {
  if (v === undefined) delete process.env.EVIDENCE_CREDENTIAL_VARS;
  else process.env.EVIDENCE_CREDENTIAL_VARS = v;
  resetEnvForTests();
};

describe("EVIDENCE_CREDENTIAL_VARS", () => {
  it("is empty by default: only the sandbox's own variable is allowed", () => {
    withList(undefined);
    expect(env().EVIDENCE_CREDENTIAL_VARS).toEqual([]);
    expect(credentialVarAllowed("EVIDENCE_SANDBOX_API_KEY")).toBe(true);
    expect(credentialVarAllowed("DATABASE_URL")).toBe(false);
    expect(credentialSource("EVIDENCE_SANDBOX_API_KEY")).toBe("embedded-default");
  });

  it("takes commas and spaces, ignores blanks", () => {
    withList(" COMETAPI_KEY, OPENAI_API_KEY ,,GATEWAY_KEY  OTHER_KEY");
    expect(env().EVIDENCE_CREDENTIAL_VARS).toEqual(["COMETAPI_KEY", "OPENAI_API_KEY", "GATEWAY_KEY", "OTHER_KEY"]);
  });

  it("refuses an entry that is not a variable name, naming the variable", () => {
    withList("GOOD_KEY,bad-name");
    expect(() => env()).toThrow(/EVIDENCE_CREDENTIAL_VARS/);
  });

  it("an unlisted variable is never read and never said to be set", () => {
    withList("OTHER_KEY");
    process.env.ALLOWLIST_TEST_KEY = "value-that-must-not-be-read-01";
    expect(readCredential("ALLOWLIST_TEST_KEY")).toBeUndefined();
    expect(credentialSource("ALLOWLIST_TEST_KEY")).toBe("not-allowed");
    expect(credentialSource("ALLOWLIST_TEST_UNSET")).toBe("not-allowed");
    withList("ALLOWLIST_TEST_KEY");
    expect(readCredential("ALLOWLIST_TEST_KEY")).toBe("value-that-must-not-be-read-01");
    expect(credentialSource("ALLOWLIST_TEST_KEY")).toBe("environment");
  });
});
