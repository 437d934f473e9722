import { ADMIN } from "@/lib/auth/roles";
import { json, route } from "@/lib/http";
import { enqueueTest } from "@/lib/notify/outbox";

export const dynamic = "force-dynamic";

/** "Send test": a `test` message through the outbox, the same path real messages take (202: the worker sends it). */
export const POST = route<{ id: string }>(ADMIN, async (_req, { params }, who) => json({ delivery: await enqueueTest((await params).id, who.actor) }, { status: 202 }));
