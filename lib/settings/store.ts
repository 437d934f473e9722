import "server-only";
import { db } from "@/lib/db";

/**
 * Admin settings: one JSON value per key in the Setting table (decision 060).
 * Values are read leniently by their owner (a stored value that no longer
 * parses is the owner's to handle); this module only stores them.
 */
export async function readSetting(key: string): Promise<{ value: unknown; updatedAt: Date } | null> {
  const row = await db.setting.findUnique({ where: { key } });
  if (!row) return null;
  try {
    return { value: JSON.parse(row.value) as unknown, updatedAt: row.updatedAt };
  } catch {
    return { value: null, updatedAt: row.updatedAt };
  }
}

export async function writeSetting(key: string, value: unknown): Promise<Date> {
  const json = JSON.stringify(value);
  const row = await db.setting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
  return row.updatedAt;
}
