import { ADMIN } from "@/lib/auth/roles";
import { createInvitation, InvitationInputSchema, listInvitations } from "@/lib/auth/users";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

export const GET = route(ADMIN, async () => json({ items: await listInvitations() }));

/** The link is returned here once; only its hash is stored. */
export const POST = route(ADMIN, async (req, _ctx, who) => {
  const input = await readJson(req, InvitationInputSchema);
  return json(await createInvitation(input, who.actor), { status: 201, headers: { "cache-control": "no-store" } });
});
