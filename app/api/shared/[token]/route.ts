import { errorResponse, route } from "@/lib/http";
import { REVIEWER_HEADERS } from "@/lib/packets/reviewer-html";
import { renderedResponse, sharedJson } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

const headers = { ...REVIEWER_HEADERS, "content-type": "application/json; charset=utf-8" };

/** The shared version as JSON: the same document and hash as the reviewer page. */
export const GET = route<{ token: string }>(async (_req, { params }) => {
  try {
    return renderedResponse(await sharedJson((await params).token), headers);
  } catch (err) {
    const res = errorResponse(err);
    for (const [k, v] of Object.entries(REVIEWER_HEADERS)) res.headers.set(k, v);
    return res;
  }
});
