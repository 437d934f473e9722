import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readCredential, resetEnvForTests } from "@/lib/env";
import { logger } from "@/lib/log";
import { SAFE_PROMPT_TEXT } from "@/lib/smoke/http-attempt";

// A credential that no pattern would recognise: only the value itself can catch it.
const CREDENTIAL = "hunter2-correct-horse-battery-staple";
const KEYLIKE = "sk-proj-Zq8vW3nT5yR1pL7kM2xC9bV4Hq4Lm9Xv";
const alnum = (v: string) => v.replace(/[^A-Za-z0-9]/g, "").toLowerCase();

let written: string[] = [];
const out = process.stdout.write.bind(process.stdout);
const err = process.stderr.write.bind(process.stderr);

beforeEach(() => {
  process.env.LOG_LEVEL = "debug";
  process.env.LOG_TEST_CREDENTIAL = CREDENTIAL;
  // Only allowlisted variables are ever read (decision 061).
  process.env.EVIDENCE_CREDENTIAL_VARS = "LOG_TEST_CREDENTIAL";
  resetEnvForTests();
  // The server read the credential for a run: from then on the logger knows it.
  expect(readCredential("LOG_TEST_CREDENTIAL")).toBe(CREDENTIAL);
  written = [];
  process.stdout.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
});

afterEach(() => {
  process.stdout.write = out;
  process.stderr.write = err;
  process.env.LOG_LEVEL = "silent";
  resetEnvForTests();
});

describe("the logger redacts every call itself (9.10)", () => {
  const levels = ["debug", "info", "warn", "error"] as const;

  it.each(levels)("%s: a credential, a key-shaped token and the prompt never reach the output, wherever they are passed", (level) => {
    const e = new Error(`driver said: value '${CREDENTIAL}' and ${KEYLIKE} for "${SAFE_PROMPT_TEXT}"`);
    logger[level]({ err: e }, "an Error object");
    logger[level]({ err: e.message }, "a raw err.message, as call sites used to pass");
    logger[level]({ nested: { deeper: [{ value: `Bearer ${CREDENTIAL}` }, SAFE_PROMPT_TEXT.toUpperCase()] } }, "nested fields");
    logger[level]({ mangled: CREDENTIAL.replace(/(.{5})/g, "$1!") }, "punctuation inserted");
    logger[level]({}, `the message itself: ${CREDENTIAL} ${KEYLIKE} ${SAFE_PROMPT_TEXT}`);
    const text = written.join("");
    expect(written).toHaveLength(5);
    for (const line of written) expect(() => JSON.parse(line)).not.toThrow();
    expect(text).not.toContain(CREDENTIAL);
    expect(text).not.toContain(KEYLIKE);
    expect(text).not.toContain(SAFE_PROMPT_TEXT);
    expect(alnum(text)).not.toContain(alnum(CREDENTIAL));
    expect(alnum(text)).not.toContain(alnum(SAFE_PROMPT_TEXT));
    // What is useful stays: the level, the message's own words, the error's name.
    expect(JSON.parse(written[0])).toMatchObject({ level, msg: "an Error object", err: { name: "Error" } });
    expect(JSON.parse(written[0]).err.message).toContain("driver said");
  });

  it("an error's stack is not logged (it repeats the message) and long values are bounded", () => {
    logger.error({ err: new Error(CREDENTIAL), long: "x".repeat(5000) }, "bounded");
    const line = JSON.parse(written[0]);
    expect(line.err.stack).toBeUndefined();
    expect(line.long.length).toBeLessThanOrEqual(1000);
  });
});
