import { json, route } from "@/lib/http";
import { listShareLinks } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

export const GET = route<{ id: string }>(async (_req, { params }) => json({ items: await listShareLinks((await params).id) }));
