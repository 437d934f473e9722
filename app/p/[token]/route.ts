import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { notFoundHtml, REVIEWER_HEADERS, reviewerHtml } from "@/lib/packets/reviewer-html";
import { openSharedPacket } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

const headers = { ...REVIEWER_HEADERS, "content-type": "text/html; charset=utf-8" };

/**
 * The reviewer page: server-rendered static HTML with no client script and
 * no dashboard shell. See docs/decisions/012-reviewer-page-static-html.md.
 */
export const GET = route<{ token: string }>(async (_req, { params }) => {
  try {
    const { document, version } = await openSharedPacket((await params).token);
    return new Response(reviewerHtml(document, version), { headers });
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return new Response(notFoundHtml(), { status: 404, headers });
    throw err;
  }
});
