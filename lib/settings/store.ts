import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/log";
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

/** Writes a setting and its audit entry in one transaction (decision 073). */
export async function writeSetting(key: string, value: unknown, actor: Actor, detail: string): Promise<Date> {
  const json = JSON.stringify(value);
  return db.$transaction(async (tx) => {
    const row = await tx.setting.upsert({ where: { key }, create: { key, value: json }, update: { value: json } });
    await audit({ actor, action: "settings_changed", subjectType: "setting", subjectId: key, detail: detail.slice(0, 500) }, tx);
    return row.updatedAt;
  });
}
