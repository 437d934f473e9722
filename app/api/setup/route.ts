import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { withSessionCookie } from "@/lib/auth/respond";
import { AccountInputSchema, createOwner } from "@/lib/auth/users";
import { db } from "@/lib/db";
import { json, publicRoute, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Whether the first visit should create the owner. */
export const GET = publicRoute("first start: is there an owner yet", async () => json({ needsOwner: (await db.user.count({ where: { isOwner: true } })) === 0 }));

/** Create the owner account — only while there is none (409 after). */
export const POST = publicRoute("first start: create the owner account", async (req) => {
  const input = await readJson(req, AccountInputSchema);
  const res = await createOwner(input, req.headers.get(CLIENT_IP_HEADER));
  return withSessionCookie(res, { ok: true, role: "admin" });
});
