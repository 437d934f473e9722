import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

// Issue 9.3: module-level mutable state in lib/ exists once per Next bundle,
// so the lint config refuses it; process state goes through remember().
const eslint = new ESLint({ cwd: path.resolve(import.meta.dirname, "../..") });

async function messages(code: string, file = "lib/smoke/example.ts") {
  const [result] = await eslint.lintText(code, { filePath: path.resolve(import.meta.dirname, "../..", file) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

describe("lint: no module-level mutable state in lib/", () => {
  // NOTE: the first lint loads the whole flat config and its plugins (seconds on a loaded machine).
  beforeAll(async () => {
    await messages("export {};\n");
  }, 120_000);

  it.each([
    ["a top-level Map", "const states = new Map<string, number>();\nexport const get = (k: string) => states.get(k);\n"],
    ["a top-level Set", "const seen = new Set<string>();\nexport const has = (k: string) => seen.has(k);\n"],
    ["a top-level WeakMap", "const w = new WeakMap<object, number>();\nexport const get = (k: object) => w.get(k);\n"],
    ["a top-level let", "let cached: string | undefined;\nexport const get = () => (cached ??= 'x');\n"],
    ["an exported let", "export let counter = 0;\n"],
  ])("refuses %s", async (_name, code) => {
    const found = await messages(code);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]).toMatch(/remember\(/);
  });

  it("allows state inside a function and remember() at the top level", async () => {
    const code = [
      // (declared, not imported: the linted text is not a file on disk)
      "declare function remember<T>(name: string, init: () => T): T;",
      'const states = remember("example.states", () => new Map<string, number>());',
      "export function make() {",
      "  const local = new Map<string, number>();",
      "  let n = 0;",
      "  return { local, next: () => ++n, states };",
      "}",
      "",
    ].join("\n");
    expect(await messages(code)).toEqual([]);
  });

  it("does not apply outside lib/", async () => {
    expect(await messages("const m = new Map<string, number>();\nexport const get = (k: string) => m.get(k);\n", "scripts/example.ts")).toEqual([]);
  });
});
