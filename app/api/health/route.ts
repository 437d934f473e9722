import { json, publicRoute } from "@/lib/http";
import { checkHealth } from "@/lib/shared/health";

export const dynamic = "force-dynamic";

export const GET = publicRoute("health check", async () => {
  const health = await checkHealth();
  return json(health, { status: health.status === "ok" ? 200 : 503 });
});
