import { execFileSync } from "node:child_process";
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import { csvCell } from "@/lib/history/export";
import { canonicalJson, sha256Hex } from "@/lib/packets/canonical";
import { mdLink, packetMarkdown } from "@/lib/packets/markdown";
import { readyDocument } from "@/tests/fixtures/packets";

// Issue 12 item 6: exports cannot be turned into links or formulas, and the
// README's hash check works for every code point.

const HOSTILE = "https://example.com/a)[click](javascript:alert(document.domain))";
const version = { number: 1, sha256: "ab".repeat(32), createdAt: "2026-06-22T10:30:00.000Z" };

/** Every href markdown-it renders, with its own link validation off (a laxer renderer). */
function hrefs(md: string): string[] {
  const renderer = new MarkdownIt({ html: false, linkify: false });
  renderer.validateLink = () => true;
  return [...renderer.render(md).matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
}

describe("Markdown export rendered by markdown-it", () => {
  it("a source URL with a link trick stays one http(s) link", () => {
    expect(hrefs(mdLink(HOSTILE))).toEqual(["https://example.com/a%29%5Bclick%5D%28javascript:alert%28document.domain%29%29"]);
    for (const url of ["https://x.test/a b<c>d", "https://x.test/\"onmouseover=alert(1)", "https://x.test/a\\)[x](javascript:1)", "https://x.test/`)`"]) {
      const links = hrefs(mdLink(url));
      expect(links, url).toHaveLength(1);
      expect(links[0], url).toMatch(/^https:\/\/x\.test\//);
    }
  });

  it("the whole packet: every rendered link is http(s), none is javascript:", () => {
    const doc = readyDocument();
    doc.sections.sourcesChecked = [{ id: "s1", title: "[x](javascript:alert(1))", url: HOSTILE, accessed: "2026-06-21", purpose: "Status page", confirmed: true }];
    doc.sections.contractChecks = [{ id: "c1", area: "Errors", whatToVerify: "the error shape", sourceUrl: `${HOSTILE} <script>`, accessed: "", safeWording: "[y](javascript:alert(2))", confirmed: true }];
    const links = hrefs(packetMarkdown(doc, version, { origin: "http://127.0.0.1:3000" }));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^https?:\/\//);
    expect(links.filter((h) => h.startsWith("https://example.com/"))).toHaveLength(2);
  });
});

describe("CSV cells (OWASP CSV injection)", () => {
  it.each([
    ["=1+1", `'=1+1`],
    ["@SUM(A1)", `'@SUM(A1)`],
    ["ok;=HYPERLINK(\"http://x\")", `"'ok;=HYPERLINK(""http://x"")"`],
    ["a, -2+3", `"'a, -2+3"`],
    ["a;b", `"a;b"`],
    ["a,b", `"a,b"`],
    ["plain", "plain"],
    ["x\t=1", "x\t=1"],
  ])("%j → %s", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
  it("numbers are not guarded", () => {
    expect(csvCell(-5)).toBe("-5");
  });
});

describe("canonical JSON equals `jq -cjS .`", () => {
  function jq(json: string): string {
    try {
      return execFileSync("jq", ["-cjS", "."], { input: json, maxBuffer: 64 * 1024 * 1024 }).toString("utf8");
    } catch (err) {
      throw new Error(`jq is needed for this test (npm run setup:test installs it): ${(err as Error).message}`);
    }
  }

  it("for every code point (U+0000…U+10FFFF without surrogates), in values and in key order", () => {
    const all: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) if (cp < 0xd800 || cp > 0xdfff) all.push(String.fromCodePoint(cp));
    const doc = {
      z: all.join(""),
      // Keys whose UTF-16 order differs from code-point order.
      "\u{1F600}": 1,
      "\uFFFD": 2,
      "\uE000": 3,
      a: ["\u007f", "\u0000", "\u2028", { b: 1, a: [2, -3, 0.5] }],
    };
    const canonical = canonicalJson(doc);
    const viaJq = jq(JSON.stringify(doc, null, 2));
    expect(canonical === viaJq).toBe(true);
    expect(sha256Hex(canonical)).toBe(sha256Hex(viaJq));
    expect(canonical).toContain("\\u007f");
  });
});
