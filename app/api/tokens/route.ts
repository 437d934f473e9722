import { SIGNED_IN } from "@/lib/auth/roles";
import { createToken, listTokens, TokenInputSchema } from "@/lib/auth/tokens";
import { json, readJson, route } from "@/lib/http";

export const dynamic = "force-dynamic";

/** Your own API tokens (a signed-in browser only: a token cannot mint tokens). */
export const GET = route(SIGNED_IN, async (_req, _ctx, who) => json({ items: await listTokens(who.userId) }));

/** The token value is in this response and nowhere else, ever. */
export const POST = route(SIGNED_IN, async (req, _ctx, who) => {
  const input = await readJson(req, TokenInputSchema);
  return json(await createToken(who.userId, input, who.actor), { status: 201, headers: { "cache-control": "no-store" } });
});
