import { z } from "zod";

/**
 * A whole number from JSON or from a form/query string. Only plain decimal
 * digits are read as a number ("5000", " 42 "); `null`, `true`, `""`,
 * `[5000]`, `"0x10"`, `"1e3"` stay what they are and fail with the field's
 * message — `z.coerce.number()` turned every one of them into a number.
 */
export function wholeNumber(message: string) {
  return z.preprocess((v) => (typeof v === "string" && /^\s*\d{1,15}\s*$/.test(v) ? Number(v) : v), z.number({ error: message }).int(message));
}
