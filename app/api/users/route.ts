import { ADMIN } from "@/lib/auth/roles";
import { listUsers } from "@/lib/auth/users";
import { json, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(ADMIN, async () => json({ items: await listUsers() }));
