import { handleSandbox, RESET_HEADER } from "@/lib/smoke/sandbox";

export const dynamic = "force-dynamic";

type Ctx = { params: Promise<{ path: string[] }> };

async function handle(req: Request, ctx: Ctx) {
  try {
    return await serve(req, ctx);
  } catch {
    // Like a provider: an OpenAI-style error envelope, never a stack trace.
    return Response.json({ error: { message: "The sandbox could not handle this request.", type: "server_error", param: null, code: null } }, { status: 500 });
  }
}

async function serve(req: Request, { params }: Ctx) {
  const res = await handleSandbox(req, (await params).path.join("/"));
  if (res.headers.get(RESET_HEADER)) {
    // NOTE: a route handler cannot reset the socket; a body stream that errors
    // after the headers is the closest a client can observe here. The
    // standalone sandbox (npm run sandbox) does a real reset.
    return new Response(new ReadableStream({ start: (c) => c.error(new Error("reset")) }), { status: 200 });
  }
  return res;
}

export const GET = handle;
export const POST = handle;
