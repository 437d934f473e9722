import { AppError } from "@/lib/errors";
import { publicRoute } from "@/lib/http";
import { notFoundHtml } from "@/lib/packets/reviewer-html";
import { PAGE_HEADERS, reviewerFastPath } from "@/lib/packets/fast-path";
import { renderedResponse, sharedPage } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

// NOTE: loading this route registers the production server's fast path (decision 044).
void reviewerFastPath;

/**
 * The reviewer page: server-rendered static HTML with no client script and
 * no dashboard shell. See docs/decisions/012-reviewer-page-static-html.md.
 * A HEAD answers like a GET without a body and is not counted as a view.
 */
function open(head: boolean) {
  return publicRoute<{ token: string }>("the share token is the capability", async (_req, { params }) => {
    try {
      const { token } = await params;
      const { html } = await sharedPage(token, { countView: !head });
      return renderedResponse(html, PAGE_HEADERS, head);
    } catch (err) {
      if (err instanceof AppError && err.code === "not_found") return new Response(head ? null : notFoundHtml(), { status: 404, headers: PAGE_HEADERS });
      throw err;
    }
  });
}

export const GET = open(false);
export const HEAD = open(true);
