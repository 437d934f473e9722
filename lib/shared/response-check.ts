import type { z } from "zod";
import { logger } from "@/lib/log";

/**
 * Response types are checked in development and tests only: a mismatch is a
 * bug in our mapping, so it throws there (a test fails, the dev sees it) and
 * is logged; production trusts the mapping and never turns a stored row
 * into an error because a response rule changed. See decision 041.
 */
export function checkedResponse<S extends z.ZodType>(schema: S, value: z.input<S>, name: string): z.output<S> {
  if (process.env.NODE_ENV === "production") return value as z.output<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const paths = result.error.issues.map((i) => i.path.map(String).join(".") || "(root)");
  logger.error({ response: name, paths }, "response does not match its type");
  throw new Error(`${name} response does not match its type at ${paths.join(", ")}`);
}
