import "server-only";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, STATUS_BY_CODE, zodIssues, type ErrorEnvelope } from "@/lib/errors";
import { logger } from "@/lib/log";
import { redactSecrets } from "@/lib/shared/secret-guard";

/** The one place errors become responses. */
export function errorResponse(err: unknown): NextResponse<ErrorEnvelope> {
  if (err instanceof AppError) {
    const body: ErrorEnvelope = { error: { code: err.code, message: err.message } };
    if (err.issues?.length) body.error.issues = err.issues;
    return NextResponse.json(body, { status: STATUS_BY_CODE[err.code] });
  }
  // NOTE: client input is parsed only through parseWith/readJson/readQuery,
  // which turn a ZodError into a 400 AppError. A ZodError that reaches here
  // came from parsing our own data (a stored row, a response): a server
  // fault, logged by issue path (never values) and answered as a 500.
  if (err instanceof z.ZodError) {
    logger.error({ err: { name: "ZodError", paths: zodIssues(err).map((i) => i.path).slice(0, 20) } }, "unhandled error");
    return NextResponse.json({ error: { code: "internal", message: "Internal error. The server log has details." } }, { status: 500 });
  }
  // NOTE: driver messages can quote query arguments; log them redacted and bounded.
  const e = err as { name?: string; code?: string; message?: string };
  logger.error({ err: { name: e?.name ?? "Error", code: e?.code, message: redactSecrets(String(e?.message ?? err)).slice(0, 300) } }, "unhandled error");
  return NextResponse.json({ error: { code: "internal", message: "Internal error. The server log has details." } }, { status: 500 });
}

type Ctx<P> = { params: Promise<P> };

/** Wrap a route handler so any thrown error goes through errorResponse. */
export function route<P = Record<string, never>>(
  handler: (req: Request, ctx: Ctx<P>) => Promise<Response> | Response,
) {
  return async (req: Request, ctx: Ctx<P>) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
}

/** Read a JSON body and parse it; malformed JSON is a 400, never a 500. */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (type && !type.includes("application/json")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await req.text();
  if (text.length > 256_000) throw new AppError("bad_request", "Body too large (256 kB max).");
  let data: unknown;
  try {
    data = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON.", [{ path: "(body)", message: "Malformed JSON" }]);
  }
  return parseWith(schema, data);
}

export function parseWith<S extends z.ZodType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = zodIssues(result.error);
    throw new AppError("bad_request", `Invalid input: ${issues.map((i) => i.path).join(", ")}.`, issues);
  }
  return result.data;
}

/** Parse URL search params (first value per key) with a schema. */
export function readQuery<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const params = Object.fromEntries(new URL(req.url).searchParams.entries());
  return parseWith(schema, params);
}

export function json<T>(data: T, init?: ResponseInit) {
  return NextResponse.json(data, init);
}
