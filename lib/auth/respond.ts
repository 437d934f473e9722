import "server-only";
import { json } from "@/lib/http";

/** Our JSON body, with the session cookie Better Auth set on its own response. */
export function withSessionCookie(from: Response, body: unknown, status = 201): Response {
  const res = json(body, { status });
  for (const c of from.headers.getSetCookie()) res.headers.append("set-cookie", c);
  res.headers.set("cache-control", "no-store");
  return res;
}
