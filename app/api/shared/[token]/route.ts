import { errorResponse, publicRoute } from "@/lib/http";
import { REVIEWER_HEADERS } from "@/lib/packets/reviewer-html";
import { renderedResponse, sharedJson } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

const headers = { ...REVIEWER_HEADERS, "content-type": "application/json; charset=utf-8" };

/** The shared version as JSON: the same document and hash as the reviewer page. A HEAD is not a view. */
function open(head: boolean) {
  return publicRoute<{ token: string }>("the share token is the capability", async (_req, { params }) => {
    try {
      return renderedResponse(await sharedJson((await params).token, { countView: !head }), headers, head);
    } catch (err) {
      const res = errorResponse(err);
      for (const [k, v] of Object.entries(REVIEWER_HEADERS)) res.headers.set(k, v);
      return head ? new Response(null, { status: res.status, headers: res.headers }) : res;
    }
  });
}

export const GET = open(false);
export const HEAD = open(true);
