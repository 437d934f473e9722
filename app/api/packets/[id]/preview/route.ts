import { READ } from "@/lib/auth/roles";
import { route } from "@/lib/http";
import { REVIEWER_HEADERS } from "@/lib/packets/reviewer-html";
import { previewReviewerPage } from "@/lib/packets/service";

export const dynamic = "force-dynamic";

/** What a reviewer would see from a link created now (shown in the editor before sharing). */
export const GET = route<{ id: string }>(READ, async (_req, { params }) => {
  const page = await previewReviewerPage((await params).id);
  return new Response(page, { headers: { ...REVIEWER_HEADERS, "content-type": "text/html; charset=utf-8" } });
});
