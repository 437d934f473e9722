import { db } from "@/lib/db";
import { json, route } from "@/lib/http";
import { APP_VERSION } from "@/lib/version";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  let dbState: "ok" | "error" = "ok";
  try {
    await db.$queryRawUnsafe("SELECT 1");
  } catch {
    dbState = "error";
  }
  return json({ status: dbState === "ok" ? "ok" : "degraded", db: dbState, version: APP_VERSION }, { status: dbState === "ok" ? 200 : 503 });
});
