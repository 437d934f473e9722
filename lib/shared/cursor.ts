import { z } from "zod";
import { badRequest } from "@/lib/errors";

/** Opaque keyset cursors: base64url JSON, validated on the way back in. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

export function decodeCursor<S extends z.ZodType>(raw: string, schema: S): z.output<S> {
  try {
    return schema.parse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
  } catch {
    throw badRequest("Invalid cursor.", [{ path: "cursor", message: "Use the nextCursor value from a previous page." }]);
  }
}
