import { remember } from "@/lib/shared/registry";

/**
 * Values this process has handled that must never be written anywhere:
 * credential values it read and the probe's request text. The logger
 * redacts them from every line (docs/decisions/037-one-redacting-logger.md).
 */
const values = () => remember("sensitive-values", () => ({ secrets: new Set<string>(), requestTexts: new Set<string>() }));

/** A credential value read from the environment. */
export function noteSecret(value: string | undefined): void {
  if (value && value.length >= 4) values().secrets.add(value);
}

/** Text the client sends that is not a credential (the prompt). */
export function noteRequestText(value: string): void {
  if (value) values().requestTexts.add(value);
}

export function knownSecrets(): string[] {
  return [...values().secrets];
}

export function knownRequestTexts(): string[] {
  return [...values().requestTexts];
}
