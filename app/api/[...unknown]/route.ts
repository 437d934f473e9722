import { READ } from "@/lib/auth/roles";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http";

export const dynamic = "force-dynamic";

// Any /api path no route matches answers the API's 404 envelope, not the
// dashboard's HTML 404 page (issue 12: the envelope on every API error).
const unknown = route(READ, async () => {
  throw notFound("API route");
});

export { unknown as GET, unknown as POST, unknown as PUT, unknown as PATCH, unknown as DELETE, unknown as OPTIONS };
