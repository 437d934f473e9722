import { READ } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";
import { listShareLinks } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(READ, async (_req, { params }) => json({ items: await listShareLinks((await params).id) }));
