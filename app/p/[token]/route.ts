import { AppError } from "@/lib/errors";
import { route } from "@/lib/http";
import { notFoundHtml, REVIEWER_HEADERS } from "@/lib/packets/reviewer-html";
import { rememberForFastPath } from "@/lib/packets/fast-path";
import { renderedResponse, sharedPage, takeOpenedLink } from "@/lib/packets/share";

export const dynamic = "force-dynamic";

const headers = { ...REVIEWER_HEADERS, "content-type": "text/html; charset=utf-8" };

/**
 * The reviewer page: server-rendered static HTML with no client script and
 * no dashboard shell. See docs/decisions/012-reviewer-page-static-html.md.
 */
export const GET = route<{ token: string }>(async (_req, { params }) => {
  try {
    const { token } = await params;
    const page = await sharedPage(token);
    const link = takeOpenedLink(token);
    if (link) rememberForFastPath(token, link, page.text, headers);
    return renderedResponse(page, headers);
  } catch (err) {
    if (err instanceof AppError && err.code === "not_found") return new Response(notFoundHtml(), { status: 404, headers });
    throw err;
  }
});
