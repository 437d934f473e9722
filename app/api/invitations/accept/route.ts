import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { withSessionCookie } from "@/lib/auth/respond";
import { acceptInvitation, AcceptInvitationSchema } from "@/lib/auth/users";
import { publicRoute, readJson } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Sign up through an invitation (the invitation token is the capability; single use). */
export const POST = publicRoute("the invitation token is the capability", async (req) => {
  const input = await readJson(req, AcceptInvitationSchema);
  const res = await acceptInvitation(input, req.headers.get(CLIENT_IP_HEADER));
  return withSessionCookie(res, { ok: true });
});
