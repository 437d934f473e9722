import { READ } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";
import { getReadiness } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(READ, async (_req, { params }) => json(await getReadiness((await params).id)));
