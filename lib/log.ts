import { env } from "@/lib/env";
import { redactKnownValues, redactSecrets } from "@/lib/shared/secret-guard";
import { knownRequestTexts, knownSecrets } from "@/lib/shared/sensitive-values";

// NOTE: a tiny JSON-lines logger that redacts every line itself, so no call
// site can forget: credential values this process has read, anything
// token-like, and the probe's request text are replaced in the message and
// in every field, however deep; an Error becomes {name, code, message}
// without its stack. See docs/decisions/037-one-redacting-logger.md.
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };
const MAX_STRING = 1000;
const MAX_DEPTH = 6;
const MAX_ITEMS = 50;

function redactText(s: string, secrets: string[], texts: string[]): string {
  let out = redactSecrets(s, secrets);
  if (texts.length) out = redactKnownValues(out, texts, "<request text>");
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING - 1)}…` : out;
}

function clean(value: unknown, secrets: string[], texts: string[], depth: number): unknown {
  if (typeof value === "string") return redactText(value, secrets, texts);
  if (value === null || typeof value !== "object") return typeof value === "bigint" ? String(value) : value;
  if (depth >= MAX_DEPTH) return "[nested]";
  if (value instanceof Error) {
    const e = value as Error & { code?: unknown };
    return clean({ name: e.name, ...(e.code !== undefined ? { code: e.code } : {}), message: e.message }, secrets, texts, depth + 1);
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.slice(0, MAX_ITEMS).map((v) => clean(v, secrets, texts, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value).slice(0, MAX_ITEMS)) out[redactText(k, secrets, texts)] = clean(v, secrets, texts, depth + 1);
  return out;
}

function write(level: Level, fields: Record<string, unknown>, msg: string) {
  if (ORDER[level] < ORDER[env().LOG_LEVEL]) return;
  const secrets = knownSecrets();
  const texts = knownRequestTexts();
  const safe = clean(fields, secrets, texts, 0) as Record<string, unknown>;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg: redactText(msg, secrets, texts), ...safe });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const logger = {
  debug: (fields: Record<string, unknown>, msg: string) => write("debug", fields, msg),
  info: (fields: Record<string, unknown>, msg: string) => write("info", fields, msg),
  warn: (fields: Record<string, unknown>, msg: string) => write("warn", fields, msg),
  error: (fields: Record<string, unknown>, msg: string) => write("error", fields, msg),
};
