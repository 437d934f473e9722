import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/lib/auth/auth";
import { errorResponse } from "@/lib/http";
import { forbidden } from "@/lib/errors";

export const dynamic = "force-dynamic";

// Better Auth's own endpoints (sign-in, sign-out, sessions, password change).
// Public by nature: each one checks its own session. Accounts are not
// created here — the owner on first start, everyone else by invitation.
const handlers = toNextJsHandler(auth);

export const GET = handlers.GET;

export async function POST(req: Request) {
  if (new URL(req.url).pathname.startsWith("/api/auth/sign-up")) {
    return errorResponse(forbidden("Accounts are created by invitation. Ask an admin for an invitation link."));
  }
  return handlers.POST(req);
}
