import { env } from "@/lib/env";

// NOTE: a tiny JSON-lines logger. Only sanitized, low-cardinality fields are
// ever passed in (see docs/decisions/003-sanitization.md); there is no
// request/response body logging anywhere.
type Level = "debug" | "info" | "warn" | "error";
const ORDER: Record<Level | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

function write(level: Level, fields: Record<string, unknown>, msg: string) {
  if (ORDER[level] < ORDER[env().LOG_LEVEL]) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), msg, ...fields });
  (level === "error" || level === "warn" ? process.stderr : process.stdout).write(line + "\n");
}

export const logger = {
  debug: (fields: Record<string, unknown>, msg: string) => write("debug", fields, msg),
  info: (fields: Record<string, unknown>, msg: string) => write("info", fields, msg),
  warn: (fields: Record<string, unknown>, msg: string) => write("warn", fields, msg),
  error: (fields: Record<string, unknown>, msg: string) => write("error", fields, msg),
};
