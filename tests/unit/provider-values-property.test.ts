import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containsKnownValue, redactSecrets } from "@/lib/shared/secret-guard";
import { safeProviderValue } from "@/lib/smoke/sanitize";

// A credential: a provider prefix and 20–48 random letters and digits.
const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split("");
const credential = fc
  .tuple(fc.constantFrom("sk-", "sk-proj-", "sk-ant-api03-", "ghp_", "", "key-"), fc.array(fc.constantFrom(...ALNUM), { minLength: 20, maxLength: 48 }))
  .map(([prefix, chars]) => prefix + chars.join(""));

// What a hostile provider may put between the characters: punctuation,
// spaces, zero-width and other invisible characters.
const filler = fc.constantFrom("!", "-", "_", ".", ":", " ", "/", "\u200b", "\u00ad", "%", "*", "'");

/** The credential with fillers inserted at random places, optionally re-cased. */
const smuggled = fc
  .tuple(credential, fc.array(fc.tuple(fc.nat(), filler), { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([secret, inserts, upper]) => {
    let out = secret;
    for (const [at, f] of inserts) {
      const i = at % (out.length + 1);
      out = out.slice(0, i) + f + out.slice(i);
    }
    return { secret, value: upper ? out.toUpperCase() : out };
  });

describe("a credential cannot be smuggled past the checks by inserted characters (12.5, property)", () => {
  it("safeProviderValue withholds it", () => {
    fc.assert(fc.property(smuggled, ({ secret, value }) => safeProviderValue(value, [secret]) === null), { numRuns: 500 });
  });

  it("redactSecrets removes it from free text, wherever it sits", () => {
    fc.assert(
      fc.property(smuggled, fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), ({ secret, value }, before, after) => {
        const out = redactSecrets(`${before} ${value} ${after}`, [secret]);
        expect(containsKnownValue(out, [secret])).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});
