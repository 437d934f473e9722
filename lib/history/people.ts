import "server-only";
import { db } from "@/lib/db";
import { SCHEDULE_PERSON } from "@/lib/smoke/store";

/**
 * The "Started by" filter's choices: every account (a person's runs include
 * those of their API tokens) and the schedule. A removed user's records keep
 * their label and stay reachable by id in the URL, but are not offered here.
 */
export async function personOptions(): Promise<{ value: string; label: string }[]> {
  const users = await db.user.findMany({ select: { id: true, name: true, email: true }, orderBy: [{ createdAt: "asc" }, { email: "asc" }] });
  return [
    ...users.map((u) => ({ value: u.id, label: u.name && u.name !== u.email ? `${u.name} (${u.email})` : u.email })),
    { value: SCHEDULE_PERSON, label: "Schedule" },
  ];
}
