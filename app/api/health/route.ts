import { json, route } from "@/lib/http";
import { checkHealth } from "@/lib/shared/health";

export const dynamic = "force-dynamic";

export const GET = route(async () => {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503 });
});
