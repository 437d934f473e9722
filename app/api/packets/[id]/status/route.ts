import { PACKETS_WRITE } from "@/lib/auth/roles";
import { json, readJson, route } from "@/lib/http";
import { StatusChangeSchema } from "@/lib/packets/schema";
import { setStatus } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

/** draft → ready only when readiness has no blocking items (else 409); ready → draft any time. */
export const POST = route<{ id: string }>(PACKETS_WRITE, async (req, { params }, who) => {
  const { status } = await readJson(req, StatusChangeSchema);
  return json(await setStatus((await params).id, status, who.actor));
});
