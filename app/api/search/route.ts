import { READ } from "@/lib/auth/roles";
import { json, readQuery, route } from "@/lib/http";
import { SearchQuerySchema } from "@/lib/search/schema";
import { search } from "@/lib/search/service";

export const dynamic = "force-dynamic";

export const GET = route(READ, async (req) => json({ items: await search(readQuery(req, SearchQuerySchema).q) }));
