import "server-only";
import { authorize, type Principal } from "@/lib/auth/principal";
import { PUBLIC, type PrivateAccess } from "@/lib/auth/roles";
import { NextResponse } from "next/server";
import { z } from "zod";
import { AppError, STATUS_BY_CODE, zodIssues, type ErrorEnvelope } from "@/lib/errors";
import { logger } from "@/lib/log";
import { readUpTo } from "@/lib/shared/bounded-body";
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

/**
 * Wrap a route handler: the caller is checked against `access` on the
 * server before anything runs (401 without credentials, 403 for a role or
 * token scope that may not, 403 for a cross-site cookie request), and any
 * thrown error goes through errorResponse. Public routes use publicRoute.
 */
export function route<P = Record<string, never>>(
  access: PrivateAccess,
  handler: (req: Request, ctx: Ctx<P>, who: Principal) => Promise<Response> | Response,
) {
  const wrapped = async (req: Request, ctx: Ctx<P>) => {
    try {
      const who = await authorize(req, access);
      return await handler(req, ctx, who);
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(wrapped, { access });
}

/** A route anyone may call (listed in the README's access table). */
export function publicRoute<P = Record<string, never>>(reason: string, handler: (req: Request, ctx: Ctx<P>) => Promise<Response> | Response) {
  const wrapped = async (req: Request, ctx: Ctx<P>) => {
    try {
      return await handler(req, ctx);
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(wrapped, { access: PUBLIC(reason) });
}

/** JSON bodies stop being read past this size (413 at once); no route needs more. */
export const MAX_JSON_BODY_BYTES = 256_000;

/**
 * Read a JSON body and parse it. Malformed JSON, invalid UTF-8 and lone
 * surrogates (`"\ud800"`, which SQLite and Prisma cannot store) are a 400,
 * never a 500; a body over the limit is a 413 before it is all read.
 */
export async function readJson<S extends z.ZodType>(req: Request, schema: S): Promise<z.output<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (type && !type.includes("application/json")) {
    throw new AppError("unsupported_media_type", "Send the body as application/json.");
  }
  const text = await readBodyText(req, MAX_JSON_BODY_BYTES);
  let data: unknown;
  try {
    data = text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "Body is not valid JSON.", [{ path: "(body)", message: "Malformed JSON" }]);
  }
  const bad = illFormedText(data);
  if (bad !== null) {
    throw new AppError("bad_request", `Invalid input: ${bad}.`, [{ path: bad, message: "Text contains malformed Unicode (a lone surrogate); send valid UTF-16 text." }]);
  }
  return parseWith(schema, data);
}

const tooLarge = (max: number) => new AppError("payload_too_large", `Body too large (${Math.round(max / 1000)} kB max).`);

/** The body as UTF-8 text, read chunk by chunk and abandoned at `max` bytes. */
async function readBodyText(req: Request, max: number): Promise<string> {
  if (Number(req.headers.get("content-length")) > max) throw tooLarge(max);
  const { bytes, truncated } = await readUpTo(req.body, max);
  if (truncated) throw tooLarge(max);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new AppError("bad_request", "Body is not valid UTF-8.", [{ path: "(body)", message: "Malformed UTF-8" }]);
  }
}

// In a `u` regex a surrogate pair is one code point, so \p{Cs} matches only lone halves.
const LONE_SURROGATE = /\p{Cs}/u;

/** The path of the first key or string that is not well-formed UTF-16, or null. */
function illFormedText(value: unknown, path: string[] = []): string | null {
  const at = () => path.join(".") || "(body)";
  if (typeof value === "string") return LONE_SURROGATE.test(value) ? at() : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const bad = illFormedText(v, [...path, String(i)]);
      if (bad !== null) return bad;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      if (LONE_SURROGATE.test(k)) return [...path, "(key)"].join(".");
      const bad = illFormedText(v, [...path, k]);
      if (bad !== null) return bad;
    }
  }
  return null;
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
